import type { EndpointDefinition } from '../endpoint.ts';
import { RocError } from '../errors.ts';
import { Response } from '../response.ts';

/**
 * `data:` identifiers (RFC 2397): the data is in the identifier, so the response never
 * expires and is as cacheable as anything. Text media types give a string, others (and any
 * `;base64` form) give bytes; the mime type is set from the identifier.
 *
 * @example await kernel.source('data:text/plain,Hello%20world') // 'Hello world'
 */
export const dataSchemeEndpoint: EndpointDefinition = {
  id: 'urn:roc:kernel:data',
  verbs: ['SOURCE', 'EXISTS'],
  resolve: (rc, self) => (rc.identifier.startsWith('data:') ? rc.match(self, []) : undefined),
  onSource: (ctx) => {
    const { mime, value } = parseDataURI(ctx.request.identifier);
    return new Response(value).setMimeType(mime).setExpiry('NEVER');
  },
  onExists: (ctx) => {
    try {
      parseDataURI(ctx.request.identifier);
      return true;
    } catch {
      return false;
    }
  },
};

/** Parse a `data:` URI; a malformed one is a RocError ROC_ERR_IDENTIFIER. */
export function parseDataURI(identifier: string): { mime: string; value: string | Uint8Array } {
  const comma = identifier.indexOf(',');
  if (!identifier.startsWith('data:') || comma < 0) {
    throw new RocError('ROC_ERR_IDENTIFIER', { identifier, reason: 'a data: URI needs a comma between its media type and its data' });
  }
  const params = identifier.slice(5, comma).split(';');
  const base64 = params[params.length - 1]?.toLowerCase() === 'base64';
  if (base64) params.pop();
  const type = params[0] || 'text/plain';
  const mime = params[0] ? params.join(';') : ['text/plain', ...params.slice(1)].join(';') || 'text/plain';
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(type)) {
    throw new RocError('ROC_ERR_IDENTIFIER', { identifier, reason: `"${type}" is not a media type` });
  }
  const data = identifier.slice(comma + 1);
  let bytes: Buffer;
  if (base64) {
    const compact = decode(data, identifier).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
      throw new RocError('ROC_ERR_IDENTIFIER', { identifier, reason: 'its base64 data is malformed' });
    }
    bytes = Buffer.from(compact, 'base64');
  } else {
    bytes = percentDecodeBytes(data, identifier);
  }
  const textual = !base64 && (type.startsWith('text/') || /[/+](json|xml)$/.test(type));
  return { mime, value: textual ? bytes.toString('utf8') : new Uint8Array(bytes) };
}

function decode(data: string, identifier: string): string {
  try {
    return decodeURIComponent(data);
  } catch {
    throw new RocError('ROC_ERR_IDENTIFIER', { identifier, reason: 'it contains a malformed % escape' });
  }
}

function percentDecodeBytes(data: string, identifier: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 0x25) {
      const hex = data.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new RocError('ROC_ERR_IDENTIFIER', { identifier, reason: 'it contains a malformed % escape' });
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(data[i]!, 'utf8')) out.push(b);
    }
  }
  return Buffer.from(out);
}
