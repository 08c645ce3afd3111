/**
 * Validators and negotiation for files: strong ETags from size and modification time (so they
 * survive restarts and are the same on every host serving the same files), conditional
 * requests (`If-None-Match`, `If-Modified-Since`, `If-Range`) and `Accept-Encoding`.
 */
import type { Stats } from 'node:fs';

/** The encodings static files may be compressed with, in order of preference. */
export type ContentCoding = 'br' | 'gzip';

/**
 * A strong ETag for a file's content as stored: size and mtime (µs), plus the coding when
 * the body is compressed (a compressed body is a different representation).
 *
 * @example fileEtag(stat); // '"1f4-5y3kq2b8"'
 */
export function fileEtag(stat: Pick<Stats, 'size' | 'mtimeMs'>, coding?: ContentCoding): string {
  return `"${stat.size.toString(36)}-${Math.round(stat.mtimeMs * 1000).toString(36)}${coding === undefined ? '' : `-${coding}`}"`;
}

/** The `Last-Modified` value (HTTP date, whole seconds). */
export function httpDate(mtimeMs: number): string {
  return new Date(Math.floor(mtimeMs / 1000) * 1000).toUTCString();
}

/** True when a list of entity tags (`If-None-Match`) holds `tag` by weak comparison, or is `*`. */
export function etagListMatches(header: string, tag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = tag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}

/**
 * True when the client's copy is current (answer 304): `If-None-Match` decides when present
 * (RFC 9110 §13.2.2), otherwise `If-Modified-Since` against the mtime in whole seconds.
 * A date that does not parse is ignored.
 */
export function notModified(headers: Readonly<Record<string, string>>, tag: string, mtimeMs: number): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return etagListMatches(inm, tag);
  const ims = headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
}

/**
 * Whether a `Range` may be honoured given `If-Range`: absent, or a strong ETag equal to the
 * current one, or exactly the current `Last-Modified` date. Otherwise the whole file goes out.
 */
export function ifRangeHolds(ifRange: string | undefined, tag: string, mtimeMs: number): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === tag;
  const date = Date.parse(value);
  return Number.isFinite(date) && date === Math.floor(mtimeMs / 1000) * 1000;
}

/**
 * The coding to compress with for an `Accept-Encoding` header: the acceptable one with the
 * highest q (br on a tie), or undefined for identity. `*` counts for codings not named.
 *
 * @example preferredCoding('gzip, br;q=0.5'); // 'gzip'
 */
export function preferredCoding(header: string | undefined): ContentCoding | undefined {
  if (header === undefined) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (name === undefined || name === '') continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q.set(name, Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
  }
  const weight = (coding: ContentCoding): number => q.get(coding) ?? q.get('*') ?? 0;
  const br = weight('br');
  const gzip = weight('gzip');
  if (br <= 0 && gzip <= 0) return undefined;
  return br >= gzip ? 'br' : 'gzip';
}

/** Types worth compressing: text, JSON, JavaScript, XML, SVG. Images, archives and fonts are compressed already. */
export function compressible(contentType: string): boolean {
  return /^text\/|^application\/(json|javascript|ecmascript|xml|xhtml\+xml|manifest\+json|ld\+json)|\+json|\+xml|^image\/svg\+xml/i.test(contentType);
}
