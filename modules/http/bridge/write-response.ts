/**
 * Turning a representation into HTTP bytes and handing them to the exchange. Whole values
 * (strings, bytes, JSON, XML) are serialised completely before the head goes out; a stream
 * is buffered up to a limit, so that a stream failing early still gets a clean error page,
 * and past the limit it is sent chunked: a failure then can only abort the connection.
 */
import { Readable } from 'node:stream';
import { XmlDocument } from '../../../kernel/index.ts';
import type { HttpResponseHead } from '../transport/index.ts';
import type { BridgeExchange } from './exchange.ts';

/** The head and body the bridge is about to send. */
export interface OutgoingResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Uint8Array | Readable | undefined;
}

/** A body and its default content type, for a representation of any supported kind. */
export function serialise(representation: unknown, mime: string | undefined): { body: Uint8Array | Readable | undefined; contentType: string | undefined } {
  if (representation === undefined) return { body: undefined, contentType: mime };
  if (typeof representation === 'string') return { body: Buffer.from(representation, 'utf8'), contentType: withCharset(mime ?? 'text/plain') };
  if (representation instanceof Uint8Array) return { body: representation, contentType: mime ?? 'application/octet-stream' };
  if (representation instanceof XmlDocument) return { body: Buffer.from(representation.text, 'utf8'), contentType: withCharset(mime ?? 'application/xml') };
  if (representation instanceof Readable) return { body: representation, contentType: mime ?? 'application/octet-stream' };
  // Anything else is a JSON value (class instances through their toJSON); a cycle or BigInt throws here, before any byte is sent.
  const json = JSON.stringify(representation);
  if (json === undefined) throw new TypeError(`a ${typeof representation} cannot be written as an HTTP body`);
  return { body: Buffer.from(json, 'utf8'), contentType: withCharset(mime ?? 'application/json') };
}

/** Text types get an explicit UTF-8 charset: strings are always written as UTF-8. */
function withCharset(type: string): string {
  return /;\s*charset=/i.test(type) || !/^(text\/|application\/(json|xml|javascript)|[^;]*\+(json|xml))/i.test(type) ? type : `${type}; charset=utf-8`;
}

/**
 * Send `response` through `exchange`. Resolves once everything is written (or the connection
 * went away). Rejects, with nothing sent, if a stream fails within the first `bufferBytes`;
 * a failure after that aborts the connection and resolves (the head is out: nothing else
 * can be said to the client).
 */
export async function writeResponse(exchange: BridgeExchange, response: OutgoingResponse, bufferBytes: number): Promise<void> {
  const head: HttpResponseHead = { status: response.status, headers: response.headers };
  const { body } = response;
  if (body === undefined) {
    exchange.sendNoBody(head);
    return;
  }
  if (!(body instanceof Readable)) {
    exchange.send(head, body);
    return;
  }
  await writeStream(exchange, head, body, bufferBytes);
}

async function writeStream(exchange: BridgeExchange, head: HttpResponseHead, stream: Readable, bufferBytes: number): Promise<void> {
  const buffered: Buffer[] = [];
  let size = 0;
  let started = false;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
      if (!started) {
        buffered.push(bytes);
        size += bytes.length;
        if (size <= bufferBytes) continue;
        exchange.start(head);
        started = true;
        for (const part of buffered.splice(0)) exchange.chunk(part);
      } else if (!exchange.chunk(bytes)) {
        await exchange.drained();
      }
      // The client went away: stop producing for nobody.
      if (!exchange.streaming) {
        stream.destroy();
        return;
      }
    }
  } catch (error) {
    stream.destroy();
    if (!started) throw error;
    exchange.abort();
    return;
  }
  if (started) exchange.finish();
  else exchange.send(head, Buffer.concat(buffered));
}
