/**
 * Cookies (RFC 6265): parsing the request's `Cookie` header, serialising `Set-Cookie`, and
 * reading a `Set-Cookie` back (for the test client's jar). Small enough not to need a package.
 */

/**
 * A cookie to set. `maxAge` is in seconds; `expires` a Date or ms since the epoch. `sameSite`
 * defaults to `Lax`, `path` to `/`, `httpOnly` to true: the safe choice is the default.
 *
 * @example ctx.sink('httpResponse:/cookie', { name: 'theme', value: 'dark', maxAge: 3600 });
 */
export interface CookieSpec {
  readonly name: string;
  readonly value: string;
  readonly path?: string;
  readonly domain?: string;
  readonly maxAge?: number;
  readonly expires?: Date | number;
  readonly httpOnly?: boolean;
  readonly secure?: boolean;
  readonly sameSite?: 'Strict' | 'Lax' | 'None';
}

// RFC 6265 cookie-name is an RFC 7230 token; cookie-octet excludes CTLs, whitespace, DQUOTE, comma, semicolon, backslash.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const ATTRIBUTE_VALUE = /^[\x20-\x3A\x3C-\x7E]*$/;

/**
 * The cookies of a `Cookie` header by name; the first of a repeated name wins (RFC 6265
 * §5.4 orders the more specific path first). Values in double quotes lose them;
 * percent-escapes are decoded when they are valid and kept as they are otherwise.
 *
 * @example parseCookieHeader('a=1; b="two"'); // { a: '1', b: 'two' }
 */
export function parseCookieHeader(header: string | readonly string[] | undefined): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>;
  if (header === undefined) return cookies;
  for (const line of typeof header === 'string' ? [header] : header) {
    for (const pair of line.split(';')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      if (!TOKEN.test(name) || name in cookies) continue;
      let value = pair.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      cookies[name] = safeDecode(value);
    }
  }
  return cookies;
}

function safeDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The `Set-Cookie` value for `cookie`. The value is percent-encoded where RFC 6265 does not
 * allow its characters; a bad name, path or domain (CR, LF, `;`…) throws a TypeError, so a
 * cookie can never inject another header or attribute.
 *
 * @example serializeCookie({ name: 'sid', value: 'abc', secure: true }); // 'sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax'
 */
export function serializeCookie(cookie: CookieSpec): string {
  if (typeof cookie.name !== 'string' || !TOKEN.test(cookie.name)) throw new TypeError(`cookie name ${JSON.stringify(cookie.name)} is not a token`);
  const raw = String(cookie.value ?? '');
  const value = COOKIE_VALUE.test(raw) ? raw : encodeURIComponent(raw);
  const parts = [`${cookie.name}=${value}`];
  parts.push(`Path=${attribute('path', cookie.path ?? '/')}`);
  if (cookie.domain !== undefined) parts.push(`Domain=${attribute('domain', cookie.domain)}`);
  if (cookie.maxAge !== undefined) {
    if (!Number.isFinite(cookie.maxAge)) throw new TypeError('cookie maxAge must be a finite number of seconds');
    parts.push(`Max-Age=${Math.floor(cookie.maxAge)}`);
  }
  if (cookie.expires !== undefined) {
    const at = new Date(cookie.expires);
    if (Number.isNaN(at.getTime())) throw new TypeError('cookie expires is not a valid date');
    parts.push(`Expires=${at.toUTCString()}`);
  }
  if (cookie.httpOnly !== false) parts.push('HttpOnly');
  const sameSite = cookie.sameSite ?? 'Lax';
  if (!['Strict', 'Lax', 'None'].includes(sameSite)) throw new TypeError(`cookie sameSite must be Strict, Lax or None, got ${JSON.stringify(sameSite)}`);
  // Browsers drop SameSite=None cookies that are not Secure.
  if (cookie.secure === true || sameSite === 'None') parts.push('Secure');
  parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

function attribute(name: string, value: string): string {
  if (typeof value !== 'string' || !ATTRIBUTE_VALUE.test(value)) throw new TypeError(`cookie ${name} ${JSON.stringify(value)} contains characters not allowed in a cookie attribute`);
  return value;
}

/** A `Set-Cookie` as a client reads it back. */
export interface ReceivedCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
  /** Absolute expiry in ms, or undefined for a session cookie. */
  readonly expiresAt: number | undefined;
  readonly attributes: Readonly<Record<string, string | true>>;
}

/**
 * Read one `Set-Cookie` value (RFC 6265 §5.2, without domain matching); undefined when it has
 * no name. `Max-Age` wins over `Expires`.
 *
 * @example parseSetCookie('a=1; Max-Age=0')?.expiresAt; // a time in the past
 */
export function parseSetCookie(line: string, now = Date.now()): ReceivedCookie | undefined {
  const [pair = '', ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const attributes = Object.create(null) as Record<string, string | true>;
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = (at < 0 ? part : part.slice(0, at)).trim().toLowerCase();
    if (key !== '') attributes[key] = at < 0 ? true : part.slice(at + 1).trim();
  }
  let expiresAt: number | undefined;
  const maxAge = attributes['max-age'];
  const expires = attributes.expires;
  if (typeof maxAge === 'string' && /^-?\d+$/.test(maxAge)) expiresAt = now + Number(maxAge) * 1000;
  else if (typeof expires === 'string' && !Number.isNaN(Date.parse(expires))) expiresAt = Date.parse(expires);
  const path = typeof attributes.path === 'string' && attributes.path.startsWith('/') ? attributes.path : '/';
  return { name: pair.slice(0, eq).trim(), value: safeDecode(pair.slice(eq + 1).trim()), path, expiresAt, attributes };
}
