/**
 * `multipart/form-data` (RFC 7578) for bodies already read within the transport's body
 * limit. It works on the whole buffer, which is fine at the default 1 MiB body limit; a
 * streaming parser (busboy) is the upgrade path for large uploads, behind the same
 * {@link parseMultipart} signature.
 */
import { bridgeError } from './bridge-errors.ts';

/**
 * An uploaded file: the form field it came in, the client's file name (as sent: never use
 * it as a path), its declared type and its bytes.
 *
 * @example const file = await ctx.source('httpRequest:/upload/avatar') as UploadedFile;
 */
export class UploadedFile {
  constructor(
    readonly field: string,
    readonly filename: string,
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}

  get size(): number {
    return this.bytes.length;
  }

  /** What `httpRequest:/uploads` lists: everything but the bytes. */
  toJSON(): { field: string; filename: string; contentType: string; size: number } {
    return { field: this.field, filename: this.filename, contentType: this.contentType, size: this.size };
  }
}

/** Limits on a multipart body; over them is ROC_ERR_HTTP_TOO_LARGE (413). */
export interface MultipartLimits {
  /** Largest single file, bytes (default 10 MiB; the transport's body limit applies first). */
  readonly maxFileSize: number;
  /** Most files (default 20). */
  readonly maxFiles: number;
  /** Most parts of any kind (default 1000). */
  readonly maxParts: number;
}

export interface MultipartResult {
  readonly fields: [string, string][];
  readonly files: UploadedFile[];
}

/** The boundary of a multipart content type, or a 400 when it has none. */
export function multipartBoundary(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (boundary === undefined) throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'multipart body', reason: 'the content type has no boundary' });
  return boundary;
}

/**
 * Split a multipart body into text fields and files. Structural errors (no boundary, no
 * closing delimiter, a part without `Content-Disposition: form-data; name=…`) are 400s;
 * limits are 413s.
 *
 * @example parseMultipart(body, 'multipart/form-data; boundary=x', limits).files[0]?.filename
 */
export function parseMultipart(body: Buffer, contentType: string, limits: MultipartLimits): MultipartResult {
  const bad = (reason: string) => bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'multipart body', reason });
  const delimiter = Buffer.from(`--${multipartBoundary(contentType)}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw bad('the boundary never occurs in the body');
  const fields: [string, string][] = [];
  const files: UploadedFile[] = [];
  let parts = 0;
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return { fields, files }; // closing "--"
    const headStart = skipLineEnd(body, at);
    if (headStart < 0) throw bad('a delimiter is not followed by a line break');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headStart);
    if (next < 0) throw bad('the closing delimiter is missing');
    if (++parts > limits.maxParts) throw bridgeError('ROC_ERR_HTTP_TOO_LARGE', { what: 'multipart part count', limit: limits.maxParts });
    const headEnd = body.indexOf('\r\n\r\n', headStart);
    if (headEnd < 0 || headEnd > next) throw bad('a part has no header block');
    const headers = partHeaders(body.subarray(headStart, headEnd).toString('latin1'));
    const disposition = headers.get('content-disposition') ?? '';
    const name = dispositionParam(disposition, 'name');
    if (!/^form-data\s*(;|$)/i.test(disposition) || name === undefined) throw bad('a part lacks Content-Disposition: form-data; name=…');
    const content = body.subarray(headEnd + 4, next);
    const filename = dispositionParam(disposition, 'filename');
    if (filename === undefined) {
      fields.push([name, content.toString('utf8')]);
    } else {
      if (files.length >= limits.maxFiles) throw bridgeError('ROC_ERR_HTTP_TOO_LARGE', { what: 'upload count', limit: limits.maxFiles });
      if (content.length > limits.maxFileSize) throw bridgeError('ROC_ERR_HTTP_TOO_LARGE', { what: `upload "${name}"`, limit: `${limits.maxFileSize} bytes` });
      files.push(new UploadedFile(name, filename, headers.get('content-type') ?? 'application/octet-stream', Buffer.from(content)));
    }
    at = next + 2;
  }
}

function skipLineEnd(body: Buffer, at: number): number {
  // Transport padding (spaces, tabs) may precede the CRLF after a delimiter.
  while (body[at] === 0x20 || body[at] === 0x09) at++;
  return body[at] === 0x0d && body[at + 1] === 0x0a ? at + 2 : -1;
}

function partHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const m = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(disposition);
  if (m === null) return undefined;
  const value = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '');
  // Header bytes arrive as latin1; browsers send UTF-8 file names in them.
  return Buffer.from(value, 'latin1').toString('utf8');
}
