import { afterEach, describe, expect, it } from 'vitest';
import type { HttpExchange } from './http-exchange.ts';
import { closeAll, deferred, eventually, RawClient, serve, statusLines } from './test-support.ts';
import { HttpTransportError } from './transport-error.ts';

afterEach(closeAll);

const echoBody = async (x: HttpExchange): Promise<void> => {
  const body = await x.readBody();
  x.session.send({ status: 200 }, `got:${body.toString()}`, x.id);
};

describe('request bodies', () => {
  it('reads a chunked request body', async () => {
    const { port } = await serve({ handler: echoBody });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
    await new Promise((r) => setTimeout(r, 20));
    client.write('6\r\n world\r\n0\r\n\r\n');
    expect(await client.until((t) => t.endsWith('got:hello world'))).toMatch(/^HTTP\/1\.1 200/);
  });

  it('streams a body to a reader piece by piece', async () => {
    const pieces: number[] = [];
    const { port } = await serve({
      handler: async (x) => {
        for await (const chunk of x.body()) pieces.push((chunk as Buffer).length);
        x.session.sendNoBody({ status: 204 }, x.id);
      },
    });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\nabc');
    await eventually(() => pieces.length === 1);
    client.write('def');
    await client.until((t) => t.startsWith('HTTP/1.1 204'));
    expect(pieces).toEqual([3, 3]);
  });

  it('sends 100 Continue only when the body is first read', async () => {
    const read = deferred();
    const { port } = await serve({
      handler: async (x) => {
        await read.promise;
        await echoBody(x);
      },
    });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(client.text).toBe('');
    read.resolve();
    await client.until((t) => t.includes('100 Continue'));
    client.write('ping');
    const text = await client.until((t) => t.endsWith('got:ping'));
    expect(statusLines(text)).toEqual(['HTTP/1.1 100 Continue', 'HTTP/1.1 200 OK']);
  });

  it('answers without 100 Continue when the handler never reads the body', async () => {
    const { port } = await serve({ handler: (x) => x.session.send({ status: 200 }, 'no thanks', x.id) });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n');
    const text = await client.until((t) => t.endsWith('no thanks'));
    expect(statusLines(text)).toEqual(['HTTP/1.1 200 OK']);
  });

  it('answers 413 and closes when the declared body is over the limit; the reader sees a failed stream', async () => {
    const failure = deferred<unknown>();
    const { port } = await serve({
      limits: { maxBodySize: 10 },
      handler: (x) => { x.readBody().catch(failure.resolve); },
    });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n');
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 413 Payload Too Large']);
    expect(text).toMatch(/connection: close/i);
    const error = await failure.promise;
    expect(error).toBeInstanceOf(HttpTransportError);
    expect((error as HttpTransportError).code).toBe('HTTP_ERR_BODY_TOO_LARGE');
  });

  it('answers 413 and closes when a chunked body grows over the limit', async () => {
    const failure = deferred<unknown>();
    const { port } = await serve({
      limits: { maxBodySize: 10 },
      handler: (x) => { x.readBody().catch(failure.resolve); },
    });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n');
    await new Promise((r) => setTimeout(r, 20));
    client.write('8\r\n12345678\r\n');
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 413 Payload Too Large']);
    expect((await failure.promise as HttpTransportError).status).toBe(413);
  });

  it('ignores the application answering a request the transport already answered with 413', async () => {
    const { port } = await serve({
      limits: { maxBodySize: 3 },
      handler: async (x) => {
        try {
          await x.readBody();
        } catch {
          x.session.send({ status: 500 }, 'late', x.id);
        }
      },
    });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello');
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 413 Payload Too Large']);
    expect(text).not.toContain('late');
  });

  it('closes rather than drains when an oversized body is never read', async () => {
    const { port } = await serve({ limits: { maxBodySize: 10 }, handler: (x) => x.session.send({ status: 200 }, 'fine', x.id) });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n');
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 200 OK']);
    expect(text).toMatch(/connection: close/i);
  });

  it('fails the body stream when the client hangs up mid-body, without crashing the server', async () => {
    const failure = deferred<unknown>();
    const { port, origin } = await serve({
      handler: (x) => {
        if (x.method === 'POST') x.readBody().catch(failure.resolve);
        else x.session.send({ status: 200 }, 'alive', x.id);
      },
    });
    const client = await RawClient.connect(port);
    client.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\npartial');
    await new Promise((r) => setTimeout(r, 20));
    client.socket.destroy();
    expect((await failure.promise as HttpTransportError).code).toBe('HTTP_ERR_BODY_ABORTED');
    expect(await (await fetch(origin)).text()).toBe('alive');
  });

  it('keeps the connection for the next request after an unread small body', async () => {
    const { port } = await serve({ handler: (x) => x.session.send({ status: 200 }, x.target, x.id) });
    const client = await RawClient.connect(port);
    client.write('POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyzGET /b HTTP/1.1\r\nHost: h\r\n\r\n');
    const text = await client.until((t) => t.endsWith('/b'));
    expect(statusLines(text)).toHaveLength(2);
    expect(client.closed).toBe(false);
  });
});
