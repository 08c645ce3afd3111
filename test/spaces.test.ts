import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commissionSpace, decommissionSpace, Kernel, Request, RocError, StandardSpace, type RequestContext } from '../kernel/index.ts';
import { BranchMerge } from '../spaces/branch-merge.ts';
import { buildDeclarativeRequest } from '../spaces/declarative-request.ts';
import { DynamicImport, SimpleImportDiscovery, DEPLOYMENT_THREAD, type RootspaceRegistry } from '../spaces/dynamic-import.ts';
import { Fileset } from '../spaces/fileset.ts';
import { Import } from '../spaces/import.ts';
import { limiter } from '../spaces/limiter.ts';
import { literal } from '../spaces/literal.ts';
import { Mapper } from '../spaces/mapper.ts';
import { PluggableOverlay } from '../spaces/pluggable-overlay.ts';
import { Rootspace } from '../spaces/rootspace.ts';

const filesRoot = new URL('./fixtures/files/', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'roc-fileset-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('literal', () => {
  it('serves a fixed value with a mime type', async () => {
    const kernel = new Kernel();
    kernel.mount(literal('res:/greeting', 'Hello', { mimeType: 'text/plain' }));
    const r = await kernel.request(new Request('res:/greeting'));
    expect(r.representation).toBe('Hello');
    expect(r.mimeType).toBe('text/plain');
    expect(await kernel.exists('res:/greeting')).toBe(true);
  });
});

describe('fileset', () => {
  it('serves module files by regex and rewrite, with mime types', async () => {
    const kernel = new Kernel();
    kernel.mount(new Fileset({ root: filesRoot, regex: 'res:/css/(.*)', rewrite: 'res:/$1' }));
    kernel.mount(new Fileset({ root: filesRoot, glob: 'sub/*.txt' }));
    const css = await kernel.request(new Request('res:/css/style.css'));
    expect(css.mimeType).toBe('text/css');
    expect(Buffer.from(css.representation as Uint8Array).toString()).toContain('color: red');
    expect(await kernel.source('res:/sub/hello.txt', { as: 'string' })).toBe('hello file\n');
    expect(await kernel.exists('res:/sub/nothing.txt')).toBe(false);
  });

  it('never escapes the module folder: .., encoded .., absolute paths and symlinks out', async () => {
    mkdirSync(join(temp, 'mod'), { recursive: true });
    writeFileSync(join(temp, 'secret.txt'), 'secret');
    writeFileSync(join(temp, 'mod', 'ok.txt'), 'ok');
    symlinkSync(join(temp, 'secret.txt'), join(temp, 'mod', 'link.txt'));
    const kernel = new Kernel();
    kernel.mount(new Fileset({ root: join(temp, 'mod'), regex: 'res:/f/(.*)', rewrite: 'res:/$1' }));
    expect(await kernel.source('res:/f/ok.txt', { as: 'string' })).toBe('ok');
    for (const id of ['res:/f/../secret.txt', 'res:/f/%2e%2e/secret.txt', 'res:/f/%2E%2E%2Fsecret.txt', 'res:/f/link.txt', `res:/f/${join(temp, 'secret.txt')}`, 'res:/f/..%5csecret.txt']) {
      const error = await kernel.source(id).catch((e: unknown) => e);
      expect(error, id).toBeInstanceOf(RocError);
      expect((error as RocError).code, id).toBe('ROC_ERR_RESOLUTION');
    }
  });

  it('a mutable fileset writes and deletes, and invalidates cached reads', async () => {
    const kernel = new Kernel();
    kernel.mount(new Fileset({ root: temp, regex: 'res:/data/.*', mutable: true }));
    await kernel.sink('res:/data/note.txt', 'one');
    expect(await kernel.source('res:/data/note.txt', { as: 'string' })).toBe('one');
    await kernel.sink('res:/data/note.txt', 'two');
    expect(await kernel.source('res:/data/note.txt', { as: 'string' })).toBe('two');
    expect(await kernel.delete('res:/data/note.txt')).toBe(true);
    expect(await kernel.exists('res:/data/note.txt')).toBe(false);
  });

  it('rejects a regex that does not compile', () => {
    expect(() => new Fileset({ root: temp, regex: 'res:/(' })).toThrowError(RocError);
  });
});

function greeter(space: StandardSpace) {
  space.mount({
    id: 'greeter',
    grammar: { active: { identifier: 'active:greet', arguments: [{ name: 'name' }, { name: 'greeting', min: 0, max: 1 }] } },
    onSource: async (ctx: RequestContext) => {
      const greeting = ctx.thisRequest.argumentExists('greeting') ? await ctx.source('arg:greeting') : 'Hello';
      return `${greeting}, ${await ctx.source('arg:name')}!`;
    },
  });
}

describe('mapper and declarative requests', () => {
  it('maps simple and active grammars to requests into its space, which stays hidden', async () => {
    const kernel = new Kernel();
    const impl = new StandardSpace('urn:impl');
    greeter(impl);
    impl.mount(literal('res:/name', 'world'));
    kernel.mount(
      new Mapper({
        space: impl,
        config: [
          { id: 'hello', grammar: { simple: 'res:/hello/{who}' }, request: { identifier: 'active:greet', arguments: [{ name: 'name', identifier: 'data:text/plain,[[arg:who]]' }] }, headers: [{ name: 'mime', value: 'text/plain' }] },
          { id: 'default', grammar: 'res:/hello', request: { identifier: 'active:greet', arguments: [{ name: 'name', identifier: 'res:/name' }, { name: 'greeting', literal: 'Hi' }] } },
          { id: 'wrapped', grammar: { active: { identifier: 'active:wrap', arguments: [{ name: 'name' }] } }, request: { identifier: 'active:greet', arguments: [{ name: 'name', identifier: 'arg:name' }] } },
        ],
      }),
    );
    const hello = await kernel.request(new Request('res:/hello/ada'));
    expect(hello.representation).toBe('Hello, ada!');
    expect(hello.mimeType).toBe('text/plain');
    expect(await kernel.source('res:/hello')).toBe('Hi, world!');
    expect(await kernel.source('active:wrap+name@data:text/plain,bob')).toBe('Hello, bob!');
    await expect(kernel.source('active:greet+name@res:/x')).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
  });

  it('loads a config when commissioned (a config resource or a computed one)', async () => {
    const kernel = new Kernel();
    const impl = new StandardSpace('urn:impl');
    greeter(impl);
    const mapper = new Mapper({
      space: impl,
      config: async (k, scope) => {
        const names = (await k.source('res:/config-names', { scope: scope.push(configSpace) })) as string[];
        return names.map((n) => ({ grammar: `res:/greet-${n}`, request: { identifier: `active:greet+name@data:text/plain,${n}` } }));
      },
    });
    const configSpace = new StandardSpace('urn:config');
    configSpace.mount(literal('res:/config-names', ['x', 'y']));
    const app = new StandardSpace('urn:app');
    app.mount(mapper);
    await commissionSpace(kernel, app);
    expect(await kernel.source('res:/greet-y', { scope: app })).toBe('Hello, y!');
  });

  it('builds meta: identifiers from another endpoint grammar, varargs and headers', async () => {
    const kernel = new Kernel();
    const seen: unknown[] = [];
    kernel.mount({ id: 'target', grammar: { simple: 'res:/users/{id}/posts/{post}' }, onSource: (ctx) => (seen.push(ctx.thisRequest.getHeader('h')), ctx.thisRequest.identifier) });
    kernel.mount({ grammar: { active: { identifier: 'active:echo', arguments: [{ name: 'a' }], varargs: true } }, onSource: (ctx) => ctx.thisRequest.argumentNames.join(',') });
    kernel.mount({
      grammar: { active: { identifier: 'active:probe', arguments: [{ name: 'id' }], varargs: true } },
      onSource: async (ctx) => {
        const meta = await ctx.issueRequest(buildDeclarativeRequest({ identifier: 'meta:target', arguments: [{ name: 'id', identifier: 'arg:id' }, { name: 'post', identifier: '9' }], headers: [{ name: 'h', value: 'v' }] }, ctx));
        const passed = await ctx.issueRequest(buildDeclarativeRequest({ identifier: 'active:echo', arguments: [{ name: 'a', identifier: 'x:1' }], varargs: true }, ctx));
        return [meta, passed];
      },
    });
    expect(await kernel.source('active:probe+id@7+extra@x:2')).toEqual(['res:/users/7/posts/9', 'a,id,extra']);
    expect(seen).toEqual(['v']);
  });
});

describe('pluggable-overlay', () => {
  function app() {
    const inner = new StandardSpace('urn:inner');
    inner.mount('res:/page', () => 'page');
    inner.mount('res:/fails', () => {
      throw new Error('inner failure');
    });
    return inner;
  }
  const common = (outer: StandardSpace) => {
    outer.mount({ grammar: { active: { identifier: 'active:pre', arguments: [{ name: 'request' }] } }, onSource: async (ctx) => {
      const request = (await ctx.source('arg:request')) as Request;
      return request.identifier.endsWith('/blocked') ? 'blocked by pre' : request;
    } });
    outer.mount({ grammar: { active: { identifier: 'active:post', arguments: [{ name: 'response' }] } }, onSource: async (ctx) => `[${((await ctx.source('arg:response')) as { representation: string }).representation}]` });
    outer.mount({ grammar: { active: { identifier: 'active:onError', arguments: [{ name: 'exception' }] } }, onSource: async (ctx) => `error page: ${((await ctx.source('arg:exception')) as Error).message}` });
  };

  it('pre-processes (and may answer), post-processes and handles exceptions with ordinary requests', async () => {
    const kernel = new Kernel();
    const inner = app();
    inner.mount('res:/blocked', () => 'should not be reached');
    common(kernel.space);
    kernel.mount(new PluggableOverlay({
      space: inner,
      preProcess: { identifier: 'active:pre', arguments: [{ name: 'request', identifier: 'arg:request' }] },
      postProcess: { identifier: 'active:post', arguments: [{ name: 'response', identifier: 'arg:response' }] },
      exceptionProcess: { identifier: 'active:onError', arguments: [{ name: 'exception', identifier: 'arg:exception' }] },
    }));
    expect(await kernel.source('res:/page')).toBe('[page]');
    expect(await kernel.source('res:/blocked')).toBe('blocked by pre');
    expect(await kernel.source('res:/fails')).toMatch(/^error page: .*inner failure/);
  });

  it('branch-merge sends only the targeted endpoints through its overlay', async () => {
    const kernel = new Kernel();
    const inner = new StandardSpace('urn:inner');
    inner.mount({ id: 'topic', grammar: 'res:/topic', onSource: () => 'topic' });
    inner.mount({ id: 'other', grammar: 'res:/other', onSource: () => 'other' });
    common(kernel.space);
    kernel.mount(new BranchMerge({
      space: inner,
      branches: [{ name: 'RecordTopicView', overlay: 'Record', targets: ['topic'] }],
      overlays: [{ name: 'Record', postProcess: { identifier: 'active:post', arguments: [{ name: 'response', identifier: 'arg:response' }] } }],
    }));
    expect(await kernel.source('res:/topic')).toBe('[topic]');
    expect(await kernel.source('res:/other')).toBe('other');
  });
});

describe('limiter, private filter, rootspace', () => {
  it('a limiter absorbs identifiers so they never reach outer scopes', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/etc/system/Leak.xml', () => 'leaked');
    const app = new StandardSpace('urn:app');
    app.mount(literal('res:/etc/system/Mine.xml', 'mine'));
    app.mount(limiter({ standard: ['res:/etc/system', { regexType: 'anything' }] }));
    const scope = kernel.scopeFor().push(app);
    expect(await kernel.source('res:/etc/system/Mine.xml', { scope })).toBe('mine');
    await expect(kernel.source('res:/etc/system/Leak.xml', { scope })).rejects.toMatchObject({ code: 'ROC_ERR_ENDPOINT' });
  });

  it('private-filter="false" shows private endpoints through imports', async () => {
    const kernel = new Kernel();
    const open = new Rootspace({ uri: 'urn:open', privateFilter: false });
    open.mount({ grammar: 'res:/p', private: true, onSource: () => 'private but open' });
    kernel.space.mount(new Import(open));
    expect(await kernel.source('res:/p')).toBe('private but open');
  });
});

describe('dynamic import and lifecycle', () => {
  it('imports every public rootspace whose hook names the fulcrum type, and follows deployment changes', async () => {
    const kernel = new Kernel();
    const spaces: Rootspace[] = [];
    const listeners = new Set<() => void>();
    const registry: RootspaceRegistry = {
      publicRootspaces: () => spaces.filter((s) => s.public),
      find: (uri) => spaces.find((s) => s.uri === uri),
      onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    };
    const deploy = async (space: Rootspace) => {
      spaces.push(space);
      await kernel.source(`active:cutGoldenThread+id@${DEPLOYMENT_THREAD}`);
      for (const l of listeners) l();
      await new Promise((r) => setTimeout(r, 10));
    };
    const appFor = (uri: string, type: string, isPublic = true) => {
      const s = new Rootspace({ uri, public: isPublic });
      s.mount(literal('res:/etc/system/SimpleDynamicImportHook.xml', `<connection><type>${type}</type></connection>`));
      s.mount(`res:/${uri.split(':').pop()}`, () => `from ${uri}`);
      return s;
    };
    spaces.push(appFor('urn:app:one', 'HTTPFulcrum'), appFor('urn:app:other', 'Elsewhere'), appFor('urn:app:hidden', 'HTTPFulcrum', false));
    const fulcrum = new StandardSpace('urn:fulcrum');
    fulcrum.mount(new SimpleImportDiscovery(registry, { type: 'HTTPFulcrum' }));
    fulcrum.mount(new DynamicImport(registry, { config: 'active:SimpleImportDiscovery' }));
    await commissionSpace(kernel, fulcrum);
    expect(await kernel.source('res:/one', { scope: fulcrum })).toBe('from urn:app:one');
    await expect(kernel.source('res:/other', { scope: fulcrum })).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
    await expect(kernel.source('res:/hidden', { scope: fulcrum })).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
    await deploy(appFor('urn:app:two', 'HTTPFulcrum'));
    expect(await kernel.source('res:/two', { scope: fulcrum })).toBe('from urn:app:two');
    await decommissionSpace(kernel, fulcrum);
  });

  it('commissions in order and rolls back what was commissioned when one fails', async () => {
    const kernel = new Kernel();
    const log: string[] = [];
    const space = new StandardSpace('urn:lifecycle');
    space.mount({ id: 'a', grammar: 'res:/a', onSource: () => 1, commission: () => void log.push('up a'), decommission: () => void log.push('down a') });
    space.mount({ id: 'b', grammar: 'res:/b', onSource: () => 1, commission: async () => { log.push('up b'); throw new Error('b cannot start'); }, decommission: () => void log.push('down b') });
    await expect(commissionSpace(kernel, space)).rejects.toThrow('b cannot start');
    expect(log).toEqual(['up a', 'up b', 'down a']);
  });
});
