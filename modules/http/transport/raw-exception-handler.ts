import { STATUS_CODES } from 'node:http';
import type { HttpExchange } from './http-exchange.ts';
import { HttpTransportError } from './transport-error.ts';

/** A complete response produced for a failure: status, headers and a small body. */
export interface RawErrorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number | readonly string[]>>;
  readonly body?: string | Uint8Array;
}

/**
 * Formats failures that happen before a request reaches the application: malformed HTTP
 * (`exchange` is `undefined` because no request could be parsed), timeouts, a body over the
 * limit, or a handler that threw synchronously. It must not throw; if it does, the built-in
 * {@link defaultRawExceptionHandler} answers instead, so a broken formatter never leaves a
 * client hanging.
 *
 * @example
 * const onError: RawExceptionHandler = (error, exchange) => ({
 *   status: statusForError(error, exchange),
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ error: statusForError(error, exchange) }),
 * });
 */
export type RawExceptionHandler = (error: unknown, exchange: HttpExchange | undefined) => RawErrorResponse;

/**
 * The status a transport-level failure deserves: the transport's own errors carry one, Node's
 * parser errors (`HPE_*`) are the client's fault (400, or 431 for oversized headers), a
 * request timeout is 408, and anything thrown by application code is 500.
 *
 * @example
 * statusForError(Object.assign(new Error('x'), { code: 'HPE_HEADER_OVERFLOW' }), undefined); // 431
 */
export function statusForError(error: unknown, exchange: HttpExchange | undefined): number {
  if (error instanceof HttpTransportError) return error.status;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return 408;
  if (typeof code === 'string' && code.startsWith('HPE_')) return 400;
  return exchange === undefined ? 400 : 500;
}

/**
 * The response used when no raw exception handler is configured (or the configured one
 * throws): the status from {@link statusForError} and its reason phrase as plain text. It
 * never includes the error message or a stack, which could leak internals to clients.
 *
 * @example
 * new HttpTransport({ handler, exceptionHandler: defaultRawExceptionHandler }); // same as omitting it
 */
export const defaultRawExceptionHandler: RawExceptionHandler = (error, exchange) => {
  const status = statusForError(error, exchange);
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: `${status} ${STATUS_CODES[status] ?? 'Error'}\n`,
  };
};

/** Run `handler`, falling back to the default when it throws or returns something unusable. */
export function formatFailure(handler: RawExceptionHandler, error: unknown, exchange: HttpExchange | undefined): RawErrorResponse {
  try {
    const response = handler(error, exchange);
    if (Number.isInteger(response.status) && response.status >= 200 && response.status <= 599) return response;
  } catch {
    // A faulty formatter must not turn one failure into a hung connection.
  }
  return defaultRawExceptionHandler(error, exchange);
}

/**
 * Serialise a response for a socket that no longer has a Node `ServerResponse` (parse
 * errors, refused upgrades). Always `Connection: close`: after such a failure the byte
 * stream cannot be trusted to stay in sync, so the connection is not reused.
 */
export function serializeClosingResponse(response: RawErrorResponse): Buffer {
  const body = response.body === undefined ? Buffer.alloc(0) : Buffer.from(response.body);
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'connection' || lower === 'transfer-encoding') continue;
    for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${assertHeaderSafe(String(item))}`);
  }
  lines.push(`content-length: ${body.length}`, 'connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
}

function assertHeaderSafe(value: string): string {
  // Header injection through a formatter would let a client split the response.
  if (/[\r\n\0]/.test(value)) throw new TypeError(`Invalid character in header value ${JSON.stringify(value)}`);
  return value;
}
