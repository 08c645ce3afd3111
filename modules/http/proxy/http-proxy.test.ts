import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loggers } from '../logging/registry.ts';
import { closeAll, deadOrigin, proxied, rawUpstream, upstream } from './test-support.ts';
import { HttpProxy } from './http-proxy.ts';

const logged: string[] = [];
beforeEach(() => loggers.setSink((line) => logged.push(line)));
afterEach(async () => {
  loggers.setSink((line) => void process.stderr.write(line + '\n'));
  logged.length = 0;
  await closeAll();
});

/** An upstream that echoes what it got as JSON. */
function echo() {
  return upstream((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() }));
    });
  });
}

describe('HTTPProxy (in process, loopback upstream)', () => {
  it('forwards the path under the prefix with method, query, body and end-to-end headers, adding Via and X-Forwarded-*', async () => {
    const origin = await echo();
    const { client } = proxied({ path: '/api/', target: `${origin}/v1/` });
    const response = await client.post('/api/items/a%20b?x=1&y=%2F', {
      body: 'payload',
      headers: { 'content-type': 'text/plain', 'x-custom': 'yes', connection: 'keep-alive, x-drop', 'x-drop': 'secret', 'keep-alive': 'timeout=5', te: 'trailers', 'proxy-authorization': 'Basic eA==', upgrade: 'websocket' },
    });
    expect(response.status).toBe(200);
    const seen = response.json() as { method: string; url: string; headers: Record<string, string>; body: string };
    expect([seen.method, seen.url, seen.body]).toEqual(['POST', '/v1/items/a%20b?x=1&y=%2F', 'payload']);
    expect(seen.headers).toMatchObject({ 'x-custom': 'yes', 'content-type': 'text/plain', host: new URL(origin).host, 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'localhost' });
    expect(seen.headers.via).toMatch(/^1\.1 roc-kernel \(/);
    for (const name of ['x-drop', 'keep-alive', 'te', 'proxy-authorization', 'upgrade']) expect(seen.headers[name], name).toBeUndefined();
    expect(response.header('via')).toMatch(/^1\.1 roc-kernel \(/);
  });

  it('maps the bare prefix, leaves other paths to the bridge, and keeps the client Host when asked', async () => {
    const origin = await echo();
    const { client } = proxied({ path: '/api', target: origin, preserveHost: true, forwardedHeaders: false });
    const bare = (await client.get('/api')).json() as { url: string; headers: Record<string, string> };
    expect([bare.url, bare.headers.host, bare.headers['x-forwarded-for']]).toEqual(['/', 'localhost', undefined]);
    expect((await client.get('/local')).text()).toBe('local page');
    expect((await client.get('/apix')).status).toBe(404);
  });

  it('drops hop-by-hop response headers, keeps repeated Set-Cookie lines, statuses and bodyless answers, and rewrites Location', async () => {
    const origin = await upstream((req, res) => {
      if (req.url === '/gone') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('nope');
        return;
      }
      if (req.url === '/moved') {
        res.writeHead(302, { location: `http://127.0.0.1:${req.socket.localPort}/base/next` }).end();
        return;
      }
      if (req.url === '/base/empty') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, [['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['Connection', 'x-internal'], ['X-Internal', 'leak'], ['Keep-Alive', 'timeout=1'], ['Proxy-Authenticate', 'Basic'], ['Trailer', 'x-t'], ['Content-Type', 'text/plain']]);
      res.end('body');
    });
    const { client } = proxied({ path: '/p/', target: `${origin}/base/` });
    const ok = await client.get('/p/cookies');
    expect([ok.status, ok.text(), ok.headers['set-cookie']]).toEqual([200, 'body', ['a=1', 'b=2']]);
    for (const name of ['x-internal', 'keep-alive', 'proxy-authenticate', 'trailer', 'connection']) expect(ok.header(name), name).toBeUndefined();
    expect((await client.get('/p/empty')).status).toBe(204);
    const other = proxied({ path: '/p/', target: `${origin}/` });
    expect((await other.client.get('/p/gone')).status).toBe(404);
    const moved = proxied({ path: '/p/', target: `${origin}/` });
    const redirect = await moved.client.get('/p/moved');
    expect([redirect.status, redirect.header('location')]).toEqual([302, 'http://localhost/p/base/next']);
  });

  it('answers HEAD without a body', async () => {
    const origin = await upstream((_req, res) => res.writeHead(200, { 'content-length': '5' }).end('hello'));
    const head = await proxied({ path: '/p/', target: origin }).client.head('/p/x');
    expect([head.status, head.header('content-length'), head.body.length]).toEqual([200, '5', 0]);
  });

  it('rejects bad options', () => {
    expect(() => new HttpProxy({ path: 'api', target: 'http://x/' })).toThrow(/start with/);
    expect(() => new HttpProxy({ path: '/a/', target: 'ftp://x/' })).toThrow(/http\(s\)/);
    expect(() => new HttpProxy({ path: '/a/', target: 'not a url' })).toThrow(/not a URL/);
    expect(() => new HttpProxy({ path: '/a/', target: 'http://x/', timeout: 0 })).toThrow(/timeout/);
  });
});

describe('HTTPProxy: bad upstreams and bad input (502/504, nothing hangs)', () => {
  it('answers 502 when the upstream is down', async () => {
    const response = await proxied({ path: '/p/', target: await deadOrigin(), timeout: 2_000 }).client.get('/p/x');
    expect([response.status, response.text(), response.header('cache-control')]).toEqual([502, '502 Bad Gateway\n', 'no-store']);
    // A problem, so the proxy logger reports it even at the default level.
    expect(logged).toEqual([expect.stringMatching(/^\[roc warn proxy\] HTTPProxy:\/p\/: GET http:\/\/127\.0\.0\.1:\d+\/x: upstream refused the connection/)]);
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const origin = await upstream(() => undefined); // never answers
    const response = await proxied({ path: '/p/', target: origin, timeout: 150 }).client.get('/p/slow');
    expect(response.status).toBe(504);
  });

  it('answers 502 when the upstream sends garbage or closes without answering', async () => {
    const garbage = await proxied({ path: '/p/', target: await rawUpstream('SPEAKING NONSENSE\r\n\r\n'), timeout: 2_000 }).client.get('/p/x');
    expect(garbage.status).toBe(502);
    const badStatus = await proxied({ path: '/p/', target: await rawUpstream('HTTP/1.1 999 Odd\r\ncontent-length: 0\r\n\r\n'), timeout: 2_000 }).client.get('/p/x');
    expect(badStatus.status).toBe(502);
    const hangup = await proxied({ path: '/p/', target: await rawUpstream(''), timeout: 2_000 }).client.get('/p/x');
    expect(hangup.status).toBe(502);
  });

  it('aborts the client when the upstream breaks off or stalls in the body', async () => {
    const origin = await upstream((req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('only part');
      if (req.url === '/cut') setTimeout(() => res.destroy(), 20);
      // '/stall' just stops sending
    });
    const cut = await proxied({ path: '/p/', target: origin, timeout: 2_000 }).client.get('/p/cut');
    expect([cut.status, cut.aborted]).toEqual([200, true]);
    const stalled = await proxied({ path: '/p/', target: origin, timeout: 150 }).client.get('/p/stall');
    expect([stalled.status, stalled.aborted]).toEqual([200, true]);
  });

  it('refuses dot segments, NUL and overlong segments before forwarding, and a request that loops back', async () => {
    let reached = 0;
    const origin = await upstream((_req, res) => void (reached++, res.end('x')));
    const { client } = proxied({ path: '/p/', target: `${origin}/inside/` });
    for (const path of ['/p/../admin', '/p/%2e%2e/admin', '/p/a/%2E%2e/%2e%2e/admin', '/p/a%00b', `/p/${'a'.repeat(300)}`, '/p/a%2f..%2fb']) {
      expect((await client.get(path)).status, path).toBe(400);
    }
    expect(reached).toBe(0);
    const first = await client.get('/p/ok');
    expect(first.status).toBe(200);
    const looped = await client.get('/p/ok', { headers: { via: first.header('via')! } });
    expect(looped.status).toBe(508);
  });

  it('answers with the body limit when the request body is too large', async () => {
    const origin = await echo();
    const setup = proxied({ path: '/p/', target: origin });
    const { TestClient } = await import('../bridge/test-client.ts');
    const small = new TestClient(setup.kernel, setup.fulcrum, { maxBodySize: 10 });
    expect((await small.post('/p/x', { body: 'x'.repeat(100) })).status).toBe(413);
  });
});
