import { isRocError, Request, type Kernel, type ScopeLike } from '../../../kernel/index.ts';
import { EXCHANGE_HEADER } from '../transport-endpoint.ts';
import { parseSetCookie, type ReceivedCookie } from './cookies.ts';
import { InProcessExchange } from './in-process-exchange.ts';

/** What to send: headers, and a body as bytes or text, a JSON value (`json`) or form fields (`form`). */
export interface TestRequestInit {
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Uint8Array;
  /** Sent as `application/json`. */
  readonly json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`. */
  readonly form?: Readonly<Record<string, string | readonly string[]>>;
  /** Leave the cookie jar out of this request (and do not store what it sets). */
  readonly noCookies?: boolean;
}

/** A response as the client saw it. Header names are lower-case. */
export class TestResponse {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string | readonly string[]>>,
    readonly body: Buffer,
    /** True when the connection was dropped after the head (a stream failed part-way). */
    readonly aborted: boolean,
  ) {}

  /** One header, repeated ones joined with `, `. */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return value === undefined || typeof value === 'string' ? value : value.join(', ');
  }

  /** The cookies this response set, by name (a deleted cookie has value `''`). */
  get cookies(): Record<string, string> {
    const raw = this.headers['set-cookie'];
    const out: Record<string, string> = {};
    for (const line of raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw) {
      const cookie = parseSetCookie(line);
      if (cookie !== undefined) out[cookie.name] = cookie.value;
    }
    return out;
  }

  text(): string {
    return this.body.toString('utf8');
  }

  json(): unknown {
    return JSON.parse(this.text()) as unknown;
  }
}

/**
 * The in-process HTTP client: issues requests into a fulcrum (the space holding the
 * HTTPBridge) exactly as the HTTP transport does, without a socket, and keeps a cookie jar
 * across calls, like a browser. This is the way to test an application: fast, no port, full
 * bridge behaviour (rewrite, `httpRequest:`, `httpResponse:`, exception chain, ETags).
 *
 * @example
 * const client = new TestClient(kernel, fulcrum);
 * await client.post('/login', { form: { user: 'ada' } });  // sets a session cookie
 * const page = await client.get('/account');               // sends it back
 * expect(page.status).toBe(200);
 */
export class TestClient {
  /** Cookies held, by name. */
  readonly jar = new Map<string, ReceivedCookie>();
  private readonly origin: string;

  constructor(
    private readonly kernel: Kernel,
    private readonly fulcrum: ScopeLike,
    private readonly options: { origin?: string; remoteAddress?: string; maxBodySize?: number } = {},
  ) {
    this.origin = (options.origin ?? 'http://localhost').replace(/\/$/, '');
  }

  /** The jar's cookies by name: what a browser would send next (deleted ones are gone). */
  get cookies(): Record<string, string> {
    return Object.fromEntries([...this.jar.values()].map((c) => [c.name, c.value]));
  }

  get(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request('GET', path, init);
  }
  head(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request('HEAD', path, init);
  }
  post(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request('POST', path, init);
  }
  put(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request('PUT', path, init);
  }
  delete(path: string, init?: TestRequestInit): Promise<TestResponse> {
    return this.request('DELETE', path, init);
  }

  /** Send one request; `path` is relative to the origin (`/a?b=1`) or a full URL. */
  async request(method: string, path: string, init: TestRequestInit = {}): Promise<TestResponse> {
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? path : `${this.origin}${path.startsWith('/') ? '' : '/'}${path}`;
    const headers: Record<string, string | string[]> = { host: new URL(url).host };
    let body: Buffer | undefined;
    if (init.json !== undefined) {
      body = Buffer.from(JSON.stringify(init.json));
      headers['content-type'] = 'application/json';
    } else if (init.form !== undefined) {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(init.form)) for (const v of typeof value === 'string' ? [value] : value) form.append(name, v);
      body = Buffer.from(form.toString());
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (init.body !== undefined) {
      body = Buffer.from(init.body);
    }
    if (body !== undefined) headers['content-length'] = String(body.length);
    const jarCookies = init.noCookies ? '' : this.cookieHeader(new URL(url).pathname);
    if (jarCookies !== '') headers.cookie = jarCookies;
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
    const exchange = new InProcessExchange({
      method,
      url,
      headers,
      body,
      ...(this.options.remoteAddress === undefined ? {} : { remoteAddress: this.options.remoteAddress }),
      ...(this.options.maxBodySize === undefined ? {} : { maxBodySize: this.options.maxBodySize }),
    });
    await this.issue(exchange);
    const response = new TestResponse(exchange.status, exchange.responseHeaders, exchange.responseBody, exchange.aborted);
    if (!init.noCookies) this.store(response);
    return response;
  }

  /** Issue the exchange as the transport endpoint does, with its fallbacks when no bridge answers. */
  private async issue(exchange: InProcessExchange): Promise<void> {
    const request = new Request(exchange.url).setHeader(EXCHANGE_HEADER, exchange);
    try {
      // No coalescing: two identical URLs are two HTTP requests.
      const response = await this.kernel.issue(request, this.kernel.scopeFor(this.fulcrum), undefined, false);
      if (!exchange.answered) {
        const value = response.representation;
        if (value === undefined) exchange.sendNoBody({ status: 204 });
        else exchange.send({ status: 200 }, typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value));
      }
    } catch (error) {
      if (exchange.answered) return;
      const notFound = isRocError(error, 'ROC_ERR_RESOLUTION');
      exchange.send({ status: notFound ? 404 : 500, headers: { 'content-type': 'text/plain; charset=utf-8' } }, notFound ? 'Not Found\n' : '500 Internal Server Error\n');
    }
    await exchange.done;
  }

  private cookieHeader(path: string): string {
    const now = Date.now();
    const pairs: string[] = [];
    for (const [name, cookie] of this.jar) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) {
        this.jar.delete(name);
        continue;
      }
      const under = path === cookie.path || path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`);
      if (under) pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.join('; ');
  }

  private store(response: TestResponse): void {
    const raw = response.headers['set-cookie'];
    for (const line of raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw) {
      const cookie = parseSetCookie(line);
      if (cookie === undefined) continue;
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now()) this.jar.delete(cookie.name);
      else this.jar.set(cookie.name, cookie);
    }
  }
}
