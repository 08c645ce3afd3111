import { TextDecoder } from 'node:util';
import { RocError, XmlDocument, isOfClass } from '../../../kernel/index.ts';

/**
 * True for media types whose bodies are text: `text/*`, JSON (`application/json`,
 * `*+json`), XML (`application/xml`, `*+xml`), JavaScript and form-urlencoded. Their bodies
 * become strings; every other body stays bytes.
 */
export function isTextual(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    /^application\/(json|xml|javascript|ecmascript|x-www-form-urlencoded)$/.test(mime) ||
    /\+(json|xml)$/.test(mime)
  );
}

/** The media type and charset of a Content-Type value, lower-cased, parameters dropped. */
export function parseContentType(value: string | undefined): { mime: string | undefined; charset: string | undefined } {
  if (value === undefined || value.trim() === '') return { mime: undefined, charset: undefined };
  const [type = '', ...params] = value.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const match = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(param);
    if (match) charset = match[1]!.toLowerCase();
  }
  const mime = type.trim().toLowerCase();
  return { mime: mime === '' ? undefined : mime, charset };
}

/**
 * The representation of a response body: a string for textual types (decoded with the
 * Content-Type charset, UTF-8 when none or unknown), bytes for the rest. An empty body
 * without a Content-Type is the empty string, so a 204 reads as ''.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): { value: string | Uint8Array; mime: string | undefined } {
  const { mime, charset } = parseContentType(contentType);
  if (mime === undefined) return { value: body.byteLength === 0 ? '' : body, mime };
  if (!isTextual(mime)) return { value: body, mime };
  return { value: decoderFor(charset).decode(body), mime };
}

function decoderFor(charset: string | undefined): TextDecoder {
  try {
    return new TextDecoder(charset ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8'); // an unknown label: UTF-8 is the best guess on today's web
  }
}

/**
 * The request body for a `state` value: the bytes to send and the Content-Type to send them
 * with (the state response's own mime type when it has one, else one chosen by class).
 * Strings are UTF-8, XmlDocuments their text, JSON values JSON text, bytes as they are.
 */
export function encodeState(value: unknown, mime: string | undefined, identifier: string): { bytes: Uint8Array; contentType: string } {
  if (typeof value === 'string') return { bytes: Buffer.from(value, 'utf8'), contentType: mime ?? 'text/plain; charset=utf-8' };
  if (value instanceof Uint8Array) return { bytes: value, contentType: mime ?? 'application/octet-stream' };
  if (value instanceof XmlDocument) return { bytes: Buffer.from(value.text, 'utf8'), contentType: mime ?? 'application/xml; charset=utf-8' };
  if (isOfClass(value, 'json')) return { bytes: Buffer.from(JSON.stringify(value), 'utf8'), contentType: mime ?? 'application/json' };
  throw new RocError('ROC_ERR_ARGUMENT', {
    identifier,
    reason: `state must be a string, bytes, a JSON value or an XML document, not ${value === undefined ? 'nothing' : (value as object).constructor?.name ?? typeof value}`,
  });
}
