import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { ConnectionSession } from './connection-session.ts';
import { declaredLength, limitedBody, readAll } from './request-body.ts';
import type { HttpTransportError } from './transport-error.ts';

/** @internal What the transport knows about a request when it creates its exchange. */
export interface ExchangeInit {
  readonly id: number;
  readonly session: ConnectionSession;
  readonly request: IncomingMessage;
  readonly url: string;
  readonly secure: boolean;
  readonly isUpgrade: boolean;
  readonly maxBodySize: number;
  readonly sendContinue: (() => void) | undefined;
  readonly onBodyFailure: (error: HttpTransportError, exchange: HttpExchange) => void;
}

/**
 * One HTTP request as the transport hands it over: method, full URL
 * (`http://host:port/path?query`, what the kernel adapter will issue as a root request),
 * headers, version, peer, a body that is read only on demand, and the `session` and `id`
 * to answer through. Reading the body is what sends `100 Continue` to a client that asked
 * for it, and the body-size limit applies to every read; a request whose body is never
 * read never buffers it.
 *
 * @example
 * new HttpTransport({
 *   handler: async (exchange) => {
 *     const body = await exchange.readBody();
 *     exchange.session.send({ status: 200 }, `got ${body.length} bytes for ${exchange.url}`, exchange.id);
 *   },
 * });
 */
export class HttpExchange {
  /** The request's number on its connection: 1, 2, 3…, in arrival order. */
  readonly id: number;
  readonly session: ConnectionSession;
  readonly method: string;
  /** Absolute URL: scheme, the Host header's authority (or the bound address), path and query. */
  readonly url: string;
  /** The request target exactly as sent on the request line. */
  readonly target: string;
  /** Header names lower-cased; repeated headers joined as Node joins them. */
  readonly headers: IncomingHttpHeaders;
  /** Headers as sent: alternating names and values, original case and order. */
  readonly rawHeaders: readonly string[];
  readonly httpVersion: string;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly secure: boolean;
  /** The request asks to switch protocols; answer with `session.upgradeProtocol` or a normal response. */
  readonly isUpgrade: boolean;
  readonly #init: ExchangeInit;
  #body: Readable | undefined;

  /** @internal Exchanges are created by the transport. */
  constructor(init: ExchangeInit) {
    const { request } = init;
    this.#init = init;
    this.id = init.id;
    this.session = init.session;
    this.method = request.method ?? 'GET';
    this.url = init.url;
    this.target = request.url ?? '/';
    this.headers = request.headers;
    this.rawHeaders = request.rawHeaders;
    this.httpVersion = request.httpVersion;
    this.remoteAddress = request.socket.remoteAddress;
    this.remotePort = request.socket.remotePort;
    this.secure = init.secure;
    this.isUpgrade = init.isUpgrade;
  }

  /** True when the request announces a body (a non-zero `Content-Length` or a transfer coding). */
  get hasBody(): boolean {
    const length = declaredLength(this.#init.request);
    return (length !== undefined && length > 0) || this.#init.request.headers['transfer-encoding'] !== undefined;
  }

  /** True once the body stream has been asked for. */
  get bodyRequested(): boolean {
    return this.#body !== undefined;
  }

  /**
   * The request body as a stream (the same stream on every call). It errors with an
   * `HttpTransportError` when the body exceeds the limit (the transport then answers 413 and
   * closes the connection) or the client hangs up part-way.
   */
  body(): Readable {
    if (this.#body !== undefined) return this.#body;
    if (this.isUpgrade) {
      this.#body = Readable.from([]);
      return this.#body;
    }
    this.#body = limitedBody({
      request: this.#init.request,
      maxBodySize: this.#init.maxBodySize,
      onFirstRead: () => this.#init.sendContinue?.(),
      onFailure: (error) => this.#init.onBodyFailure(error, this),
    });
    return this.#body;
  }

  /** Read the whole body into one buffer, within the body-size limit. */
  readBody(): Promise<Buffer> {
    return readAll(this.body());
  }
}
