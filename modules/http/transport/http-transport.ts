import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ConnectionSession } from './connection-session.ts';
import { HttpExchange } from './http-exchange.ts';
import {
  defaultRawExceptionHandler, formatFailure, serializeClosingResponse, type RawExceptionHandler,
} from './raw-exception-handler.ts';
import { declaredLength } from './request-body.ts';
import { HttpTransportError } from './transport-error.ts';
import { resolveTransportOptions, type HttpTransportOptions, type ResolvedTransportOptions } from './transport-options.ts';

/**
 * Where a started transport listens. `origin` is the scheme, address and port, the base of
 * URLs when a request carries no usable Host header.
 *
 * @example
 * const { port, origin } = await transport.start(); // 43817, 'http://127.0.0.1:43817'
 */
export interface HttpTransportAddress {
  readonly host: string;
  readonly port: number;
  readonly origin: string;
}

/** How long a socket that got an error response may take to close its side before we cut it. */
const LINGER_MS = 1_000;
/** A Host header is used for the exchange URL only when it is a plain authority. */
const AUTHORITY = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The HTTP(S) server of the transport layer: Node's `http`/`https` server (and its llhttp
 * parser) with limits, one {@link ConnectionSession} per connection, one handler call per
 * request, a raw exception handler for failures the application never saw, and a graceful
 * `stop`. It knows nothing of the kernel: the kernel adapter supplies the handler and turns
 * each {@link HttpExchange} into a root request for `exchange.url`.
 *
 * @example
 * const transport = new HttpTransport({
 *   port: 0,
 *   handler: (exchange) => exchange.session.send({ status: 200 }, 'hello', exchange.id),
 * });
 * const { origin } = await transport.start();
 * console.log(await (await fetch(origin)).text()); // hello
 * await transport.stop(1_000);
 */
export class HttpTransport {
  readonly #options: ResolvedTransportOptions;
  readonly #exceptionHandler: RawExceptionHandler;
  readonly #server: http.Server;
  readonly #sessions = new Map<Duplex, ConnectionSession>();
  readonly #sockets = new Set<Socket>();
  #address: HttpTransportAddress | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: HttpTransportOptions) {
    this.#options = resolveTransportOptions(options);
    this.#exceptionHandler = this.#options.exceptionHandler ?? defaultRawExceptionHandler;
    const { limits, tls } = this.#options;
    const serverOptions: http.ServerOptions = {
      maxHeaderSize: limits.maxHeaderSize,
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      connectionsCheckingInterval: checkingInterval(limits.headersTimeout, limits.requestTimeout),
    };
    this.#server = tls === undefined ? http.createServer(serverOptions) : https.createServer({ ...serverOptions, key: tls.key, cert: tls.cert });
    this.#server.keepAliveTimeout = limits.keepAliveTimeout;
    if (limits.maxConnections !== Infinity) this.#server.maxConnections = limits.maxConnections;
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
    this.#server.on('request', (req, res) => this.#onRequest(req, res, false));
    // Listening to checkContinue stops Node sending 100 at once: we send it on the first body read.
    this.#server.on('checkContinue', (req, res) => this.#onRequest(req, res, true));
    this.#server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.#onUpgrade(req, socket, head));
    this.#server.on('clientError', (error: Error, socket: Duplex) => this.#onClientError(error, socket));
  }

  /** The address once started, else `undefined`. */
  get address(): HttpTransportAddress | undefined {
    return this.#address;
  }

  /** Number of open connections that have sent at least one request. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Start listening; resolves with the actual address (the free port chosen when `port` is 0). */
  start(): Promise<HttpTransportAddress> {
    if (this.#address !== undefined) return Promise.resolve(this.#address);
    const { port, host, tls } = this.#options;
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.#server.once('error', onError);
      this.#server.listen(port, host, () => {
        this.#server.off('error', onError);
        const bound = this.#server.address() as AddressInfo;
        const hostPart = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
        this.#address = { host: bound.address, port: bound.port, origin: `${tls === undefined ? 'http' : 'https'}://${hostPart}:${bound.port}` };
        resolve(this.#address);
      });
    });
  }

  /**
   * Shut down gracefully: stop accepting, close idle keep-alive connections at once, let
   * in-flight responses finish (they carry `Connection: close`) for up to `graceMs`, then
   * destroy whatever is left and resolve.
   */
  stop(graceMs = 5_000): Promise<void> {
    if (!Number.isFinite(graceMs) || graceMs < 0) throw new RangeError(`HttpTransport.stop: graceMs must be a non-negative number, got ${graceMs}`);
    if (this.#stopping !== undefined) return this.#stopping;
    if (!this.#server.listening) return Promise.resolve();
    this.#stopping = new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        for (const socket of this.#sockets) socket.destroy();
      }, graceMs);
      this.#server.close(() => {
        clearTimeout(deadline);
        this.#address = undefined;
        resolve();
      });
      for (const session of this.#sessions.values()) session.beginClose();
      this.#server.closeIdleConnections();
    });
    return this.#stopping;
  }

  #sessionFor(socket: Duplex): ConnectionSession {
    let session = this.#sessions.get(socket);
    if (session === undefined) {
      const { maxPendingPerConnection, responseTimeout } = this.#options.limits;
      session = new ConnectionSession(socket as Socket, { maxPending: maxPendingPerConnection, responseTimeout });
      this.#sessions.set(socket, session);
      socket.once('close', () => this.#sessions.delete(socket));
      if (this.#stopping !== undefined) session.beginClose();
    }
    return session;
  }

  #onRequest(req: http.IncomingMessage, res: http.ServerResponse, expectsContinue: boolean): void {
    const session = this.#sessionFor(req.socket);
    const oversized = (declaredLength(req) ?? 0) > this.#options.limits.maxBodySize;
    let exchange: HttpExchange | undefined;
    session.open(
      req,
      res,
      undefined,
      (id) => {
        // Either the body is read (413) or left unread: draining it to keep the connection is not worth it.
        if (oversized) session.closeAfter(id);
        exchange = this.#exchange(req, session, id, false, expectsContinue ? () => res.writeContinue() : undefined);
        // llhttp accepts HTTP/0.9 request lines; nothing above this layer should have to.
        if (req.httpVersionMajor !== 1) this.#fail(unsupportedVersion(req.httpVersion), session, id, exchange, true);
        else this.#dispatch(exchange);
      },
      (id) => this.#fail(responseTimeout(), session, id, exchange, true),
    );
  }

  #onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const session = this.#sessionFor(socket);
    let exchange: HttpExchange | undefined;
    session.open(
      req,
      undefined,
      { request: req, head },
      (id) => {
        exchange = this.#exchange(req, session, id, true, undefined);
        this.#dispatch(exchange);
      },
      (id) => this.#fail(responseTimeout(), session, id, exchange, true),
    );
  }

  #exchange(req: http.IncomingMessage, session: ConnectionSession, id: number, isUpgrade: boolean, sendContinue: (() => void) | undefined): HttpExchange {
    return new HttpExchange({
      id, session, request: req, url: this.#urlOf(req), secure: this.#options.tls !== undefined, isUpgrade,
      maxBodySize: this.#options.limits.maxBodySize, sendContinue,
      onBodyFailure: (error, failed) => this.#fail(error, session, id, failed, true),
    });
  }

  #dispatch(exchange: HttpExchange): void {
    try {
      const result: unknown = this.#options.handler(exchange);
      // An async handler's rejection is as much a failure as a synchronous throw.
      if (result instanceof Promise) result.catch((error: unknown) => this.#fail(error, exchange.session, exchange.id, exchange, false));
    } catch (error) {
      this.#fail(error, exchange.session, exchange.id, exchange, false);
    }
  }

  #fail(error: unknown, session: ConnectionSession, id: number, exchange: HttpExchange | undefined, close: boolean): void {
    const formatted = formatFailure(this.#exceptionHandler, error, exchange);
    const headers = Object.fromEntries(Object.entries(formatted.headers ?? {}).filter(([name]) => !FRAMING.has(name.toLowerCase())));
    try {
      session.answerFailure({ status: formatted.status, headers }, formatted.body ?? '', id, close);
    } catch {
      // The formatter produced an unsendable head (e.g. CR/LF in a value): fall back to the default.
      const fallback = defaultRawExceptionHandler(error, exchange);
      session.answerFailure({ status: fallback.status, headers: fallback.headers ?? {} }, fallback.body ?? '', id, close);
    }
  }

  #onClientError(error: Error, socket: Duplex): void {
    const code = (error as NodeJS.ErrnoException).code;
    const session = this.#sessions.get(socket);
    // A request cut off mid-body cannot be answered sensibly (its reader is stuck on a body
    // that will never come): close, and its body stream fails as aborted.
    if (code === 'ECONNRESET' || code === 'EPIPE' || !socket.writable || session?.receiving === true) {
      socket.destroy();
      return;
    }
    let bytes: Buffer;
    try {
      bytes = serializeClosingResponse(formatFailure(this.#exceptionHandler, error, undefined));
    } catch {
      bytes = serializeClosingResponse(defaultRawExceptionHandler(error, undefined));
    }
    const respond = (): void => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      socket.end(bytes);
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    };
    // Earlier pipelined responses still go out first; the error answers the request that broke.
    if (session === undefined) respond();
    else session.whenSettled(respond);
  }

  #urlOf(req: http.IncomingMessage): string {
    const scheme = this.#options.tls === undefined ? 'http' : 'https';
    const host = req.headers.host;
    const authority = host !== undefined && AUTHORITY.test(host) ? host : this.#boundAuthority();
    const target = req.url ?? '/';
    if (target.startsWith('/')) return `${scheme}://${authority}${target}`;
    try {
      const absolute = new URL(target);
      if (absolute.protocol === 'http:' || absolute.protocol === 'https:') return `${scheme}://${absolute.host}${absolute.pathname}${absolute.search}`;
    } catch {
      // Not absolute-form (e.g. `OPTIONS *`): the resource is the server itself.
    }
    return `${scheme}://${authority}/`;
  }

  #boundAuthority(): string {
    return this.#address === undefined ? this.#options.host : new URL(this.#address.origin).host;
  }
}

const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection']);

function responseTimeout(): HttpTransportError {
  return new HttpTransportError('HTTP_ERR_RESPONSE_TIMEOUT', 'The application did not finish the response within the response timeout');
}

function unsupportedVersion(version: string): HttpTransportError {
  return new HttpTransportError('HTTP_ERR_VERSION', `HTTP/${version} is not supported; use HTTP/1.0 or HTTP/1.1`);
}

/** Node checks header/request timeouts on a timer; check often enough for short limits. */
function checkingInterval(headersTimeout: number, requestTimeout: number): number {
  const active = [headersTimeout, requestTimeout].filter((t) => t > 0);
  if (active.length === 0) return 30_000;
  return Math.max(50, Math.min(30_000, Math.floor(Math.min(...active) / 4)));
}
