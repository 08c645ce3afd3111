import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpExchange } from './http-exchange.ts';
import { closeAll, deferred, eventually, RawClient, serve, statusLines } from './test-support.ts';

afterEach(closeAll);

const GET = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: h\r\n\r\n`;

async function heldExchanges(count: number, paths: string[]): Promise<{ client: RawClient; held: HttpExchange[] }> {
  const held: HttpExchange[] = [];
  const { port } = await serve({ handler: (x) => { held.push(x); } });
  const client = await RawClient.connect(port);
  client.write(paths.map(GET).join(''));
  await eventually(() => held.length === count);
  return { client, held };
}

describe('ConnectionSession', () => {
  it('streams with sendStart / sendChunk / sendFinished (chunked on the wire)', async () => {
    const { client, held: [x] } = await heldExchanges(1, ['/']);
    if (x === undefined) throw new Error('no exchange');
    x.session.sendStart({ status: 201, reason: 'Made', headers: { 'x-a': ['1', '2'] } }, x.id);
    x.session.sendChunk('hello ', x.id);
    x.session.sendChunk(new TextEncoder().encode('world'), x.id);
    x.session.sendFinished(x.id);
    const text = await client.until((t) => t.endsWith('0\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 201 Made\r\n/);
    expect(text).toMatch(/x-a: 1\r\nx-a: 2\r\n/);
    expect(text).toMatch(/transfer-encoding: chunked/i);
    expect(text).toContain('6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n');
  });

  it('sends a list of body parts with a computed Content-Length, and bodyless responses with length 0', async () => {
    const { client, held: [a, b] } = await heldExchanges(2, ['/a', '/b']);
    if (a === undefined || b === undefined) throw new Error('no exchange');
    a.session.send({ status: 200 }, ['first line\n', Buffer.from('second line')], a.id);
    b.session.sendNoBody({ status: 202 }, b.id);
    const text = await client.until((t) => statusLines(t).length === 2);
    expect(text).toMatch(/content-length: 22\r\n[\s\S]*\r\n\r\nfirst line\nsecond line/i);
    expect(text).toMatch(/HTTP\/1\.1 202 Accepted\r\ncontent-length: 0\r\n/i);
  });

  it('rejects misuse: unknown ids, double finishes, and header injection', async () => {
    const { held: [x] } = await heldExchanges(1, ['/']);
    if (x === undefined) throw new Error('no exchange');
    expect(() => x.session.sendFinished(99)).toThrow(RangeError);
    expect(() => x.session.sendChunk('x', x.id)).toThrow(/sendStart first/);
    expect(() => x.session.sendStart({ status: 200, headers: { 'x-evil': 'a\r\nSet-Cookie: b' } }, x.id)).toThrow();
    // The rejected head left the response usable.
    x.session.send({ status: 200 }, 'ok', x.id);
    expect(() => x.session.sendFinished(x.id)).toThrow(/finished/);
  });

  it('sends pre-built bytes with sendRaw and keeps the connection by default', async () => {
    const { client, held: [x] } = await heldExchanges(1, ['/']);
    if (x === undefined) throw new Error('no exchange');
    const body = 'You sent us nothing. That is alright.';
    x.session.sendRaw(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`), x.id);
    x.session.sendFinished(x.id);
    const text = await client.until((t) => t.endsWith(body));
    expect(text).toMatch(/Content-Type: text\/plain\r\n/);
    client.write(GET('/again'));
    await new Promise((r) => setTimeout(r, 30));
    expect(client.closed).toBe(false);
  });

  it('closes the connection after a sendRaw response with closeSession, after earlier responses', async () => {
    const { client, held: [a, b] } = await heldExchanges(2, ['/a', '/b']);
    if (a === undefined || b === undefined) throw new Error('no exchange');
    b.session.sendRaw(['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n', 'b!'], b.id, true);
    b.session.sendFinished(b.id);
    a.session.send({ status: 200 }, 'a!', a.id);
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    expect(text).toMatch(/a![\s\S]*connection: close\r\n\r\nb!$/i);
  });

  it('refuses malformed or chunked raw heads', async () => {
    const { held: [x] } = await heldExchanges(1, ['/']);
    if (x === undefined) throw new Error('no exchange');
    expect(() => x.session.sendRaw('not a response', x.id)).toThrow(/complete response head/);
    expect(() => x.session.sendRaw('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', x.id)).toThrow(/chunked/);
  });

  it('sendCancel lets earlier responses out, then cuts the connection without completing the cancelled one', async () => {
    const { client, held: [a, b] } = await heldExchanges(2, ['/a', '/b']);
    if (a === undefined || b === undefined) throw new Error('no exchange');
    b.session.sendStart({ status: 200 }, b.id);
    b.session.sendChunk('half of b', b.id);
    b.session.sendCancel(b.id);
    // Calls for a cancelled response are ignored.
    b.session.sendFinished(b.id);
    a.session.send({ status: 200 }, 'all of a', a.id);
    const text = await client.untilClosed();
    expect(text).toMatch(/\r\n\r\nall of a/);
    expect(text).not.toMatch(/\r\n0\r\n\r\n$/);
  });

  it('dispose closes the connection from the server end', async () => {
    const { client, held: [x] } = await heldExchanges(1, ['/']);
    x?.session.dispose();
    expect(await client.untilClosed()).toBe('');
  });

  it('reports backpressure to a writer when the client does not read, and drains once it does', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const cap = 48 * 1024 * 1024;
    let written = 0;
    let refusals = 0;
    const finished = deferred<number>();
    const { port } = await serve({
      handler: async (x) => {
        x.session.sendStart({ status: 200, headers: { 'content-length': cap } }, x.id);
        while (written < cap) {
          written += chunk.length;
          if (!x.session.sendChunk(chunk, x.id)) {
            refusals++;
            await x.session.drained(x.id);
          }
        }
        x.session.sendFinished(x.id);
        finished.resolve(written);
      },
    });
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.pause();
    socket.write(GET('/big'));
    // The writer stalls (no drain) long before the cap: kernel buffers fill, then it waits.
    let last = -1;
    await eventually(() => {
      const stalled = written > 0 && written === last;
      last = written;
      return stalled;
    }, 5_000);
    const stalledAt = written;
    await new Promise((r) => setTimeout(r, 150));
    expect(written).toBe(stalledAt);
    expect(stalledAt).toBeLessThan(cap);
    expect(refusals).toBeGreaterThan(0);
    let received = 0;
    socket.on('data', (data: Buffer) => (received += data.length));
    socket.resume();
    expect(await finished.promise).toBe(cap);
    await eventually(() => received > cap, 5_000);
    socket.destroy();
  });
});
