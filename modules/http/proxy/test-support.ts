/** Upstream servers for the proxy tests (loopback, port 0) and a fulcrum with the proxy in front of a bridge. */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { commissionSpace, decommissionSpace, Kernel, StandardSpace } from '../../../kernel/index.ts';
import { HttpBridge } from '../bridge/http-bridge.ts';
import { TestClient } from '../bridge/test-client.ts';
import { HttpTransportEndpoint } from '../transport-endpoint.ts';
import { HttpProxy, type HttpProxyOptions } from './http-proxy.ts';

const closers: (() => Promise<void>)[] = [];

/** Close everything the test opened (afterEach). */
export async function closeAll(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close();
}

/** An HTTP server on 127.0.0.1 with `handler`; its origin. */
export async function upstream(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A TCP server that answers every connection with `reply` (garbage, or nothing when undefined). */
export async function rawUpstream(reply: string | undefined): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (reply !== undefined) socket.end(reply);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An origin where nothing listens (a port just released). */
export async function deadOrigin(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/** A fulcrum with the proxy before a bridge (whose app answers `res:/local`), in process. */
export function proxied(options: HttpProxyOptions) {
  const kernel = new Kernel();
  const app = new StandardSpace('urn:test:app');
  app.mount('res:/local', () => 'local page');
  const fulcrum = new StandardSpace('urn:test:fulcrum');
  const proxy = new HttpProxy(options);
  fulcrum.mount(proxy);
  fulcrum.mount(new HttpBridge({ space: app }));
  return { kernel, fulcrum, proxy, client: new TestClient(kernel, fulcrum) };
}

/** The same on a real socket; closed by {@link closeAll}. */
export async function proxiedOnSocket(options: HttpProxyOptions): Promise<string> {
  const setup = proxied(options);
  const transport = new HttpTransportEndpoint({ port: 0, host: '127.0.0.1', graceMs: 0, limits: { responseTimeout: 5_000 } });
  setup.fulcrum.mount(transport);
  await commissionSpace(setup.kernel, setup.fulcrum);
  closers.push(() => decommissionSpace(setup.kernel, setup.fulcrum));
  return transport.address!.origin;
}
