/**
 * An HTTP exchange with no socket: the request is given as values, and the response is
 * recorded. The test client issues these into a fulcrum exactly as the transport issues real
 * ones, so the bridge cannot tell the difference.
 */
import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import { HttpTransportError, type HttpResponseHead } from '../transport/index.ts';
import { BRIDGE_EXCHANGE, type BridgeExchange, type RequestHeaders } from './exchange.ts';

export interface InProcessRequest {
  readonly method: string;
  readonly url: string;
  /** Lower-case names. */
  readonly headers: RequestHeaders;
  readonly body: Buffer | undefined;
  readonly remoteAddress?: string;
  /** The transport's body limit (default 1 MiB, as the transport's). */
  readonly maxBodySize?: number;
}

type State = 'pending' | 'started' | 'finished' | 'aborted';
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The in-process {@link BridgeExchange}: `status`, `headers` and `body` once `done` resolves.
 * Heads are checked like Node checks them (a CR or LF in a header throws), so a test catches
 * what a real socket would refuse.
 *
 * @example
 * const x = new InProcessExchange({ method: 'GET', url: 'http://test/', headers: {}, body: undefined });
 * await kernel.issue(new Request(x.url).setHeader(EXCHANGE_HEADER, x), scope, undefined);
 */
export class InProcessExchange implements BridgeExchange {
  readonly [BRIDGE_EXCHANGE] = true as const;
  readonly method: string;
  readonly url: string;
  readonly headers: RequestHeaders;
  readonly remoteAddress: string | undefined;
  readonly secure: boolean;
  status = 0;
  responseHeaders: Record<string, string | string[]> = {};
  readonly #chunks: Buffer[] = [];
  readonly #body: Buffer | undefined;
  readonly #maxBodySize: number;
  #state: State = 'pending';
  #stream: Readable | undefined;
  #settle!: () => void;
  /** Resolves when the response is complete or aborted. */
  readonly done: Promise<void> = new Promise((resolve) => (this.#settle = resolve));

  constructor(request: InProcessRequest) {
    this.method = request.method.toUpperCase();
    this.url = request.url;
    this.headers = request.headers;
    this.remoteAddress = request.remoteAddress ?? '127.0.0.1';
    this.secure = this.url.startsWith('https:');
    this.#body = request.body;
    this.#maxBodySize = request.maxBodySize ?? 1024 * 1024;
  }

  get hasBody(): boolean {
    return this.#body !== undefined && this.#body.length > 0;
  }

  /** True when the response was cut off after its head (what a client sees as a dropped connection). */
  get aborted(): boolean {
    return this.#state === 'aborted';
  }

  body(): Readable {
    return (this.#stream ??= this.#tooLarge() ? failing(this.#limitError()) : Readable.from(this.#body === undefined ? [] : [this.#body]));
  }

  readBody(): Promise<Buffer> {
    if (this.#tooLarge()) return Promise.reject(this.#limitError());
    return Promise.resolve(this.#body ?? Buffer.alloc(0));
  }

  get answered(): boolean {
    return this.#state !== 'pending';
  }

  get streaming(): boolean {
    return this.#state === 'started';
  }

  /** The response body received so far. */
  get responseBody(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  send(head: HttpResponseHead, body: string | Uint8Array): void {
    const bytes = Buffer.from(body);
    this.start(head.headers !== undefined && Object.keys(head.headers).some((k) => k.toLowerCase() === 'content-length') ? head : { ...head, headers: { ...head.headers, 'content-length': bytes.length } });
    this.chunk(bytes);
    this.finish();
  }

  sendNoBody(head: HttpResponseHead): void {
    const bodyless = head.status === 204 || head.status === 304;
    this.start(bodyless ? head : { ...head, headers: { ...head.headers, 'content-length': 0 } });
    this.finish();
  }

  start(head: HttpResponseHead): void {
    if (this.#state !== 'pending') throw new Error(`the response is already ${this.#state}`);
    if (!Number.isInteger(head.status) || STATUS_CODES[head.status] === undefined) throw new RangeError(`invalid status ${head.status}`);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(head.headers ?? {})) {
      const values = (typeof value === 'object' ? [...value] : [value]).map(String);
      if (!TOKEN.test(name) || values.some((v) => /[\r\n\0]/.test(v))) throw new TypeError(`Invalid character in header "${name}"`);
      headers[name.toLowerCase()] = values.length === 1 ? values[0]! : values;
    }
    this.status = head.status;
    this.responseHeaders = headers;
    this.#state = 'started';
  }

  chunk(data: Uint8Array): boolean {
    if (this.#state !== 'started') return true;
    // HEAD answers carry the head of GET and no body, as on a real connection.
    if (this.method !== 'HEAD') this.#chunks.push(Buffer.from(data));
    return true;
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  finish(): void {
    if (this.#state !== 'started') return;
    this.#state = 'finished';
    this.#settle();
  }

  abort(): void {
    if (this.#state === 'finished' || this.#state === 'aborted') return;
    this.#state = 'aborted';
    this.#settle();
  }

  #tooLarge(): boolean {
    return this.#body !== undefined && this.#body.length > this.#maxBodySize;
  }

  #limitError(): HttpTransportError {
    return new HttpTransportError('HTTP_ERR_BODY_TOO_LARGE', `The request body exceeds the limit of ${this.#maxBodySize} bytes`);
  }
}

function failing(error: Error): Readable {
  return new Readable({ read() { this.destroy(error); } });
}
