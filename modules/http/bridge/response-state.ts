/**
 * What an application has said about the HTTP response, through the `httpResponse:` space or
 * through response headers: status code, headers, cookies and redirect. Every setting is
 * validated when it is made, so a bad value fails the endpoint that made it (a 500 through
 * the exception chain) and can never split the response.
 */
import type { Response } from '../../../kernel/index.ts';
import { bridgeError } from './bridge-errors.ts';
import { serializeCookie, type CookieSpec } from './cookies.ts';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values may hold visible ASCII, spaces, tabs and obs-text; never CR, LF or NUL.
const FIELD_VALUE = /^[\t\x20-\x7E\x80-\xFF]*$/;
/** Headers the bridge frames itself; setting them would corrupt the framing. */
const RESERVED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer']);

/** The response-header names (on a ROC Response) the bridge reads. */
export const RESPONSE_HEADER = {
  code: 'httpResponse:/code',
  headerPrefix: 'httpResponse:/header/',
  cookie: 'httpResponse:/cookie',
  redirect: 'httpResponse:/redirect',
  mime: 'mime',
  expiresDelta: 'HTTP_CACHE_EXPIRES_DELTA_SECONDS',
} as const;

/** @internal The HTTP response being assembled for one request. */
export class HttpResponseState {
  code: number | undefined;
  redirect: string | undefined;
  readonly headers = new Map<string, { name: string; values: string[] }>();
  readonly cookies: string[] = [];

  constructor(private readonly requestUrl: string) {}

  setCode(value: unknown): void {
    const code = typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : value;
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 200 || code > 599) {
      throw bridgeError('ROC_ERR_HTTP_RESPONSE', { what: 'code', reason: `${JSON.stringify(value)} is not a status between 200 and 599` });
    }
    this.code = code;
  }

  /** Set (replace) a header; an array gives repeated lines. */
  setHeader(name: string, value: unknown): void {
    if (!TOKEN.test(name)) throw bridgeError('ROC_ERR_HTTP_RESPONSE', { what: 'header', reason: `${JSON.stringify(name)} is not a header name` });
    const lower = name.toLowerCase();
    if (RESERVED.has(lower)) throw bridgeError('ROC_ERR_HTTP_RESPONSE', { what: `header ${name}`, reason: 'the bridge frames the response itself' });
    const values = (Array.isArray(value) ? value : [value]).map((v) => headerText(name, v));
    if (lower === 'set-cookie') {
      this.cookies.push(...values);
      return;
    }
    this.headers.set(lower, { name, values });
  }

  /** Add a cookie: a {@link CookieSpec} or a ready `Set-Cookie` value. */
  addCookie(value: unknown): void {
    if (typeof value === 'string') {
      this.cookies.push(headerText('Set-Cookie', value));
      return;
    }
    if (typeof value !== 'object' || value === null) throw bridgeError('ROC_ERR_HTTP_RESPONSE', { what: 'cookie', reason: 'expected { name, value, … } or a Set-Cookie string' });
    try {
      this.cookies.push(serializeCookie(value as CookieSpec));
    } catch (error) {
      throw bridgeError('ROC_ERR_HTTP_RESPONSE', { what: 'cookie', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * Redirect to `value`: an absolute http(s) URL or a reference relative to the request URL.
   * Anything else (`javascript:`, whitespace, control characters, not a URL at all) is refused.
   */
  setRedirect(value: unknown): void {
    const target = typeof value === 'string' ? value : '';
    let resolved: URL | undefined;
    if (target !== '' && !/[\s\x00-\x1F\x7F]/.test(target)) {
      try {
        resolved = new URL(target, this.requestUrl);
      } catch {
        resolved = undefined;
      }
    }
    if (resolved === undefined || (resolved.protocol !== 'http:' && resolved.protocol !== 'https:')) {
      throw bridgeError('ROC_ERR_HTTP_RESPONSE', { what: 'redirect', reason: `${JSON.stringify(String(value).slice(0, 200))} is not an http(s) URL or a relative reference` });
    }
    this.redirect = target;
  }

  /** Take the settings a ROC response carries as headers (`mime`, `httpResponse:/…`, cache expiry). */
  applyResponseHeaders(response: Response): void {
    for (const [name, value] of response.headers) {
      if (name === RESPONSE_HEADER.code) this.setCode(value);
      else if (name === RESPONSE_HEADER.redirect) this.setRedirect(value);
      else if (name === RESPONSE_HEADER.cookie) for (const c of Array.isArray(value) ? value : [value]) this.addCookie(c);
      else if (name.startsWith(RESPONSE_HEADER.headerPrefix)) this.setHeader(name.slice(RESPONSE_HEADER.headerPrefix.length), value);
      else if (name === RESPONSE_HEADER.mime && typeof value === 'string' && !this.headers.has('content-type')) this.setHeader('Content-Type', value);
      else if (name === RESPONSE_HEADER.expiresDelta) this.setExpiresDelta(value);
    }
  }

  private setExpiresDelta(value: unknown): void {
    const seconds = Number(value);
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw bridgeError('ROC_ERR_HTTP_RESPONSE', { what: RESPONSE_HEADER.expiresDelta, reason: `${JSON.stringify(value)} is not a number of seconds` });
    }
    this.setHeader('Cache-Control', `max-age=${Math.floor(seconds)}`);
  }

  /** Lay `later`'s settings over these: its code, redirect and headers win; cookies add up. */
  overlay(later: HttpResponseState): this {
    if (later.code !== undefined) this.code = later.code;
    if (later.redirect !== undefined) this.redirect = later.redirect;
    for (const [key, header] of later.headers) this.headers.set(key, header);
    this.cookies.push(...later.cookies);
    return this;
  }

  has(name: string): boolean {
    return this.headers.has(name.toLowerCase()) || (name.toLowerCase() === 'set-cookie' && this.cookies.length > 0);
  }

  /** The headers as the transport takes them. */
  toHeaders(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const { name, values } of this.headers.values()) out[name] = values.length === 1 ? values[0]! : values;
    if (this.cookies.length > 0) out['Set-Cookie'] = [...this.cookies];
    return out;
  }
}

function headerText(name: string, value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  if (text === undefined || !FIELD_VALUE.test(text)) {
    throw bridgeError('ROC_ERR_HTTP_RESPONSE', { what: `header ${name}`, reason: `${JSON.stringify(String(value).slice(0, 200))} is not a valid header value (CR, LF and NUL are never allowed)` });
  }
  return text;
}
