import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { HttpTransportError } from './transport-error.ts';

/** How a request body is read: the limit, and what to do on the first read or a failure. */
export interface BodySource {
  readonly request: IncomingMessage;
  readonly maxBodySize: number;
  /** Runs once, on first read: where `Expect: 100-continue` is answered. */
  readonly onFirstRead: () => void;
  /** The body broke the limit or was cut short; the transport answers for the request. */
  readonly onFailure: (error: HttpTransportError) => void;
}

/**
 * Wrap a request's body in a stream that enforces the size limit and reports failures.
 * Nothing is read from the socket until the returned stream is read, and reading pauses
 * whenever the consumer stops pulling, so a slow consumer slows the client rather than
 * filling memory. A declared `Content-Length` over the limit fails at once, before any
 * byte (or a `100 Continue`) is exchanged.
 *
 * @example
 * const stream = limitedBody({ request: req, maxBodySize: 1024, onFirstRead() {}, onFailure() {} });
 * for await (const chunk of stream) console.log(chunk.length);
 */
export function limitedBody(source: BodySource): Readable {
  const { request, maxBodySize } = source;
  const declared = declaredLength(request);
  let seen = 0;
  let started = false;
  const fail = (error: HttpTransportError): void => {
    request.off('data', onData);
    request.pause();
    stream.destroy(error);
    source.onFailure(error);
  };
  const onData = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen > maxBodySize) fail(tooLarge(maxBodySize));
    else if (!stream.push(chunk)) request.pause();
  };
  const stream = new Readable({
    read() {
      if (!started) {
        started = true;
        if (declared !== undefined && declared > maxBodySize) {
          fail(tooLarge(maxBodySize));
          return;
        }
        source.onFirstRead();
        request.on('data', onData);
      }
      request.resume();
    },
  });
  request.once('end', () => stream.push(null));
  request.once('close', () => {
    if (!request.complete && !stream.destroyed) {
      fail(new HttpTransportError('HTTP_ERR_BODY_ABORTED', 'The client closed the connection before sending the whole request body'));
    }
  });
  return stream;
}

/** Read a whole body into one buffer, failing like the stream does. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request's `Content-Length` when it has one (Node has already rejected malformed ones). */
export function declaredLength(request: IncomingMessage): number | undefined {
  const value = request.headers['content-length'];
  return value === undefined ? undefined : Number(value);
}

function tooLarge(limit: number): HttpTransportError {
  return new HttpTransportError('HTTP_ERR_BODY_TOO_LARGE', `The request body exceeds the limit of ${limit} bytes`);
}
