import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { HttpExchange } from './http-exchange.ts';
import { closeAll, RawClient, serve, statusLines } from './test-support.ts';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const wss of servers.splice(0)) wss.close();
  await closeAll();
});

/** The worked example: hand WebSocket upgrades to `ws`, answer everything else normally. */
function echoOverWebSocket(wss: WebSocketServer) {
  return (x: HttpExchange): void => {
    if (x.isUpgrade && x.headers.upgrade?.toLowerCase() === 'websocket') {
      x.session.upgradeProtocol(({ request, socket, head }) => {
        wss.handleUpgrade(request, socket, head, (ws) => {
          ws.on('message', (data, isBinary) => ws.send(isBinary ? data : `echo: ${data.toString()}`));
        });
      });
    } else if (x.isUpgrade) {
      x.session.send({ status: 426, headers: { upgrade: 'websocket' } }, 'WebSocket only', x.id);
    } else {
      x.session.send({ status: 200 }, 'plain http', x.id);
    }
  };
}

function newServer(): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true });
  servers.push(wss);
  return wss;
}

describe('upgradeProtocol', () => {
  it('hands the socket to a WebSocket server that echoes messages', async () => {
    const { port } = await serve({ handler: echoOverWebSocket(newServer()) });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const replies: string[] = [];
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data: WebSocket.RawData) => {
        replies.push(data.toString());
        if (replies.length === 2) resolve();
      });
    });
    ws.send('one');
    ws.send('two');
    await done;
    expect(replies).toEqual(['echo: one', 'echo: two']);
    ws.close();
  });

  it('serves plain HTTP on the same connection before the upgrade', async () => {
    const { port } = await serve({ handler: echoOverWebSocket(newServer()) });
    const client = await RawClient.connect(port);
    client.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    await client.until((t) => t.endsWith('plain http'));
    client.write('GET /chat HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n'
      + 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    const text = await client.until((t) => t.includes('101 Switching Protocols'));
    expect(text).toMatch(/Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/i);
  });

  it('answers a refused upgrade with a normal response and closes', async () => {
    const { port } = await serve({ handler: echoOverWebSocket(newServer()) });
    const client = await RawClient.connect(port);
    client.write('GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n');
    const text = await client.untilClosed();
    expect(statusLines(text)).toEqual(['HTTP/1.1 426 Upgrade Required']);
    expect(text).toMatch(/connection: close\r\n\r\nWebSocket only$/i);
  });

  it('refuses upgradeProtocol for an ordinary request', async () => {
    const errors: unknown[] = [];
    const { origin } = await serve({
      handler: (x) => {
        try {
          x.session.upgradeProtocol(() => {});
        } catch (error) {
          errors.push(error);
        }
        x.session.send({ status: 200 }, 'still http', x.id);
      },
    });
    expect(await (await fetch(origin)).text()).toBe('still http');
    expect(String(errors[0])).toMatch(/no upgrade request/);
  });

  it('closes upgraded connections at the shutdown deadline', async () => {
    const { port, transport } = await serve({ handler: echoOverWebSocket(newServer()) });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.on('error', () => {});
    await transport.stop(100);
    await closed;
  });
});
