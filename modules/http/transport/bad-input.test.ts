import { afterEach, describe, expect, it } from 'vitest';
import type { HttpExchange } from './http-exchange.ts';
import { statusForError, type RawExceptionHandler } from './raw-exception-handler.ts';
import { closeAll, deferred, eventually, RawClient, serve, statusLines } from './test-support.ts';

afterEach(closeAll);

const ok = (x: HttpExchange): void => x.session.send({ status: 200 }, 'ok', x.id);

async function rawRoundTrip(port: number, bytes: string): Promise<string> {
  const client = await RawClient.connect(port);
  client.write(bytes);
  return client.untilClosed();
}

describe('bad input and faults', () => {
  it('answers garbage with 400 and closes, and keeps serving other connections', async () => {
    const { port, origin } = await serve({ handler: ok });
    const text = await rawRoundTrip(port, '\x00\x01garbage\r\n\r\n');
    expect(statusLines(text)).toEqual(['HTTP/1.1 400 Bad Request']);
    expect(text).toMatch(/connection: close/i);
    expect(text).toMatch(/\r\n\r\n400 Bad Request\n$/);
    expect(await (await fetch(origin)).text()).toBe('ok');
  });

  it.each([
    ['a malformed request line', 'GET /\r\n\r\n'],
    ['a bad HTTP version', 'GET / HTTP/9.7\r\nHost: h\r\n\r\n'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: h\r\nBroken header\r\n\r\n'],
    ['conflicting Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['two different Content-Length values', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'],
    ['a non-numeric Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\na'],
    ['an HTTP/1.1 request without Host', 'GET / HTTP/1.1\r\n\r\n'],
  ])('rejects %s with 400 or a close, never reaching the handler with it', async (_name, bytes) => {
    const seen: string[] = [];
    const { port } = await serve({ handler: (x) => { seen.push(x.method); x.session.send({ status: 200 }, 'ok', x.id); } });
    const text = await rawRoundTrip(port, bytes);
    expect(text === '' || /^HTTP\/1\.1 (400|505) /.test(statusLines(text).at(-1) ?? '')).toBe(true);
    // No smuggled second request: at most the one well-formed prefix got through.
    expect(seen.length).toBeLessThanOrEqual(1);
    expect(text).not.toMatch(/HTTP\/1\.1 200[\s\S]*HTTP\/1\.1 200/);
  });

  it('fails the body reader and closes on a malformed chunk, with no response for that request', async () => {
    const failure = deferred<unknown>();
    const { port } = await serve({ handler: (x) => { x.readBody().then(() => ok(x), failure.resolve); } });
    const text = await rawRoundTrip(port, 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n');
    expect(statusLines(text)).not.toContain('HTTP/1.1 200 OK');
    expect(await failure.promise).toBeInstanceOf(Error);
  });

  it('answers HTTP/0.9-style request lines with 505 instead of passing them on', async () => {
    const seen: string[] = [];
    const { port } = await serve({ handler: (x) => { seen.push(x.httpVersion); ok(x); } });
    const text = await rawRoundTrip(port, 'GET /\r\n\r\n');
    expect(statusLines(text)).toEqual(['HTTP/1.1 505 HTTP Version Not Supported']);
    expect(seen).toEqual([]);
  });

  it('answers headers over maxHeaderSize with 431', async () => {
    const { port } = await serve({ limits: { maxHeaderSize: 1024 }, handler: ok });
    const text = await rawRoundTrip(port, `GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(2000)}\r\n\r\n`);
    expect(statusLines(text)).toEqual(['HTTP/1.1 431 Request Header Fields Too Large']);
  });

  it('answers the valid pipelined request first, then 400 for the garbage behind it', async () => {
    const held = deferred<HttpExchange>();
    const { port } = await serve({ handler: (x) => held.resolve(x) });
    const client = await RawClient.connect(port);
    client.write('GET /good HTTP/1.1\r\nHost: h\r\n\r\nBROKEN\r\n\r\n');
    const exchange = await held.promise;
    await new Promise((r) => setTimeout(r, 20));
    expect(client.text).toBe('');
    exchange.session.send({ status: 200 }, 'good', exchange.id);
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 400 Bad Request']);
  });

  it('times out a client that sends headers too slowly, without affecting other clients', async () => {
    const { port, origin } = await serve({ limits: { headersTimeout: 200, requestTimeout: 400 }, handler: ok });
    const slow = await RawClient.connect(port);
    slow.write('GET / HTTP/1.1\r\nHost: h\r\n');
    expect(await (await fetch(origin)).text()).toBe('ok');
    const text = await slow.untilClosed(3_000);
    expect(statusLines(text)).toEqual(['HTTP/1.1 408 Request Timeout']);
  });

  it('answers 503 and frees the connection when the application never answers', async () => {
    const { port } = await serve({ limits: { responseTimeout: 100 }, handler: () => {} });
    const text = await rawRoundTrip(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(statusLines(text)).toEqual(['HTTP/1.1 503 Service Unavailable']);
  });

  it('cancels a started response that the application never finishes', async () => {
    const { port } = await serve({
      limits: { responseTimeout: 100 },
      handler: (x) => {
        x.session.sendStart({ status: 200 }, x.id);
        x.session.sendChunk('partial', x.id);
      },
    });
    const text = await rawRoundTrip(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(statusLines(text)).toEqual(['HTTP/1.1 200 OK']);
    expect(text).toContain('partial');
    expect(text).not.toMatch(/\r\n0\r\n\r\n$/);
  });

  it('answers 500 without details when the handler throws, and keeps the connection', async () => {
    let calls = 0;
    const { port } = await serve({
      handler: (x) => {
        calls++;
        if (x.target === '/boom') throw new Error('secret internals');
        ok(x);
      },
    });
    const client = await RawClient.connect(port);
    client.write('GET /boom HTTP/1.1\r\nHost: h\r\n\r\nGET /fine HTTP/1.1\r\nHost: h\r\n\r\n');
    const text = await client.until((t) => statusLines(t).length === 2 && t.endsWith('ok'));
    expect(statusLines(text)).toEqual(['HTTP/1.1 500 Internal Server Error', 'HTTP/1.1 200 OK']);
    expect(text).not.toContain('secret');
    expect(text).not.toContain(' at ');
    expect(calls).toBe(2);
  });

  it('treats a rejected async handler like a throwing one', async () => {
    const { origin } = await serve({ handler: async () => { throw new Error('later'); } });
    const response = await fetch(origin);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('500 Internal Server Error\n');
  });

  it('uses the configured raw exception handler for parse errors and handler failures', async () => {
    const calls: [string, boolean][] = [];
    const exceptionHandler: RawExceptionHandler = (error, exchange) => {
      calls.push([(error as { code?: string }).code ?? (error as Error).message, exchange !== undefined]);
      const status = statusForError(error, exchange);
      return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) };
    };
    const { port, origin } = await serve({ exceptionHandler, handler: () => { throw new Error('app'); } });
    const response = await fetch(origin);
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ status: 500 });
    const text = await rawRoundTrip(port, 'NOT HTTP\r\n\r\n');
    expect(statusLines(text)).toEqual(['HTTP/1.1 400 Bad Request']);
    expect(text).toMatch(/\{"status":400\}$/);
    expect(calls).toEqual([['app', true], [expect.stringMatching(/^HPE_/), false]]);
  });

  it('falls back to the built-in response when the raw exception handler itself throws', async () => {
    const { port, origin } = await serve({
      exceptionHandler: () => { throw new Error('formatter broke'); },
      handler: () => { throw new Error('app'); },
    });
    expect((await fetch(origin)).status).toBe(500);
    const text = await rawRoundTrip(port, 'NOT HTTP\r\n\r\n');
    expect(statusLines(text)).toEqual(['HTTP/1.1 400 Bad Request']);
  });

  it('frees resources quietly when a client disconnects mid-response', async () => {
    const started = deferred<HttpExchange>();
    const { port, origin, transport } = await serve({
      handler: (x) => {
        if (x.target === '/slow') started.resolve(x);
        else ok(x);
      },
    });
    const client = await RawClient.connect(port);
    client.write('GET /slow HTTP/1.1\r\nHost: h\r\n\r\n');
    const exchange = await started.promise;
    exchange.session.sendStart({ status: 200 }, exchange.id);
    exchange.session.sendChunk('first', exchange.id);
    await client.until((t) => t.includes('first'));
    client.socket.destroy();
    await eventually(() => exchange.session.closed);
    // Later calls for the vanished connection are no-ops, not errors.
    expect(exchange.session.sendChunk('more', exchange.id)).toBe(true);
    exchange.session.sendFinished(exchange.id);
    expect(await (await fetch(origin)).text()).toBe('ok');
    await eventually(() => transport.sessionCount <= 1);
  });
});
