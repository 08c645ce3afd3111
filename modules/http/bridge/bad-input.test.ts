import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../kernel/index.ts';
import { HttpBridge } from './http-bridge.ts';
import { RewriteRuleError } from './rewrite.ts';
import { bridged } from './test-support.ts';

const asJson = { accept: 'application/json' };

describe('bad request input', () => {
  it('answers 400 for a body that is not valid for its content type: JSON, XML, UTF-8', async () => {
    const { app, client } = bridged();
    app.mount('res:/json', async (ctx) => ctx.source('httpRequest:/body', 'json'));
    app.mount('res:/xml', async (ctx) => (await ctx.source('httpRequest:/body', 'xml')).root.name);
    app.mount('res:/text', async (ctx) => ctx.source('httpRequest:/body', 'string'));
    expect((await client.post('/json', { body: '{"a":', headers: asJson })).status).toBe(400);
    expect((await client.post('/xml', { body: '<a><b></a>', headers: asJson })).status).toBe(400);
    expect((await client.post('/text', { body: new Uint8Array([0xff, 0xfe, 0x41]), headers: asJson })).status).toBe(400);
  });

  it('answers 400 for bad percent-encoding in the query or a form body', async () => {
    const { app, client } = bridged();
    app.mount('res:/p', async (ctx) => ctx.source('httpRequest:/param/a'));
    const query = await client.get('/p?a=%zz', { headers: asJson });
    expect([query.status, (query.json() as { code: string }).code]).toEqual([400, 'ROC_ERR_HTTP_BAD_REQUEST']);
    expect((await client.get('/p?a=%C3%28')).status).toBe(400); // an escape that is not UTF-8
    expect((await client.post('/p', { body: 'a=%E0%A4%A', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(400);
  });

  it('answers 400 for multipart bodies without a boundary or with a broken structure', async () => {
    const { app, client } = bridged();
    app.mount('res:/up', async (ctx) => ctx.source('httpRequest:/uploads'));
    const noBoundary = await client.post('/up', { body: '--x\r\n\r\n--x--', headers: { 'content-type': 'multipart/form-data', ...asJson } });
    expect(noBoundary.status).toBe(400);
    expect((noBoundary.json() as { message: string }).message).toMatch(/no boundary/);
    const unclosed = await client.post('/up', { body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(unclosed.status).toBe(400);
    const nameless = await client.post('/up', { body: '--x\r\nContent-Type: text/plain\r\n\r\nv\r\n--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(nameless.status).toBe(400);
  });

  it('answers 413 for uploads over the size limit', async () => {
    const { app, client } = bridged({ limits: { maxFileSize: 4 } });
    app.mount('res:/up', async (ctx) => ctx.source('httpRequest:/uploads'));
    const body = '--x\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n0123456789\r\n--x--';
    expect((await client.post('/up', { body, headers: { 'content-type': 'multipart/form-data; boundary=x' } })).status).toBe(413);
  });

  it('answers 413 for a body over the transport limit', async () => {
    const { app, kernel, fulcrum } = bridged();
    const { TestClient } = await import('./test-client.ts');
    const client = new TestClient(kernel, fulcrum, { maxBodySize: 8 });
    app.mount('res:/b', async (ctx) => (await ctx.source('httpRequest:/body', 'bytes')).length);
    expect((await client.post('/b', { body: 'x'.repeat(9) })).status).toBe(413);
  });

  it('strips control characters from single values (kept in raw reads) and refuses huge parameter counts', async () => {
    const { app, client } = bridged({ limits: { maxParams: 50 } });
    app.mount('res:/p', async (ctx) => ({ clean: await ctx.source('httpRequest:/param/a'), raw: await ctx.source('httpRequest:/param-raw/a') }));
    const r = await client.get('/p?a=%00x%07%1B%5B31m%0D%0Ay%7F');
    expect(r.json()).toEqual({ clean: 'x[31m y', raw: ['\u0000x\u0007\u001b[31m\r\ny\u007f'] });
    const many = Array.from({ length: 51 }, (_, i) => `p${i}=1`).join('&');
    expect((await client.get(`/p?${many}`)).status).toBe(400);
    const form = Array.from({ length: 40 }, (_, i) => `f${i}=1`).join('&');
    expect((await client.post(`/p?${Array.from({ length: 20 }, (_, i) => `q${i}=1`).join('&')}`, { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(400);
  });
});

describe('bad configuration and bad responses', () => {
  it('refuses a rewrite rule whose regex does not compile, naming the rule', () => {
    const make = () => new HttpBridge({ space: { id: 's', resolve: () => undefined }, rewrite: [{ match: 'ok/(.*)', to: 'res:/$1' }, { match: 'bad/(unclosed', to: 'res:/x' }] });
    expect(make).toThrow(RewriteRuleError);
    expect(make).toThrow(/rewrite rule 2/);
  });

  it('refuses a redirect to something that is not an http(s) URL', async () => {
    const { app, client } = bridged();
    for (const [i, target] of ['javascript:alert(1)', 'http://a b/', '', 'http://ok/\r\nSet-Cookie: x=1', 'mailto:x@y'].entries()) {
      app.mount(`res:/r${i}`, async (ctx: RequestContext) => void (await ctx.sink('httpResponse:/redirect', target)));
      const r = await client.get(`/r${i}`);
      expect(r.status, target).toBe(500);
      expect(r.header('location'), target).toBeUndefined();
    }
  });

  it('rejects CR/LF in header values and cookie attributes: no response splitting, from sinks or from response headers', async () => {
    const { app, client } = bridged();
    app.mount('res:/sink', async (ctx: RequestContext) => void (await ctx.sink('httpResponse:/header/X-A', 'ok\r\nSet-Cookie: evil=1')));
    app.mount('res:/hdr', (ctx) => ctx.createResponseFrom('x').setHeader('httpResponse:/header/X-B', 'a\nb'));
    app.mount('res:/name', (ctx) => ctx.createResponseFrom('x').setHeader('httpResponse:/header/Bad Name', 'v'));
    app.mount('res:/cookie', async (ctx: RequestContext) => void (await ctx.sink('httpResponse:/cookie', { name: 'c', value: 'v', path: '/\r\nX: y' })));
    app.mount('res:/mime', (ctx) => ctx.createResponseFrom('x').setMimeType('text/html\r\nX-Evil: 1'));
    for (const path of ['/sink', '/hdr', '/name', '/cookie', '/mime']) {
      const r = await client.get(path);
      expect(r.status, path).toBe(500);
      expect(r.cookies, path).toEqual({});
      expect(Object.keys(r.headers).some((h) => h === 'x' || h === 'x-evil'), path).toBe(false);
    }
  });

  it('refuses a status code out of range and framing headers', async () => {
    const { app, client } = bridged();
    app.mount('res:/code', async (ctx: RequestContext) => void (await ctx.sink('httpResponse:/code', 99)));
    app.mount('res:/length', async (ctx: RequestContext) => void (await ctx.sink('httpResponse:/header/Content-Length', '5')));
    expect((await client.get('/code')).status).toBe(500);
    expect((await client.get('/length')).status).toBe(500);
  });

  it('turns a stream failing within the buffer into a clean error page, and one failing after the head into an aborted response', async () => {
    const failing = () =>
      Readable.from((async function* () {
        yield 'first part, ';
        throw new Error('disk gone');
      })());
    const buffered = bridged();
    buffered.app.mount('res:/s', (ctx) => ctx.createResponseFrom(failing()).setExpiry('ALWAYS'));
    const clean = await buffered.client.get('/s');
    expect([clean.status, clean.aborted, clean.text()]).toEqual([500, false, '500 Internal Server Error\n']);

    const streaming = bridged({ bufferBytes: 0 });
    streaming.app.mount('res:/s', (ctx) => ctx.createResponseFrom(failing()).setExpiry('ALWAYS'));
    const cut = await streaming.client.get('/s');
    expect([cut.status, cut.aborted, cut.text()]).toEqual([200, true, 'first part, ']);
  });

  it('answers 500 for a representation that cannot be written (a cycle)', async () => {
    const { app, client } = bridged();
    app.mount('res:/cycle', () => {
      const a: Record<string, unknown> = {};
      a.self = a;
      return a;
    });
    expect((await client.get('/cycle')).status).toBe(500);
  });
});
