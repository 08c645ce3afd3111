/**
 * How long a response from an HTTP server may be reused, from its caching headers
 * (RFC 9111), turned into an absolute time for a CONSTANT expiry.
 *
 * The kernel's cache plays the part of a *private* cache (a user agent's own cache): it
 * belongs to this process, and entries are keyed by the whole request identifier, config
 * and credentials included. So `private` responses are kept, and `s-maxage` (meant for
 * shared caches) is ignored. There is no revalidation: what must be revalidated
 * (`no-cache`) or must not be stored (`no-store`) is fetched again every time.
 */

/** Response headers as Node gives them: lower-case names, repeated ones as arrays or joined. */
export type ResponseHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

const PERMANENT_REDIRECTS = new Set([301, 308]);

/**
 * The absolute time (ms since the epoch) until which a response received at `now` is fresh.
 * A value at or before `now` means "do not reuse" (the caller makes it ALWAYS expired);
 * `Infinity` means the response puts no limit of its own: only for a permanent redirect
 * (301, 308) without caching headers that is being followed, which RFC 9111 lets a cache
 * keep, so the chain's final response decides.
 *
 * @example freshUntil({ 'cache-control': 'max-age=60' }, 200, now) === now + 60_000
 */
export function freshUntil(headers: ResponseHeaders, status: number, now: number, followedRedirect = false): number {
  const directives = cacheControl(headers['cache-control']);
  if (directives.has('no-store') || directives.has('no-cache')) return 0;
  if (directives.size === 0 && /(^|,)\s*no-cache\s*(,|$)/i.test(joined(headers['pragma']))) return 0;
  // Vary: * says the answer depends on things outside the request; nothing can match it.
  if (joined(headers['vary']).split(',').some((v) => v.trim() === '*')) return 0;
  const age = Math.max(0, integer(joined(headers['age'])) ?? 0);

  if (directives.has('max-age')) {
    const maxAge = integer(directives.get('max-age'));
    // RFC 9111 §4.2.1: an invalid max-age makes the response stale.
    return maxAge === undefined ? 0 : now + (maxAge - age) * 1000;
  }
  const expiresHeader = headers['expires'];
  if (expiresHeader !== undefined) {
    const expires = parseHttpDate(joined(expiresHeader));
    if (Number.isNaN(expires)) return 0; // "Expires: 0" and other invalid dates mean already expired
    // Measured against the server's own Date when it sent one, so clock skew does not matter.
    const date = parseHttpDate(joined(headers['date']));
    const lifetime = expires - (Number.isNaN(date) ? now : date);
    return now + lifetime - age * 1000;
  }
  return followedRedirect && PERMANENT_REDIRECTS.has(status) ? Infinity : 0;
}

/** The Cache-Control directives, names lower-cased, values unquoted ('' for a bare directive). */
export function cacheControl(value: string | readonly string[] | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of splitOutsideQuotes(joined(value))) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === '') continue;
    let v = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    const previous = directives.get(name);
    // A repeated max-age is invalid; keeping the smaller one errs on the side of refetching.
    if (previous !== undefined && name === 'max-age') {
      const a = integer(previous);
      const b = integer(v);
      if (a !== undefined && (b === undefined || a < b)) v = previous;
    }
    directives.set(name, v);
  }
  return directives;
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

// The three HTTP-date forms all start with a day name and hold a hh:mm:ss time. Date.parse
// alone is too lenient: it reads "Expires: 0" as the year 2000.
const HTTP_DATE_SHAPE = /^\s*[A-Za-z]{3,9},?\s.*\b\d{2}:\d{2}:\d{2}\b/;

function parseHttpDate(text: string): number {
  return HTTP_DATE_SHAPE.test(text) ? Date.parse(text) : Number.NaN;
}

function joined(value: string | readonly string[] | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.join(', ');
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number(text);
}
