import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpExchange } from './http-exchange.ts';
import { closeAll, deferred, RawClient, serve, statusLines } from './test-support.ts';

afterEach(closeAll);

describe('graceful shutdown', () => {
  it('lets an in-flight slow response finish, closes idle keep-alive connections at once, then resolves', async () => {
    const slow = deferred<HttpExchange>();
    const { port, origin, transport } = await serve({
      handler: (x) => {
        if (x.target === '/slow') slow.resolve(x);
        else x.session.send({ status: 200 }, 'quick', x.id);
      },
    });
    const idle = await RawClient.connect(port);
    idle.write('GET /quick HTTP/1.1\r\nHost: h\r\n\r\n');
    await idle.until((t) => t.endsWith('quick'));
    const busy = await RawClient.connect(port);
    busy.write('GET /slow HTTP/1.1\r\nHost: h\r\n\r\n');
    const x = await slow.promise;
    x.session.sendStart({ status: 200 }, x.id);
    x.session.sendChunk('part one, ', x.id);

    let stopped = false;
    const stopping = transport.stop(5_000).then(() => (stopped = true));
    await idle.untilClosed(1_000);
    // No new connections while stopping.
    await expect(fetch(origin)).rejects.toThrow();
    expect(stopped).toBe(false);
    expect(busy.closed).toBe(false);

    x.session.sendChunk('part two', x.id);
    x.session.sendFinished(x.id);
    const text = await busy.untilClosed(2_000);
    expect(text).toContain('part one, ');
    expect(text).toMatch(/part two\r\n0\r\n\r\n$/);
    await stopping;
    expect(stopped).toBe(true);
  });

  it('sends Connection: close on responses that start during shutdown', async () => {
    const slow = deferred<HttpExchange>();
    const { port, transport } = await serve({ handler: (x) => slow.resolve(x) });
    const client = await RawClient.connect(port);
    client.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    const x = await slow.promise;
    const stopping = transport.stop(5_000);
    x.session.send({ status: 200 }, 'bye', x.id);
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 200 OK']);
    expect(text).toMatch(/connection: close/i);
    await stopping;
  });

  it('destroys what is still running at the deadline', async () => {
    const { port, transport } = await serve({ handler: () => {} });
    const client = await RawClient.connect(port);
    client.write('GET /never HTTP/1.1\r\nHost: h\r\n\r\n');
    await new Promise((r) => setTimeout(r, 20));
    await transport.stop(150);
    await client.untilClosed(1_000);
    expect(transport.address).toBeUndefined();
  });

  it('resolves at once when nothing is connected, and stop is idempotent', async () => {
    const { origin, transport } = await serve({ handler: (x) => x.session.send({ status: 200 }, 'x', x.id) });
    await new Promise<void>((resolve) => http.get(origin, { agent: false }, (res) => res.resume().on('end', resolve)));
    await Promise.all([transport.stop(10_000), transport.stop(10_000)]);
    expect(transport.address).toBeUndefined();
  });
});
