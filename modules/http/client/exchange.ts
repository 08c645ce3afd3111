import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { RocError } from '../../../kernel/index.ts';
import { freshUntil } from './freshness.ts';

/** The HTTP methods the client issues. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One outgoing exchange, as the endpoints prepare it. */
export interface ExchangeInit {
  readonly method: HttpMethod;
  readonly url: URL;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | undefined;
  readonly timeout: number;
  readonly maxRedirects: number;
  readonly maxBytes: number;
}

/** What came back, after redirects. */
export interface ExchangeResult {
  readonly status: number;
  readonly statusText: string;
  /** The final response's headers (Node's shape: lower-case names, `set-cookie` an array). */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL that answered, after redirects. */
  readonly url: string;
  /** Until when (ms since the epoch) the whole redirect chain allows reuse; ≤ now: never. */
  readonly freshUntil: number;
}

/** Why an exchange failed, in `details.kind` of ROC_ERR_HTTP_CLIENT; lets an edge choose 502 or 504. */
export type HttpClientFailure = 'refused' | 'unreachable' | 'timeout' | 'protocol' | 'closed' | 'redirects' | 'too-large' | 'status';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Credentials a redirect must not carry to another origin.
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const ENCODINGS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};
/** What the client asks for when the config does not say: encodings it can decode. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, br';

/**
 * Perform one HTTP exchange with Node's `http`/`https`, following redirects, within one
 * deadline for everything (connect, redirects, headers, body). Every failure becomes a
 * RocError ROC_ERR_HTTP_CLIENT with `details.kind`; nothing waits past the deadline.
 *
 * @example const r = await performExchange({ method: 'GET', url: new URL('http://127.0.0.1:8080/'), headers: {}, body: undefined, timeout: 5000, maxRedirects: 5, maxBytes: 1e6 });
 */
export async function performExchange(init: ExchangeInit): Promise<ExchangeResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, init.timeout);
  const chain: string[] = [init.url.href];
  const fail = (kind: HttpClientFailure, reason: string, cause?: unknown, extra: Record<string, number> = {}): RocError =>
    new RocError('ROC_ERR_HTTP_CLIENT', { method: init.method, url: redact(init.url), reason, kind, ...extra }, cause === undefined ? undefined : { cause });
  try {
    let url = init.url;
    let method: HttpMethod = init.method;
    let body = init.body;
    let headers: Record<string, string> = { ...init.headers };
    let until = Infinity;
    for (let redirects = 0; ; redirects++) {
      const res = await send(url, method, headers, body, controller.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      const follow = REDIRECTS.has(status) && location !== undefined && init.maxRedirects > 0;
      until = Math.min(until, freshUntil(res.headers, status, Date.now(), follow));
      if (!follow) {
        const bytes = await readBody(res, init.maxBytes, controller.signal, fail);
        return { status, statusText: res.statusMessage ?? '', headers: res.headers, body: bytes, url: url.href, freshUntil: until };
      }
      res.resume(); // a redirect's body is not wanted; drain it so the socket can be reused
      let next: URL;
      try {
        next = new URL(location, url);
      } catch (error) {
        throw fail('redirects', `redirect to an invalid Location "${location}"`, error);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw fail('redirects', `redirect to unsupported scheme ${next.protocol} (${redact(next)})`);
      chain.push(next.href);
      if (redirects + 1 > init.maxRedirects) {
        const loop = new Set(chain).size < chain.length;
        throw fail('redirects', `${loop ? 'redirect loop' : 'too many redirects'}: more than ${init.maxRedirects} (${chain.map((u) => redact(new URL(u))).join(' → ')})`);
      }
      // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        const { 'content-type': _type, 'content-length': _length, ...rest } = headers;
        headers = rest;
      }
      if (next.origin !== url.origin) for (const name of ORIGIN_BOUND_HEADERS) delete headers[name];
      url = next;
    }
  } catch (error) {
    if (error instanceof RocError) throw error;
    if (timedOut) throw fail('timeout', `no complete response within ${init.timeout} ms (timeout)`, error);
    throw networkFailure(error, fail);
  } finally {
    clearTimeout(timer);
  }
}

function send(url: URL, method: HttpMethod, headers: Record<string, string>, body: Uint8Array | undefined, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing: Record<string, string> = { ...headers };
    if (body !== undefined) outgoing['content-length'] = String(body.byteLength);
    else if (method === 'POST' || method === 'PUT') outgoing['content-length'] = '0';
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers: outgoing, signal });
    request.once('response', resolve);
    request.once('error', reject);
    request.end(body === undefined ? undefined : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}

type Fail = (kind: HttpClientFailure, reason: string, cause?: unknown, extra?: Record<string, number>) => RocError;

async function readBody(res: IncomingMessage, maxBytes: number, signal: AbortSignal, fail: Fail): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw fail('too-large', `response body of ${declared} bytes is larger than maxBytes ${maxBytes}`);
  }
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = ENCODINGS[encoding];
  let stream: NodeJS.ReadableStream = res;
  if (decoder) {
    // pipeline, so a failure of either side destroys both (no dangling socket).
    stream = pipeline(res, decoder(), () => undefined) as unknown as NodeJS.ReadableStream;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      if (signal.aborted) throw signal.reason;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.byteLength;
      if (size > maxBytes) {
        res.destroy();
        throw fail('too-large', `response body is larger than maxBytes ${maxBytes}${decoder ? ' (after decompression)' : ''}`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    res.destroy();
    if (error instanceof RocError || signal.aborted) throw error;
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (decoder && (code.startsWith('Z_') || code.includes('BROTLI'))) {
      throw fail('protocol', `the ${encoding} body cannot be decoded (${code})`, error);
    }
    throw error;
  }
  // Node ends the stream without error when the server closes before Content-Length bytes came.
  if (!res.complete) throw fail('closed', 'the connection closed before the response body was complete');
  if (decoder) {
    // The representation is the decoded body: these headers no longer describe it.
    delete res.headers['content-encoding'];
    delete res.headers['content-length'];
  }
  return Buffer.concat(chunks, size);
}

function networkFailure(error: unknown, fail: Fail): RocError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return fail('refused', 'connection refused (ECONNREFUSED): nothing is listening there', error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return fail('unreachable', `host not found (${code})`, error);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT') return fail('unreachable', `host unreachable (${code})`, error);
  if (code.startsWith('HPE_')) return fail('protocol', `the server's response is not valid HTTP (${code}: ${message})`, error);
  if (code === 'ECONNRESET' || code === 'EPIPE') return fail('closed', `the server closed the connection (${message})`, error);
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) return fail('protocol', `TLS failure (${code}: ${message})`, error);
  return fail('closed', code ? `${code}: ${message}` : message, error);
}

/** A URL for messages: never the password of `http://user:password@host/`. */
export function redact(url: URL): string {
  if (url.password === '' && url.username === '') return url.href;
  const copy = new URL(url.href);
  copy.password = copy.password ? '***' : '';
  return copy.href;
}
