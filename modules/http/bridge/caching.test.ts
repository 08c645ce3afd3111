import { describe, expect, it } from 'vitest';
import { Kernel, type RequestContext } from '../../../kernel/index.ts';
import { HttpAccessor } from './http-accessor.ts';
import { bridged } from './test-support.ts';

describe('HTTP caching from ROC caching', () => {
  it('gives a cached response a stable ETag and answers If-None-Match with 304 without evaluating anything', async () => {
    const { app, client } = bridged();
    let evaluations = 0;
    app.mount('res:/page', (ctx) => (evaluations++, ctx.createResponseFrom('<p>page</p>').setMimeType('text/html')));
    const first = await client.get('/page');
    const tag = first.header('etag');
    expect(tag).toMatch(/^"[\w-]+"$/);
    expect((await client.get('/page')).header('etag')).toBe(tag);
    const revalidated = await client.get('/page', { headers: { 'if-none-match': `W/"other", ${tag}` } });
    expect([revalidated.status, revalidated.body.length, revalidated.header('etag')]).toEqual([304, 0, tag]);
    expect(evaluations).toBe(1);
    expect((await client.get('/page', { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  it('gives a new ETag once the resource is invalidated, so an old validator gets the new representation', async () => {
    const { app, client, kernel } = bridged();
    let text = 'one';
    app.mount({ grammar: 'res:/doc', onSource: () => text, onSink: async (ctx: RequestContext) => void (text = String(await ctx.sourcePrimary())) });
    const before = (await client.get('/doc')).header('etag')!;
    await kernel.sink('res:/doc', 'two', { scope: app });
    const after = await client.get('/doc', { headers: { 'if-none-match': before } });
    expect([after.status, after.text()]).toEqual([200, 'two']);
    expect(after.header('etag')).not.toBe(before);
  });

  it('gives no ETag to what depends on the HTTP request, is not cacheable, or is not a 200', async () => {
    const { app, client } = bridged();
    app.mount('res:/personal', async (ctx) => `hi ${await ctx.source('httpRequest:/param/name')}`);
    app.mount('res:/volatile', (ctx) => ctx.createResponseFrom('v').setExpiry('ALWAYS'));
    app.mount('res:/created', (ctx) => ctx.createResponseFrom('c').setHeader('httpResponse:/code', 201));
    class Dispatch extends HttpAccessor {
      override grammar = 'res:/dispatch';
      override onGet() {
        return 'got';
      }
    }
    app.mount(new Dispatch());
    for (const path of ['/personal?name=a', '/volatile', '/created', '/dispatch']) {
      expect((await client.get(path)).header('etag'), path).toBeUndefined();
    }
  });

  it('emits no ETag when the kernel cache is off, or when the bridge is told not to', async () => {
    const off = bridged({}, new Kernel({ cache: { maxEntries: 0 } }));
    off.app.mount('res:/x', () => 'x');
    expect((await off.client.get('/x')).header('etag')).toBeUndefined();
    const no = bridged({ etags: false });
    no.app.mount('res:/x', () => 'x');
    expect((await no.client.get('/x')).header('etag')).toBeUndefined();
  });
});
