import http from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../kernel/index.ts';
import { served, stopServers } from './test-support.ts';

afterEach(stopServers);

/** A raw GET that reports whether the response was cut off. */
function rawGet(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, aborted: false }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, aborted: true }));
      res.on('aborted', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, aborted: true }));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timed out')));
  });
}

describe('HTTPBridge over a real socket (HttpTransportEndpoint on 127.0.0.1, port 0)', () => {
  it('serves HTML and JSON, with security headers, and cookies and redirects from endpoints', async () => {
    const { app, origin } = await served();
    app.mount('res:/index', (ctx) => ctx.createResponseFrom('<h1>home</h1>').setMimeType('text/html'));
    app.mount('res:/api', async (ctx) => ({ q: await ctx.source('httpRequest:/param/q') }));
    app.mount('res:/login', async (ctx: RequestContext) => {
      await ctx.sink('httpResponse:/cookie', { name: 'sid', value: 'abc' });
      await ctx.sink('httpResponse:/redirect', '/index');
    });
    const page = await fetch(`${origin}/index`);
    expect([page.status, page.headers.get('content-type'), page.headers.get('x-content-type-options'), await page.text()]).toEqual([200, 'text/html; charset=utf-8', 'nosniff', '<h1>home</h1>']);
    const api = await fetch(`${origin}/api?q=%20x%20`);
    expect(await api.json()).toEqual({ q: 'x' });
    const login = await fetch(`${origin}/login`, { redirect: 'manual' });
    expect([login.status, login.headers.get('location'), login.headers.get('set-cookie')]).toEqual([302, '/index', 'sid=abc; Path=/; HttpOnly; SameSite=Lax']);
  });

  it('answers 304 for a cached resource and the right error pages', async () => {
    const { app, origin } = await served();
    app.mount('res:/cached', () => 'same');
    const first = await fetch(`${origin}/cached`);
    const tag = first.headers.get('etag')!;
    await first.text();
    const again = await fetch(`${origin}/cached`, { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    const missing = await fetch(`${origin}/missing`, { headers: { accept: 'application/json' } });
    expect([missing.status, await missing.json()]).toEqual([404, { status: 404, error: 'Not Found' }]);
  });

  it('streams a long representation chunked, and aborts the connection when it fails after the head', async () => {
    const { app, origin } = await served({ bufferBytes: 4 });
    app.mount('res:/long', (ctx) => ctx.createResponseFrom(Readable.from(['chunk-1 ', 'chunk-2 ', 'chunk-3'])).setExpiry('ALWAYS'));
    app.mount('res:/broken', (ctx) =>
      ctx.createResponseFrom(Readable.from((async function* () {
        yield 'partial ';
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('source failed');
      })())).setExpiry('ALWAYS'),
    );
    const long = await rawGet(`${origin}/long`);
    expect([long.status, long.headers['transfer-encoding'], long.body, long.aborted]).toEqual([200, 'chunked', 'chunk-1 chunk-2 chunk-3', false]);
    const broken = await rawGet(`${origin}/broken`);
    expect(broken.status).toBe(200);
    expect(broken.aborted).toBe(true);
  });

  it('answers HEAD with the headers of GET and no body, and reads a POSTed form', async () => {
    const { app, origin } = await served();
    app.mount('res:/form', async (ctx) => `hello ${await ctx.source('httpRequest:/param/name')}`);
    const head = await fetch(`${origin}/form`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, '6', '']);
    const post = await fetch(`${origin}/form`, { method: 'POST', body: new URLSearchParams({ name: 'ada' }) });
    expect(await post.text()).toBe('hello ada');
  });
});
