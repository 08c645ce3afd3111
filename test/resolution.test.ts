import { describe, expect, it } from 'vitest';
import { Kernel, RocError, Scope, StandardSpace, topologyChanged, type RequestContext, type Resolution, type ResolutionContext, type Space } from '../kernel/index.ts';
import { Import } from '../spaces/import.ts';
import { OpaqueOverlay, TransparentOverlay } from '../spaces/overlay.ts';

async function failure(p: Promise<unknown>): Promise<RocError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RocError);
    return e as RocError;
  }
  throw new Error('expected a failure');
}

describe('resolution (spec §4)', () => {
  it('asks endpoints in declaration order: the first grammar match wins', async () => {
    const kernel = new Kernel();
    kernel.mount({ grammar: { simple: 'res:/item/{id}' }, onSource: (ctx) => `general ${ctx.thisRequest.argumentValue('id')}` });
    kernel.mount('res:/item/special', () => 'special');
    expect(await kernel.source('res:/item/special')).toBe('general special');
  });

  it('asks the scope nearest first', async () => {
    const kernel = new Kernel();
    const outer = new StandardSpace('urn:outer');
    const near = new StandardSpace('urn:near');
    outer.mount('res:/who', () => 'outer');
    outer.mount('res:/only-outer', () => 'found in outer');
    near.mount('res:/who', () => 'near');
    const scope = kernel.scopeFor(outer).push(near);
    expect(await kernel.source('res:/who', { scope })).toBe('near');
    expect(await kernel.source('res:/only-outer', { scope })).toBe('found in outer');
  });

  it('skips a match that lacks the verb and keeps looking', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/doc', () => 'read-only');
    kernel.mount({ grammar: 'res:/doc', onSink: () => undefined, onSource: () => 'writable' });
    expect(await kernel.source('res:/doc')).toBe('read-only');
    await kernel.sink('res:/doc', 'x'); // resolves to the second endpoint
  });

  it('says "verb not supported" with the verbs that would have worked, not a resolution failure', async () => {
    const kernel = new Kernel();
    kernel.mount({ grammar: 'res:/doc', onSource: () => 'a', onExists: () => true });
    const error = await failure(kernel.delete('res:/doc'));
    expect(error.code).toBe('ROC_ERR_VERB');
    expect(error.details.supported).toBe('SOURCE, EXISTS');
    expect(error.message).toContain('DELETE');
  });

  it('a resolution failure names the identifier, the verb and the spaces asked', async () => {
    const kernel = new Kernel();
    const lib = new StandardSpace('urn:lib');
    kernel.space.mount(new Import(lib));
    const error = await failure(kernel.exists('res:/nowhere'));
    expect(error.code).toBe('ROC_ERR_RESOLUTION');
    expect(error.message).toContain('res:/nowhere');
    expect(error.message).toContain('EXISTS');
    expect(error.details.spaces).toBe('urn:roc:kernel:space, urn:lib, urn:roc:kernel:builtins');
  });

  it('imports resolve into the imported space, whose endpoints then see their own siblings first', async () => {
    const kernel = new Kernel();
    const lib = new StandardSpace('urn:lib');
    lib.mount('res:/name', () => 'library name');
    lib.mount('res:/greeting', async (ctx) => `hello from ${await ctx.source('res:/name')}`);
    kernel.mount('res:/name', () => 'app name');
    kernel.space.mount(new Import(lib));
    expect(await kernel.source('res:/greeting')).toBe('hello from library name');
    expect(await kernel.source('res:/name')).toBe('app name');
  });

  it('an imported endpoint still reaches the importer through the evaluation scope', async () => {
    const kernel = new Kernel();
    const lib = new StandardSpace('urn:lib');
    lib.mount('res:/wrap', async (ctx) => `[${await ctx.source('res:/config')}]`);
    kernel.mount('res:/config', () => 'app config');
    kernel.space.mount(new Import(lib));
    expect(await kernel.source('res:/wrap')).toBe('[app config]');
  });

  it('hides private endpoints and private imports from requests arriving through an import', async () => {
    const kernel = new Kernel();
    const inner = new StandardSpace('urn:inner');
    inner.mount('res:/deep', () => 'deep');
    const lib = new StandardSpace('urn:lib');
    lib.mount({ grammar: 'res:/secret', private: true, onSource: () => 'secret' });
    lib.mount('res:/public', async (ctx) => `public sees ${await ctx.source('res:/secret')} and ${await ctx.source('res:/deep')}`);
    lib.mount(new Import(inner, { private: true }));
    kernel.space.mount(new Import(lib));
    expect(await kernel.source('res:/public')).toBe('public sees secret and deep');
    expect((await failure(kernel.source('res:/secret'))).code).toBe('ROC_ERR_RESOLUTION');
    expect((await failure(kernel.source('res:/deep'))).code).toBe('ROC_ERR_RESOLUTION');
    // Asked directly (its own scope), the space sees everything.
    expect(await kernel.source('res:/secret', { scope: lib })).toBe('secret');
  });

  it('terminates on circular imports', async () => {
    const kernel = new Kernel();
    const a = new StandardSpace('urn:a');
    const b = new StandardSpace('urn:b');
    a.mount(new Import(b));
    b.mount(new Import(a));
    b.mount('res:/in-b', () => 'b');
    expect(await kernel.source('res:/in-b', { scope: a })).toBe('b');
    const error = await failure(kernel.source('res:/in-neither', { scope: a }));
    expect(error.code).toBe('ROC_ERR_RESOLUTION');
    expect(error.details.spaces).toBe('urn:a, urn:b, urn:roc:kernel:builtins');
  });

  it('a transparent overlay sees every request into its space, may rewrite it, inject spaces and post-process', async () => {
    const kernel = new Kernel();
    const inner = new StandardSpace('urn:inner');
    inner.mount({ grammar: { simple: 'res:/page/{name}' }, onSource: async (ctx) => `${ctx.thisRequest.argumentValue('name')} for ${await ctx.source('state:/user')}` });
    const injected = new StandardSpace('urn:injected');
    injected.mount('state:/user', () => 'alice');
    const seen: string[] = [];
    kernel.space.mount(
      new TransparentOverlay({
        space: inner,
        accepts: (id) => id.startsWith('web:/'),
        onRequest: (request) => {
          seen.push(request.identifier);
          return request.clone(request.identifier.replace('web:/', 'res:/page/'));
        },
        inject: () => [injected],
        onResponse: (response) => response.setHeader('x-overlay', 'yes'),
      }),
    );
    const response = await kernel.request(kernel.createRequest('web:/home'));
    expect(response.representation).toBe('home for alice');
    expect(response.getHeader('x-overlay')).toBe('yes');
    expect(seen).toEqual(['web:/home']);
    // The injected space is not visible outside the overlay.
    expect((await failure(kernel.source('state:/user'))).code).toBe('ROC_ERR_RESOLUTION');
  });

  it('an opaque overlay exposes only its declared endpoints', async () => {
    const kernel = new Kernel();
    const inner = new StandardSpace('urn:inner');
    inner.mount({ grammar: { simple: 'impl:/owner/{id}' }, onSource: (ctx) => ({ owner: ctx.thisRequest.argumentValue('id') }) });
    kernel.space.mount(
      new OpaqueOverlay(inner, [{ id: 'owners', grammar: { simple: 'res:/owners/{id}' }, request: (ctx) => `impl:/owner/${ctx.thisRequest.argumentValue('id')}` }]),
    );
    expect(await kernel.source('res:/owners/7')).toEqual({ owner: '7' });
    expect((await failure(kernel.source('impl:/owner/7'))).code).toBe('ROC_ERR_RESOLUTION');
  });

  it('caches resolutions per scope until the topology changes', async () => {
    const kernel = new Kernel();
    let asked = 0;
    const endpoint = new StandardSpace('urn:holder').mount('x:/y', () => 'y');
    const counting: Space = {
      id: 'urn:counting',
      resolve(rc: ResolutionContext): Resolution | undefined {
        asked++;
        return rc.identifier === 'x:/y' ? rc.match(endpoint, []) : undefined;
      },
    };
    const scope = kernel.scopeFor(counting);
    await kernel.source('x:/y', { scope });
    await kernel.source('x:/y', { scope });
    expect(asked).toBe(1);
    topologyChanged();
    await kernel.source('x:/y', { scope });
    expect(asked).toBe(2);
    expect(kernel.scopeFor(counting)).toBe(scope); // scopes are interned
  });

  it('mounting a new endpoint is seen at once despite the resolution cache', async () => {
    const kernel = new Kernel();
    kernel.mount({ grammar: { simple: 'res:/{x}' }, onSource: () => 'catch-all' });
    expect(await kernel.source('res:/a')).toBe('catch-all');
    const space = new StandardSpace('urn:front');
    space.mount('res:/a', () => 'specific');
    const scope = kernel.scopeFor().push(space);
    expect(await kernel.source('res:/a', { scope })).toBe('specific');
    kernel.space.unmount(kernel.space.endpoints[0]!);
    await expect(kernel.source('res:/a')).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
  });

  it('a custom Space is mounted and imported like a built-in one', async () => {
    const kernel = new Kernel();
    const squareEndpoint = new StandardSpace('urn:tmp').mount({ grammar: { simple: 'square:{n}' }, onSource: (ctx) => Number(ctx.thisRequest.argumentValue('n')) ** 2 });
    const squares: Space = {
      id: 'urn:squares',
      resolve: (rc) => {
        const m = /^square:(\d+)$/.exec(rc.identifier);
        return m ? rc.match(squareEndpoint, [['n', m[1]!]]) : undefined;
      },
    };
    kernel.space.mount(new Import(squares));
    kernel.mount('res:/sum', async (ctx: RequestContext) => (await ctx.source('square:3')) as number + ((await ctx.source('square:4')) as number));
    expect(await kernel.source('res:/sum')).toBe(25);
    expect(Scope.of(squares).toString()).toBe('urn:squares');
  });

  it('passes by injected spaces that do not claim an identifier, keeping the resolution cache of the scope beneath', async () => {
    const kernel = new Kernel();
    let asked = 0;
    const endpoint = new StandardSpace('urn:holder').mount({ grammar: 'x:/page', onSource: (ctx) => ctx.source('req:/who') });
    const app: Space = { id: 'urn:app', resolve: (rc) => (rc.identifier === 'x:/page' ? (asked++, rc.match(endpoint, [], app)) : undefined) };
    const base = kernel.scopeFor(app);
    const answers = new Map(['ada', 'bob', 'cy'].map((who) => [who, new StandardSpace().mount('req:/who', () => who)]));
    for (const who of ['ada', 'bob', 'cy']) {
      // A new space per request, as the HTTP bridge injects httpRequest: spaces.
      const perRequest: Space = {
        id: 'per-request',
        claims: (id) => id.startsWith('req:'),
        resolve: (rc) => (rc.identifier === 'req:/who' ? rc.match(answers.get(who)!, []) : undefined),
      };
      expect(await kernel.source('x:/page', { scope: base.push(perRequest) })).toBe(who);
    }
    expect(asked).toBe(1); // x:/page resolved once, beneath the per-request spaces
  });
});
