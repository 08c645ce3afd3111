import { describe, expect, it } from 'vitest';
import { Kernel, Request, Response, StandardSpace, isPromiseLike, type EndpointDefinition, type RequestContext } from '../kernel/index.ts';
import { Import } from '../spaces/import.ts';

describe('endpoint API (spec §5)', () => {
  it('mounts classes, plain objects and SOURCE functions', async () => {
    class Hello implements EndpointDefinition {
      grammar = { simple: 'res:/hello/{name}' };
      onSource(ctx: RequestContext) {
        return `Hello ${ctx.thisRequest.argumentValue('name')}`;
      }
    }
    const kernel = new Kernel();
    kernel.mount(new Hello());
    kernel.mount({ grammar: 'res:/object', onSource: () => 'from an object' });
    kernel.mount('res:/fn', () => 'from a function');
    expect(await kernel.source('res:/hello/ada')).toBe('Hello ada');
    expect(await kernel.source('res:/object')).toBe('from an object');
    expect(await kernel.source('res:/fn')).toBe('from a function');
    expect(kernel.space.endpoints[0]!.id).toBe('Hello');
  });

  it('dispatches each verb to its handler, and onRequest for all declared verbs', async () => {
    const store = new Map<string, unknown>();
    const kernel = new Kernel();
    kernel.mount({
      grammar: { simple: 'mem:/{key}' },
      onSource: (ctx) => store.get(ctx.thisRequest.argumentValue('key')!),
      onSink: async (ctx) => void store.set(ctx.thisRequest.argumentValue('key')!, await ctx.sourcePrimary()),
      onExists: (ctx) => store.has(ctx.thisRequest.argumentValue('key')!),
      onDelete: (ctx) => store.delete(ctx.thisRequest.argumentValue('key')!),
      onNew: (ctx) => {
        const key = `n${store.size}`;
        store.set(key, ctx.thisRequest.primary);
        return `mem:/${key}`;
      },
    });
    const verbsSeen: string[] = [];
    kernel.mount({ grammar: 'res:/any', verbs: ['SOURCE', 'SINK', 'DELETE'], onRequest: (ctx) => void verbsSeen.push(ctx.thisRequest.verb) });

    await kernel.sink('mem:/a', 1);
    expect(await kernel.source('mem:/a')).toBe(1);
    expect(await kernel.exists('mem:/a')).toBe(true);
    const created = await kernel.new('mem:/new', 'fresh');
    expect(await kernel.source(created as string)).toBe('fresh');
    expect(await kernel.delete('mem:/a')).toBe(true);
    expect(await kernel.exists('mem:/a')).toBe(false);
    await kernel.source('res:/any');
    await kernel.sink('res:/any', 'x');
    await kernel.delete('res:/any');
    expect(verbsSeen).toEqual(['SOURCE', 'SINK', 'DELETE']);
  });

  it('answers META with the endpoint description unless it answers itself', async () => {
    const kernel = new Kernel();
    kernel.mount({ id: 'greeter', grammar: { simple: 'res:/greet/{name}' }, description: 'says hello', onSource: () => 'hi' });
    expect(await kernel.meta('res:/greet/x')).toEqual({ id: 'greeter', grammar: 'res:/greet/{name}', verbs: ['SOURCE', 'META'], description: 'says hello' });
  });

  it('gives the context source/sink/exists/delete/new/transrept and request builders', async () => {
    const kernel = new Kernel();
    const log: unknown[] = [];
    kernel.mount({ grammar: 'res:/target', onSource: () => 'target', onSink: (ctx) => void log.push(['sink', ctx.thisRequest.primary]), onExists: () => true, onDelete: () => true, onNew: () => 'res:/created' });
    kernel.mount('res:/all', async (ctx) => {
      const req = ctx.createRequest('res:/target').setVerb('SINK').addPrimaryArgument('via builder').setHeader('h', 1);
      await ctx.issueRequest(req);
      await ctx.sink('res:/target', 'via sink');
      return {
        source: await ctx.source('res:/target'),
        bytes: await ctx.source('res:/target', 'bytes'),
        exists: await ctx.exists('res:/target'),
        deleted: await ctx.delete('res:/target'),
        created: await ctx.new('res:/target'),
        converted: await ctx.transrept('text', 'bytes'),
        response: (await ctx.issueRequestForResponse(ctx.createRequest('data:text/html,<b>x</b>'))).mimeType,
        async: await ctx.issueAsyncRequest(ctx.createRequest('res:/target')).join(),
      };
    });
    const all = (await kernel.source('res:/all')) as Record<string, unknown>;
    expect(all.source).toBe('target');
    expect(Buffer.from(all.bytes as Uint8Array).toString()).toBe('target');
    expect(all.exists).toBe(true);
    expect(all.deleted).toBe(true);
    expect(all.created).toBe('res:/created');
    expect(Buffer.from(all.converted as Uint8Array).toString()).toBe('text');
    expect(all.response).toBe('text/html');
    expect(all.async).toBe('target');
    expect(log).toEqual([['sink', 'via builder'], ['sink', 'via sink']]);
  });

  it('passes arguments by reference, by value and by request; arg:NAME resolves each the same way', async () => {
    const kernel = new Kernel();
    const lib = new StandardSpace('urn:lib');
    lib.mount({
      grammar: { active: { identifier: 'active:upper', arguments: [{ name: 'operand' }] } },
      onSource: async (ctx) => {
        expect(ctx.thisRequest.argumentExists('operand')).toBe(true);
        return String(await ctx.source('arg:operand')).toUpperCase();
      },
    });
    kernel.space.mount(new Import(lib));
    kernel.mount('res:/name', () => 'ada');
    let evaluations = 0;
    kernel.mount('res:/counted', () => `count ${++evaluations}`);

    expect(await kernel.source('active:upper+operand@res:/name')).toBe('ADA');
    expect((await kernel.request(new Request('active:upper').addArgument('operand', 'res:/name'))).representation).toBe('ADA');
    expect((await kernel.request(new Request('active:upper').addArgumentByValue('operand', 'grace'))).representation).toBe('GRACE');
    const byRequest = new Request('active:upper').addArgumentByRequest('operand', new Request('res:/counted'));
    expect(evaluations).toBe(0); // lazily: nothing evaluated until the receiver reads it
    expect((await kernel.request(byRequest)).representation).toBe('COUNT 1');
  });

  it('a by-value argument is resolved inside the receiver even when the receiver lives far down the scope', async () => {
    const kernel = new Kernel();
    kernel.mount({ grammar: { active: { identifier: 'active:echo', arguments: [{ name: 'v' }] } }, onSource: (ctx) => ctx.source('arg:v') });
    kernel.mount('res:/caller', (ctx) => ctx.issueRequest(ctx.createRequest('active:echo').addArgumentByValue('v', { deep: true })));
    expect(await kernel.source('res:/caller')).toEqual({ deep: true });
  });

  it('builds responses with mime type, expiry, headers and cache hints', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/page', (ctx) => ctx.createResponseFrom('<p/>').setMimeType('text/html').setHeader('x-a', 'b').setExpiry('CONSTANT', 1234).setCacheBoost(-3));
    const response = await kernel.request(new Request('res:/page'));
    expect(response.representation).toBe('<p/>');
    expect(response.mimeType).toBe('text/html');
    expect(response.getHeader('mime')).toBe('text/html');
    expect(response.getHeader('x-a')).toBe('b');
    expect(response.expiry).toEqual({ kind: 'CONSTANT', at: 1234 });
    expect(response.boost).toBe(0);
  });

  it('an endpoint that returns nothing gives an ALWAYS-expired response; a value gives DEPENDENT', async () => {
    const kernel = new Kernel();
    kernel.mount({ grammar: 'res:/side-effect', onSink: () => undefined, onSource: () => 'v' });
    expect((await kernel.request(new Request('res:/side-effect').setVerb('SINK'))).expiry.kind).toBe('ALWAYS');
    expect((await kernel.request(new Request('res:/side-effect'))).expiry.kind).toBe('DEPENDENT');
  });

  it('records the responses of sub-requests as dependencies', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/a', () => 'a');
    kernel.mount('res:/b', () => 'b');
    kernel.mount('res:/ab', async (ctx) => `${await ctx.source('res:/a')}${await ctx.source('res:/b')}`);
    const response = await kernel.request(new Request('res:/ab'));
    expect(response.dependencies.map((d) => d.representation)).toEqual(['a', 'b']);
  });

  it('a synchronous chain of endpoints completes without a Promise', () => {
    const kernel = new Kernel();
    kernel.mount('res:/leaf', () => 'leaf');
    kernel.mount('res:/middle', (ctx) => ctx.source('res:/leaf'));
    kernel.mount('res:/top', (ctx) => new Response(`top(${ctx.source('res:/middle') as string})`));
    const result = kernel.issue(new Request('res:/top'), kernel.scopeFor(), undefined);
    expect(isPromiseLike(result)).toBe(false);
    expect((result as Response).representation).toBe('top(leaf)');
  });

  it('reads request headers, the resolved endpoint id and the argument list', async () => {
    const kernel = new Kernel();
    kernel.mount({
      id: 'inspector',
      grammar: { active: { identifier: 'active:inspect', arguments: [{ name: 'a' }, { name: 'b', min: 0, max: 'unbounded' }] } },
      onSource: (ctx) => ({
        id: ctx.thisRequest.resolvedElementId,
        header: ctx.thisRequest.getHeader('trace'),
        names: ctx.thisRequest.argumentNames,
        bs: ctx.thisRequest.argumentValues('b'),
        count: ctx.thisRequest.argumentCount,
      }),
    });
    const result = await kernel.source('active:inspect+a@x:1+b@x:2+b@x:3', { headers: { trace: 't-1' } });
    expect(result).toEqual({ id: 'inspector', header: 't-1', names: ['a', 'b'], bs: ['x:2', 'x:3'], count: 3 });
  });

  it('serves data: URIs (RFC 2397) as a built-in', async () => {
    const kernel = new Kernel();
    expect(await kernel.source('data:,Hello%20world')).toBe('Hello world');
    const response = await kernel.request(new Request('data:application/octet-stream;base64,AAEC'));
    expect(response.mimeType).toBe('application/octet-stream');
    expect([...(response.representation as Uint8Array)]).toEqual([0, 1, 2]);
    expect(response.expiry.kind).toBe('NEVER');
    expect(await kernel.exists('data:text/plain,ok')).toBe(true);
  });
});
