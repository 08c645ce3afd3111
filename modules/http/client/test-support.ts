import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { isRocError, type RocError } from '../../../kernel/index.ts';

/** A request as the test upstream saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A loopback upstream for tests: counts and records requests, closes everything on `close()`. */
export interface Upstream {
  readonly origin: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** Start an HTTP upstream on 127.0.0.1, port 0, answering with `handler`. */
export async function startUpstream(handler: (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void): Promise<Upstream> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      handler(request, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A raw TCP upstream that does whatever `onConnection` does with the socket (write junk, stall, …). */
export async function startRawUpstream(onConnection: (socket: Socket) => void): Promise<{ origin: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The ROC_ERR_HTTP_CLIENT (or other `code`) error inside whatever `promise` rejected with. */
export async function rejectionWith(promise: Promise<unknown>, code: RocError['code'] = 'ROC_ERR_HTTP_CLIENT'): Promise<RocError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  for (let e: unknown = error; e !== undefined; e = (e as { cause?: unknown }).cause) {
    if (isRocError(e, code)) return e;
    if (typeof e !== 'object' || e === null) break;
  }
  throw new Error(`expected a rejection with ${code}, got ${error instanceof Error ? error.message : String(error)}`);
}

/** Answer with a text/plain body (without a Content-Type the client keeps a body as bytes). */
export function sendText(res: ServerResponse, text: string): void {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text);
}
