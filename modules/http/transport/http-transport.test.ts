import http from 'node:http';
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpTransport } from './http-transport.ts';
import type { HttpExchange } from './http-exchange.ts';
import { closeAll, RawClient, selfSignedCertificate, serve, statusLines } from './test-support.ts';

afterEach(closeAll);

const echoUrl = (x: HttpExchange): void => x.session.send({ status: 200, headers: { 'content-type': 'text/plain' } }, x.url, x.id);

describe('HttpTransport basics', () => {
  it('starts on a free port, reports it, and hands each request over as an exchange with the full URL', async () => {
    const seen: HttpExchange[] = [];
    const { port, origin } = await serve({ handler: (x) => { seen.push(x); echoUrl(x); } });
    expect(port).toBeGreaterThan(0);
    expect(origin).toBe(`http://127.0.0.1:${port}`);
    const response = await fetch(`${origin}/a/b?c=1`, { headers: { 'x-test': 'yes' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`http://127.0.0.1:${port}/a/b?c=1`);
    const [exchange] = seen;
    expect(exchange?.method).toBe('GET');
    expect(exchange?.target).toBe('/a/b?c=1');
    expect(exchange?.headers['x-test']).toBe('yes');
    expect(exchange?.httpVersion).toBe('1.1');
    expect(exchange?.remoteAddress).toBe('127.0.0.1');
    expect(exchange?.id).toBe(1);
    expect(exchange?.secure).toBe(false);
  });

  it('numbers requests per connection, increasing', async () => {
    const ids: number[] = [];
    const { port } = await serve({ handler: (x) => { ids.push(x.id); x.session.sendNoBody({ status: 204 }, x.id); } });
    const client = await RawClient.connect(port);
    client.write('GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n');
    await client.until((t) => statusLines(t).length === 2);
    const other = await RawClient.connect(port);
    other.write('GET /3 HTTP/1.1\r\nHost: a\r\n\r\n');
    await other.until((t) => statusLines(t).length === 1);
    expect(ids).toEqual([1, 2, 1]);
  });

  it('validates options at construction, naming the option', () => {
    const handler = (): void => {};
    expect(() => new HttpTransport({ handler, port: 70000 })).toThrow(/"port"/);
    expect(() => new HttpTransport({ handler, host: '' })).toThrow(/"host"/);
    expect(() => new HttpTransport({ handler, limits: { maxBodySize: -1 } })).toThrow(/limits.maxBodySize/);
    expect(() => new HttpTransport({ handler, limits: { headersTimeout: 10, requestTimeout: 5 } })).toThrow(/headersTimeout/);
    expect(() => new HttpTransport({ handler, limits: { maxPending: 3 } as never })).toThrow(/limits.maxPending/);
    expect(() => new HttpTransport({ handler, tls: { key: '', cert: 'x' } })).toThrow(/tls.key/);
    expect(() => new HttpTransport({ handler: 3 as never })).toThrow(TypeError);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { port } = await serve({ handler: (x) => x.session.send({ status: 200 }, 'twelve bytes', x.id) });
    const client = await RawClient.connect(port);
    client.write('HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
    const text = await client.until((t) => t.endsWith('twelve bytes'));
    const [head, get] = text.split(/(?=HTTP\/1\.1 )/);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/content-length: 12\r\n/i);
    expect(head?.endsWith('\r\n\r\n')).toBe(true);
    expect(get).toMatch(/\r\n\r\ntwelve bytes$/);
  });

  it('closes after the response when the client sends Connection: close', async () => {
    const { port } = await serve({ handler: echoUrl });
    const client = await RawClient.connect(port);
    client.write('GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 200 OK']);
    expect(text).toMatch(/connection: close/i);
  });

  it('closes after the response for HTTP/1.0 without keep-alive, keeps it with keep-alive', async () => {
    const { port } = await serve({ handler: echoUrl });
    const plain = await RawClient.connect(port);
    plain.write('GET /x HTTP/1.0\r\n\r\n');
    const text = await plain.untilClosed();
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/x$/);

    const kept = await RawClient.connect(port);
    kept.write('GET /y HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    await kept.until((t) => t.endsWith('/y'));
    kept.write('GET /z HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    await kept.until((t) => t.endsWith('/z'));
    expect(kept.closed).toBe(false);
  });

  it('closes after a response that carries Connection: close, even with requests pipelined behind it', async () => {
    const handled: string[] = [];
    const { port } = await serve({
      handler: (x) => {
        handled.push(x.target);
        x.session.send({ status: 200, headers: x.target === '/last' ? { connection: 'close' } : {} }, x.target, x.id);
      },
    });
    const client = await RawClient.connect(port);
    client.write('GET /first HTTP/1.1\r\nHost: h\r\n\r\nGET /last HTTP/1.1\r\nHost: h\r\n\r\nGET /never HTTP/1.1\r\nHost: h\r\n\r\n');
    const text = await client.untilClosed();
    expect(statusLines(text)).toHaveLength(2);
    expect(text).toMatch(/\/first[\s\S]*\/last$/);
  });

  it('serves HTTPS with a key and certificate', async () => {
    const tls = selfSignedCertificate();
    const { port, origin } = await serve({ tls, handler: (x) => x.session.send({ status: 200 }, `${x.url} ${x.secure}`, x.id) });
    expect(origin).toBe(`https://127.0.0.1:${port}`);
    const body = await new Promise<string>((resolve, reject) => {
      https.get(`${origin}/secure`, { ca: tls.cert }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toBe(`https://127.0.0.1:${port}/secure true`);
  });

  it('closes connections beyond maxConnections and keeps serving the ones it holds', async () => {
    const { port } = await serve({ limits: { maxConnections: 1 }, handler: echoUrl });
    const first = await RawClient.connect(port);
    first.write('GET /one HTTP/1.1\r\nHost: h\r\n\r\n');
    await first.until((t) => t.endsWith('/one'));
    const second = await RawClient.connect(port);
    second.write('GET /two HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(await second.untilClosed()).toBe('');
    first.write('GET /three HTTP/1.1\r\nHost: h\r\n\r\n');
    await first.until((t) => t.endsWith('/three'));
  });

  it('closes an idle keep-alive connection after keepAliveTimeout', async () => {
    const { port } = await serve({ limits: { keepAliveTimeout: 100 }, handler: echoUrl });
    const client = await RawClient.connect(port);
    client.write('GET /k HTTP/1.1\r\nHost: h\r\n\r\n');
    await client.until((t) => t.endsWith('/k'));
    const text = await client.untilClosed(2_000);
    expect(statusLines(text)).toHaveLength(1);
  });

  it('rejects start when the port is taken', async () => {
    const { port } = await serve({ handler: echoUrl });
    const second = new HttpTransport({ port, handler: echoUrl });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
  });

  it('uses the bound address when the Host header is not a plain authority', async () => {
    const { port } = await serve({ handler: echoUrl });
    const text = await new Promise<string>((resolve, reject) => {
      http.get({ port, host: '127.0.0.1', path: '/p', headers: { host: 'evil/../x' } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve(body));
      }).on('error', reject);
    });
    expect(text).toBe(`http://127.0.0.1:${port}/p`);
  });
});
