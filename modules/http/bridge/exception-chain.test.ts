import { describe, expect, it } from 'vitest';
import { RocError, StandardSpace, type RequestContext } from '../../../kernel/index.ts';
import { PluggableOverlay } from '../../../spaces/pluggable-overlay.ts';
import { bridged } from './test-support.ts';

const json = { headers: { accept: 'application/json' } };

describe('HTTPBridge: status mapping', () => {
  it('maps failures at the edge and deep inside as spec §10 says', async () => {
    const { app, client } = bridged();
    app.mount('res:/deep-missing', async (ctx) => ctx.source('res:/not-there'));
    app.mount('res:/bad-arg', () => {
      throw new RocError('ROC_ERR_ARGUMENT', { identifier: 'res:/bad-arg', reason: 'id must be a number' });
    });
    app.mount('res:/busy', () => {
      throw new RocError('ROC_ERR_TOO_MANY_SESSIONS', { max: 10, minDuration: 1000, retryAfter: 30 });
    });
    app.mount('res:/bug', () => {
      throw new TypeError('undefined is not a function');
    });
    app.mount({ grammar: 'res:/deep-arg', onSource: (ctx) => ctx.source('arg:nothing') });
    expect((await client.get('/nowhere')).status).toBe(404); // the rewritten request does not resolve
    expect((await client.get('/deep-missing')).status).toBe(500); // an endpoint's own sub-request does not: a bug
    expect((await client.get('/bad-arg')).status).toBe(400);
    const busy = await client.get('/busy');
    expect([busy.status, busy.header('retry-after')]).toEqual([503, '30']);
    expect((await client.get('/bug')).status).toBe(500);
    expect((await client.get('/deep-arg')).status).toBe(400);
  });
});

describe('HTTPBridge: the exception chain', () => {
  it('lets a pluggable-overlay exceptionProcess answer first', async () => {
    const { app, client } = bridged({ exceptionHandler: 'active:bridgeHandler' });
    const inner = new StandardSpace('urn:test:inner');
    inner.mount('res:/fails', () => {
      throw new Error('inner failure');
    });
    app.mount(new PluggableOverlay({ space: inner, exceptionProcess: { identifier: 'active:overlayHandler', arguments: [{ name: 'exception', identifier: 'arg:exception' }] } }));
    app.mount({ grammar: { active: { identifier: 'active:overlayHandler', arguments: [{ name: 'exception' }] } }, onSource: (ctx) => ctx.createResponseFrom('handled by the overlay').setHeader('httpResponse:/code', 409) });
    app.mount({ grammar: { active: { identifier: 'active:bridgeHandler', arguments: [{ name: 'exception' }] } }, onSource: () => 'handled by the bridge' });
    const r = await client.get('/fails');
    expect([r.status, r.text()]).toEqual([409, 'handled by the overlay']);
  });

  it('passes arg:exception to the bridge exceptionHandler, which sets code, headers and body', async () => {
    const { app, client } = bridged({ exceptionHandler: 'active:errors' });
    app.mount('res:/fails', () => {
      throw new Error('database down');
    });
    app.mount({
      grammar: { active: { identifier: 'active:errors', arguments: [{ name: 'exception' }] } },
      onSource: async (ctx: RequestContext) => {
        const error = (await ctx.source('arg:exception')) as RocError;
        await ctx.sink('httpResponse:/code', 502);
        await ctx.sink('httpResponse:/header/X-Error', error.code);
        return ctx.createResponseFrom(`<p>sorry: ${(error.cause as Error).message} at ${await ctx.source('httpRequest:/path')}</p>`).setMimeType('text/html');
      },
    });
    const r = await client.get('/fails');
    expect([r.status, r.header('x-error'), r.header('content-type'), r.text()]).toEqual([502, 'ROC_ERR_ENDPOINT', 'text/html; charset=utf-8', '<p>sorry: database down at /fails</p>']);
  });

  it('gives the handler the mapped status and headers unless it sets its own', async () => {
    const { app, client } = bridged({ exceptionHandler: 'active:errors', methodVerbs: true });
    app.mount('res:/read-only', () => 'r');
    app.mount({ grammar: { active: { identifier: 'active:errors', arguments: [{ name: 'exception' }] } }, onSource: () => 'custom page' });
    expect((await client.get('/missing')).status).toBe(404);
    const put = await client.put('/read-only', { body: 'x' });
    expect([put.status, put.header('allow'), put.text()]).toEqual([405, 'GET, HEAD', 'custom page']);
  });

  it('wraps a failing handler with the error it was handling and falls back to the default page with the original status', async () => {
    const { app, client } = bridged({ exceptionHandler: 'active:broken', development: true });
    app.mount({ grammar: { active: { identifier: 'active:broken', arguments: [{ name: 'exception' }] } }, onSource: () => {
      throw new Error('handler bug');
    } });
    const r = await client.get('/missing', json);
    expect(r.status).toBe(404);
    const body = r.json() as { code: string; chain: { code?: string; message: string }[] };
    expect(body.code).toBe('ROC_ERR_RESOLUTION');
    const messages = body.chain.map((c) => c.message).join('\n');
    expect(body.chain[0]?.code).toBe('ROC_ERR_HTTP_EXCEPTION_HANDLER');
    expect(messages).toContain('handler bug');
    expect(messages).toContain('res:/missing');
  });

  it('formats the default page as HTML, JSON or text by Accept, without stacks or internals outside development', async () => {
    const { app, client } = bridged();
    app.mount('res:/bug', () => {
      throw new Error('secret connection string <x>');
    });
    const html = await client.get('/bug', { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect([html.status, html.header('content-type'), html.header('cache-control')]).toEqual([500, 'text/html; charset=utf-8', 'no-store']);
    expect(html.text()).toContain('<h1>500 Internal Server Error</h1>');
    const jsonPage = await client.get('/bug', json);
    expect(jsonPage.json()).toEqual({ status: 500, error: 'Internal Server Error' });
    const text = await client.get('/bug');
    expect(text.text()).toBe('500 Internal Server Error\n');
    for (const r of [html, jsonPage, text]) {
      expect(r.text()).not.toContain('secret');
      expect(r.text()).not.toMatch(/at .*\.ts/);
    }
    const dev = bridged({ development: true });
    dev.app.mount('res:/bug', () => {
      throw new Error('secret <x>');
    });
    const page = (await dev.client.get('/bug', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('secret &#60;x&#62;');
    expect(page).toMatch(/exception-chain\.test\.ts/);
  });

  it('explains client errors detected by the bridge even outside development', async () => {
    const { app, client } = bridged();
    app.mount('res:/j', async (ctx) => ctx.source('httpRequest:/body', 'json'));
    const r = await client.post('/j', { body: '{oops', headers: { 'content-type': 'application/json', accept: 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ status: 400, code: 'ROC_ERR_HTTP_BAD_REQUEST' });
    expect((r.json() as { message: string }).message).toMatch(/JSON body/);
  });
});
