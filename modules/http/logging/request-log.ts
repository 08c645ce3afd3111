/**
 * The per-request line of the `requests` logger: one line per HTTP request at `info`,
 * written when its response is complete (or cut off). Format, fields separated by one space:
 *
 * ```
 * METHOD URL STATUS BYTES MSms[ aborted]
 * GET http://localhost:8080/static/app.css?v=2 200 5120 3ms
 * ```
 *
 * - `URL` as the client sent it (full URL, query included), control characters, spaces and
 *   non-ASCII percent-encoded so a crafted URL can never forge a second log line;
 * - `BYTES` is the body handed to the connection (0 for HEAD, 204 and 304), `-` if unknown;
 * - `MS` whole milliseconds from when the request was observed to its last byte;
 * - ` aborted` when the response was cut off after its head (a stream failed, the client left).
 */
import type { Readable } from 'node:stream';
import { BRIDGE_EXCHANGE, type BridgeExchange, type RequestHeaders } from '../bridge/exchange.ts';
import type { HttpResponseHead } from '../transport/index.ts';
import { getLogger, loggers } from './registry.ts';

/** What one request line says. */
export interface RequestLine {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** Body bytes sent; undefined when unknown. */
  readonly bytes: number | undefined;
  readonly ms: number;
  readonly aborted?: boolean;
}

/**
 * The request line for `line` (see the module comment for the format).
 *
 * @example formatRequestLine({ method: 'GET', url: 'http://h/x', status: 200, bytes: 12, ms: 3.4 }); // 'GET http://h/x 200 12 3ms'
 */
export function formatRequestLine(line: RequestLine): string {
  const method = /^[A-Za-z-]{1,32}$/.test(line.method) ? line.method : encodeForLog(line.method.slice(0, 32));
  const bytes = line.bytes === undefined ? '-' : String(line.bytes);
  return `${method} ${encodeForLog(line.url)} ${line.status} ${bytes} ${Math.max(0, Math.round(line.ms))}ms${line.aborted ? ' aborted' : ''}`;
}

function encodeForLog(text: string): string {
  // Byte by byte, so even a lone surrogate (which encodeURIComponent rejects) is written safely.
  return text.replace(/[^\x21-\x7E]/gu, (c) => [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

/**
 * Write one request line to the `requests` logger at `info` (nothing when it is quieter).
 * Call it wherever a response is known to be complete; {@link observeRequest} does it for a
 * bridge exchange.
 *
 * @example logRequest({ method: 'GET', url, status: 404, bytes: 9, ms: performance.now() - t0 });
 */
export function logRequest(line: RequestLine): void {
  if (loggers.enabled('requests', 'info')) getLogger('requests').info(formatRequestLine(line));
}

const observed = new WeakSet<BridgeExchange>();

/**
 * Watch `exchange` and write its request line when its response completes or is aborted.
 * Returns the exchange to use from now on (a recording wrapper), or `exchange` itself when
 * the `requests` logger is quieter than `info` (no cost) or the exchange is already observed
 * (so two layers calling it log once). Call it as soon as the exchange arrives: the time
 * runs from this call.
 *
 * @example const exchange = observeRequest(toBridgeExchange(header)!);
 */
export function observeRequest(exchange: BridgeExchange): BridgeExchange {
  if (observed.has(exchange) || !loggers.enabled('requests', 'info')) return exchange;
  const wrapper = new ObservedExchange(exchange);
  observed.add(exchange);
  observed.add(wrapper);
  return wrapper;
}

/** A BridgeExchange that counts what goes out and logs when it is done. */
class ObservedExchange implements BridgeExchange {
  readonly [BRIDGE_EXCHANGE] = true as const;
  private readonly started = performance.now();
  private status = 0;
  private bytes = 0;
  private logged = false;

  constructor(private readonly inner: BridgeExchange) {}

  get method(): string {
    return this.inner.method;
  }
  get url(): string {
    return this.inner.url;
  }
  get headers(): RequestHeaders {
    return this.inner.headers;
  }
  get remoteAddress(): string | undefined {
    return this.inner.remoteAddress;
  }
  get secure(): boolean {
    return this.inner.secure;
  }
  get hasBody(): boolean {
    return this.inner.hasBody;
  }
  get answered(): boolean {
    return this.inner.answered;
  }
  get streaming(): boolean {
    return this.inner.streaming;
  }
  readBody(): Promise<Buffer> {
    return this.inner.readBody();
  }
  body(): Readable {
    return this.inner.body();
  }
  send(head: HttpResponseHead, body: string | Uint8Array): void {
    this.inner.send(head, body);
    this.status = head.status;
    this.bytes = this.countable(head.status) ? Buffer.byteLength(body) : 0;
    this.done(false);
  }
  sendNoBody(head: HttpResponseHead): void {
    this.inner.sendNoBody(head);
    this.status = head.status;
    this.done(false);
  }
  start(head: HttpResponseHead): void {
    this.inner.start(head);
    this.status = head.status;
  }
  chunk(data: Uint8Array): boolean {
    if (this.countable(this.status)) this.bytes += data.byteLength;
    return this.inner.chunk(data);
  }
  drained(): Promise<void> {
    return this.inner.drained();
  }
  finish(): void {
    this.inner.finish();
    this.done(false);
  }
  abort(): void {
    this.inner.abort();
    this.done(true);
  }

  private countable(status: number): boolean {
    return this.inner.method !== 'HEAD' && status !== 204 && status !== 304;
  }

  private done(aborted: boolean): void {
    if (this.logged) return;
    this.logged = true;
    logRequest({ method: this.inner.method, url: this.inner.url, status: this.status, bytes: this.bytes, ms: performance.now() - this.started, aborted });
  }
}
