import { afterEach, describe, expect, it } from 'vitest';
import type { HttpExchange } from './http-exchange.ts';
import { closeAll, eventually, RawClient, serve, statusLines } from './test-support.ts';

afterEach(closeAll);

const requests = (paths: string[]): string => paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: h\r\n\r\n`).join('');
const bodies = (text: string): string[] => text.match(/\r\n\r\n(r\d+)/g)?.map((m) => m.slice(4)) ?? [];

describe('pipelining', () => {
  it('answers pipelined requests in request order when handlers finish in reverse order', async () => {
    const held: HttpExchange[] = [];
    const { port } = await serve({ handler: (x) => { held.push(x); } });
    const client = await RawClient.connect(port);
    client.write(requests(['/r1', '/r2', '/r3', '/r4']));
    await eventually(() => held.length === 4);
    for (const x of [...held].reverse()) x.session.send({ status: 200 }, x.target.slice(1), x.id);
    const text = await client.until((t) => statusLines(t).length === 4);
    expect(bodies(text)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('holds a finished later response back until the earlier streaming one finishes', async () => {
    const held: HttpExchange[] = [];
    const { port } = await serve({ handler: (x) => { held.push(x); } });
    const client = await RawClient.connect(port);
    client.write(requests(['/r1', '/r2']));
    await eventually(() => held.length === 2);
    const [first, second] = held as [HttpExchange, HttpExchange];
    second.session.send({ status: 200 }, 'r2', second.id);
    first.session.sendStart({ status: 200, headers: { 'content-type': 'text/plain' } }, first.id);
    first.session.sendChunk('r1-part', first.id);
    await client.until((t) => t.includes('r1-part'));
    expect(client.text).not.toContain('r2');
    expect(second.session.stateOf(second.id)).toBe('finished');
    first.session.sendFinished(first.id);
    const text = await client.until((t) => statusLines(t).length === 2 && t.includes('r2'));
    expect(text.indexOf('r1-part')).toBeLessThan(text.indexOf('\r\n\r\nr2'));
  });

  it('keeps order with random completion delays', async () => {
    const { port } = await serve({
      handler: (x) => {
        setTimeout(() => x.session.send({ status: 200 }, x.target.slice(1), x.id), Math.floor(Math.random() * 30));
      },
    });
    const client = await RawClient.connect(port);
    const paths = Array.from({ length: 10 }, (_, i) => `/r${i}`);
    client.write(requests(paths));
    const text = await client.until((t) => statusLines(t).length === 10);
    expect(bodies(text)).toEqual(paths.map((p) => p.slice(1)));
  });

  it('serves 200 pipelined requests on one connection', async () => {
    const { port } = await serve({ handler: (x) => x.session.send({ status: 200 }, x.target.slice(1), x.id) });
    const client = await RawClient.connect(port);
    const paths = Array.from({ length: 200 }, (_, i) => `/r${i}`);
    client.write(requests(paths));
    const text = await client.until((t) => statusLines(t).length === 200, 10_000);
    expect(bodies(text)).toEqual(paths.map((p) => p.slice(1)));
  });

  it('stops taking pipelined requests beyond maxPendingPerConnection until earlier ones finish', async () => {
    const held: HttpExchange[] = [];
    const { port } = await serve({ limits: { maxPendingPerConnection: 2 }, handler: (x) => { held.push(x); } });
    const client = await RawClient.connect(port);
    client.write(requests(['/r1', '/r2', '/r3', '/r4']));
    await eventually(() => held.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    // The rest stay unread (or queued): the handler is not flooded.
    expect(held.map((x) => x.target)).toEqual(['/r1', '/r2']);
    const first = held[0] as HttpExchange;
    first.session.send({ status: 200 }, 'r1', first.id);
    await eventually(() => held.length === 3);
    for (const x of held.slice(1)) x.session.send({ status: 200 }, x.target.slice(1), x.id);
    await eventually(() => held.length === 4);
    const last = held[3] as HttpExchange;
    last.session.send({ status: 200 }, 'r4', last.id);
    const text = await client.until((t) => statusLines(t).length === 4);
    expect(bodies(text)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('pauses reading the socket while the pending limit is reached', async () => {
    const held: HttpExchange[] = [];
    const { port } = await serve({ limits: { maxPendingPerConnection: 1 }, handler: (x) => { held.push(x); } });
    const client = await RawClient.connect(port);
    client.write(requests(['/r1']));
    await eventually(() => held.length === 1);
    // Sent separately: with reading paused these bytes are not even parsed.
    client.write(requests(['/r2']));
    await new Promise((r) => setTimeout(r, 50));
    expect(held).toHaveLength(1);
    const first = held[0] as HttpExchange;
    first.session.send({ status: 200 }, 'r1', first.id);
    await eventually(() => held.length === 2);
    const second = held[1] as HttpExchange;
    second.session.send({ status: 200 }, 'r2', second.id);
    expect(bodies(await client.until((t) => statusLines(t).length === 2))).toEqual(['r1', 'r2']);
  });

  it('still reads the body of the request at the pending limit', async () => {
    const { port } = await serve({
      limits: { maxPendingPerConnection: 1 },
      handler: async (x) => x.session.send({ status: 200 }, `r${(await x.readBody()).length}`, x.id),
    });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n');
    await new Promise((r) => setTimeout(r, 20));
    client.write('hello');
    expect(bodies(await client.until((t) => statusLines(t).length === 1))).toEqual(['r5']);
  });
});
