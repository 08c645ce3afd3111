import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** A header value as the session accepts it; arrays become repeated header lines. */
export type HeaderValue = string | number | readonly string[];

/**
 * Status line and headers of a response, the first thing `sendStart` puts out. Header
 * names are case-insensitive; values with CR, LF or NUL are refused so a response can never
 * be split.
 *
 * @example
 * const head: HttpResponseHead = { status: 200, headers: { 'content-type': 'text/plain', vary: ['accept'] } };
 */
export interface HttpResponseHead {
  readonly status: number;
  /** Reason phrase; the standard one for `status` when absent. */
  readonly reason?: string;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
}

/** Body bytes: one buffer or string, or a list of them sent back to back. */
export type ResponseBody = string | Uint8Array | readonly (string | Uint8Array)[];

/** What a protocol handler receives when the session hands over its socket. */
export interface ProtocolUpgrade {
  readonly socket: Duplex;
  /** Bytes the client sent after the upgrade request's headers, already read off the socket. */
  readonly head: Buffer;
  readonly request: IncomingMessage;
}

/**
 * Takes over a connection after an upgrade request, e.g. a WebSocket server; it must send
 * the `101 Switching Protocols` itself.
 *
 * @example
 * const toWebSocket: ProtocolUpgradeHandler = ({ request, socket, head }) =>
 *   wss.handleUpgrade(request, socket, head, (ws) => ws.on('message', (m) => ws.send(m)));
 */
export type ProtocolUpgradeHandler = (upgrade: ProtocolUpgrade) => void;

/** Where one request's response is: queued (over the pending limit), then pending, started, and done. */
export type ResponseState = 'queued' | 'pending' | 'started' | 'finished' | 'cancelled';

/** @internal Node's setHeader wants mutable arrays. */
export function headerValue(value: HeaderValue): string | number | string[] {
  return typeof value === 'string' || typeof value === 'number' ? value : [...value];
}

/** @internal Case-insensitive header presence. */
export function hasHeader(response: HttpResponseHead, name: string): boolean {
  return Object.keys(response.headers ?? {}).some((key) => key.toLowerCase() === name);
}

/** @internal A copy of `response` with one more header. */
export function withHeader(response: HttpResponseHead, name: string, value: HeaderValue): HttpResponseHead {
  return { ...response, headers: { ...response.headers, [name]: value } };
}

/** @internal Bytes of a body part, without copying a Uint8Array. */
export function toBuffer(part: string | Uint8Array): Buffer {
  return typeof part === 'string' ? Buffer.from(part) : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
}

/** @internal Head for a connection Node no longer manages (a refused upgrade): always close-delimited. */
export function serializeClosingHead(response: HttpResponseHead): Buffer {
  const lines = [`HTTP/1.1 ${response.status} ${response.reason ?? STATUS_CODES[response.status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (name.toLowerCase() === 'connection') continue;
    for (const item of typeof value === 'object' ? value : [value]) {
      if (/[\r\n\0]/.test(`${name}${String(item)}`)) throw new TypeError(`Invalid character in header "${name}"`);
      lines.push(`${name}: ${String(item)}`);
    }
  }
  lines.push('connection: close');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}
