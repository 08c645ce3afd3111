/**
 * What the bridge needs from an HTTP exchange, whoever carries it: the transport's
 * {@link HttpExchange} over a real socket, or the in-process test client's exchange. The
 * bridge reads the request through it and answers through it, and never touches a socket.
 */
import type { Readable } from 'node:stream';
import { HttpExchange, type HttpResponseHead } from '../transport/index.ts';

const BRAND: unique symbol = Symbol.for('roc.http.bridgeExchange');

/** Request headers: names lower-cased, repeated ones joined (as Node does; `set-cookie` stays a list). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One HTTP request and the means to answer it. The request side is read lazily (the body
 * only when someone asks); the response side is either one whole response (`send`,
 * `sendNoBody`) or a stream (`start`, `chunk`*, `finish`), and `abort` drops the connection
 * when a stream fails after its head went out.
 *
 * @example
 * class MyExchange implements BridgeExchange { readonly [BRIDGE_EXCHANGE] = true; ... }
 */
export interface BridgeExchange {
  readonly [BRAND]: true;
  readonly method: string;
  /** Absolute URL: `http://host:port/path?query`. */
  readonly url: string;
  readonly headers: RequestHeaders;
  readonly remoteAddress: string | undefined;
  readonly secure: boolean;
  /** True when the request announces a body. */
  readonly hasBody: boolean;
  /** The whole body, within the transport's body limit (rejects with an HttpTransportError over it). */
  readBody(): Promise<Buffer>;
  /** The body as a stream (the same one each time). */
  body(): Readable;
  /** True once anything of the response has gone out (or the exchange can no longer answer). */
  readonly answered: boolean;
  /** True once the head went out but the body is not finished: only `chunk`, `finish` or `abort` are possible. */
  readonly streaming: boolean;
  send(head: HttpResponseHead, body: string | Uint8Array): void;
  sendNoBody(head: HttpResponseHead): void;
  start(head: HttpResponseHead): void;
  /** Write body bytes; `false` means wait for `drained()`. */
  chunk(data: Uint8Array): boolean;
  drained(): Promise<void>;
  finish(): void;
  abort(): void;
}

/** The brand that marks a {@link BridgeExchange}; an in-process exchange sets `[BRIDGE_EXCHANGE] = true`. */
export const BRIDGE_EXCHANGE: typeof BRAND = BRAND;

/** True when `value` is a {@link BridgeExchange}. */
export function isBridgeExchange(value: unknown): value is BridgeExchange {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** The transport's exchange behind the bridge interface: its session and id do the answering. */
class TransportExchange implements BridgeExchange {
  readonly [BRAND] = true as const;
  constructor(private readonly x: HttpExchange) {}
  get method(): string {
    return this.x.method;
  }
  get url(): string {
    return this.x.url;
  }
  get headers(): RequestHeaders {
    return this.x.headers;
  }
  get remoteAddress(): string | undefined {
    return this.x.remoteAddress;
  }
  get secure(): boolean {
    return this.x.secure;
  }
  get hasBody(): boolean {
    return this.x.hasBody;
  }
  readBody(): Promise<Buffer> {
    return this.x.readBody();
  }
  body(): Readable {
    return this.x.body();
  }
  get answered(): boolean {
    return this.x.session.stateOf(this.x.id) !== 'pending';
  }
  get streaming(): boolean {
    return this.x.session.stateOf(this.x.id) === 'started';
  }
  send(head: HttpResponseHead, body: string | Uint8Array): void {
    this.x.session.send(head, body, this.x.id);
  }
  sendNoBody(head: HttpResponseHead): void {
    this.x.session.sendNoBody(head, this.x.id);
  }
  start(head: HttpResponseHead): void {
    this.x.session.sendStart(head, this.x.id);
  }
  chunk(data: Uint8Array): boolean {
    return this.x.session.sendChunk(data, this.x.id);
  }
  drained(): Promise<void> {
    return this.x.session.drained(this.x.id);
  }
  finish(): void {
    this.x.session.sendFinished(this.x.id);
  }
  abort(): void {
    this.x.session.sendCancel(this.x.id);
  }
}

const adapted = new WeakMap<HttpExchange, BridgeExchange>();

/** The bridge view of what the `roc:httpExchange` request header carries, or undefined. */
export function toBridgeExchange(value: unknown): BridgeExchange | undefined {
  if (isBridgeExchange(value)) return value;
  if (!(value instanceof HttpExchange)) return undefined;
  let exchange = adapted.get(value);
  if (exchange === undefined) adapted.set(value, (exchange = new TransportExchange(value)));
  return exchange;
}
