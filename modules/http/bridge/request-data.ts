/**
 * Everything `httpRequest:` answers for one request, computed on first use and kept for the
 * rest of the request: the URL is parsed when a URL part is read, cookies when a cookie is
 * read, and the body only when the body, a parameter of a form POST or an upload is read.
 */
import { parseXml } from '../../../kernel/builtins/xml.ts';
import type { XmlDocument } from '../../../kernel/index.ts';
import { bridgeError } from './bridge-errors.ts';
import { parseCookieHeader } from './cookies.ts';
import type { BridgeExchange } from './exchange.ts';
import { parseMultipart, type MultipartLimits, type MultipartResult } from './multipart.ts';
import { parseUrlEncoded, type ParamMap } from './params.ts';

/** Limits on what the bridge parses out of a request. */
export interface RequestLimits extends MultipartLimits {
  /** Most query + form parameters together (default 1000); more is a 400. */
  readonly maxParams: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { maxParams: 1000, maxFileSize: 10 * 1024 * 1024, maxFiles: 20, maxParts: 1000 };

/** @internal The lazily computed facts of one HTTP request. */
export class HttpRequestData {
  #url: URL | undefined;
  #query: ParamMap | undefined;
  #cookies: Record<string, string> | undefined;
  #body: Promise<Buffer> | undefined;
  #params: Promise<ParamMap> | undefined;
  #multipart: Promise<MultipartResult | undefined> | undefined;

  constructor(
    readonly exchange: BridgeExchange,
    readonly limits: RequestLimits,
  ) {}

  get method(): string {
    return this.exchange.method;
  }

  get url(): URL {
    if (this.#url === undefined) {
      try {
        this.#url = new URL(this.exchange.url);
      } catch {
        throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'URL', reason: `${JSON.stringify(this.exchange.url.slice(0, 200))} is not a URL` });
      }
    }
    return this.#url;
  }

  /** The raw query string, without `?`. */
  get queryString(): string {
    const { href } = this.url;
    const at = href.indexOf('?');
    if (at < 0) return '';
    const hash = href.indexOf('#', at);
    return href.slice(at + 1, hash < 0 ? undefined : hash);
  }

  get query(): ParamMap {
    return (this.#query ??= parseUrlEncoded(this.queryString, 'query', this.limits.maxParams));
  }

  /** A header, case-insensitive; repeated ones joined with `, ` (cookies with `; `). */
  header(name: string): string | undefined {
    const value = this.exchange.headers[name.toLowerCase()];
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : value.join(name.toLowerCase() === 'cookie' ? '; ' : ', ');
  }

  headersJson(): Record<string, string> {
    const out = Object.create(null) as Record<string, string>;
    for (const name of Object.keys(this.exchange.headers)) {
      const value = this.header(name);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  get cookies(): Record<string, string> {
    return (this.#cookies ??= parseCookieHeader(this.exchange.headers.cookie));
  }

  get contentType(): string {
    return (this.header('content-type') ?? '').toLowerCase();
  }

  /** The whole body (read once, shared by every reader). */
  body(): Promise<Buffer> {
    return (this.#body ??= this.exchange.hasBody ? this.exchange.readBody() : Promise.resolve(Buffer.alloc(0)));
  }

  /** The body as text: UTF-8, and invalid UTF-8 is a 400. */
  async bodyText(): Promise<string> {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(await this.body());
    } catch (error) {
      if (error instanceof TypeError) throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'body', reason: 'it is not valid UTF-8' });
      throw error;
    }
  }

  async bodyJson(): Promise<unknown> {
    const text = await this.bodyText();
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'JSON body', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  async bodyXml(): Promise<XmlDocument> {
    const text = await this.bodyText();
    try {
      return parseXml(text);
    } catch (error) {
      throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'XML body', reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
    }
  }

  /** Query and form parameters merged (query first); the body is read only for a form content type. */
  params(): Promise<ParamMap> {
    return (this.#params ??= this.#mergeParams());
  }

  async #mergeParams(): Promise<ParamMap> {
    const merged: ParamMap = new Map([...this.query].map(([k, v]) => [k, [...v]]));
    const type = this.contentType;
    if (type.startsWith('application/x-www-form-urlencoded')) {
      // Form bodies are ASCII by definition; anything else is decoded by the escapes.
      parseUrlEncoded((await this.body()).toString('latin1'), 'form body', this.limits.maxParams, merged);
    } else if (type.startsWith('multipart/form-data')) {
      let count = 0;
      for (const [, list] of merged) count += list.length;
      for (const [name, value] of (await this.multipart())?.fields ?? []) {
        if (++count > this.limits.maxParams) throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'multipart body', reason: `more than ${this.limits.maxParams} parameters` });
        const list = merged.get(name);
        if (list === undefined) merged.set(name, [value]);
        else list.push(value);
      }
    }
    return merged;
  }

  /** The multipart body, or undefined when the request is not `multipart/form-data`. */
  multipart(): Promise<MultipartResult | undefined> {
    return (this.#multipart ??= this.contentType.startsWith('multipart/form-data')
      ? this.body().then((body) => parseMultipart(body, this.header('content-type') ?? '', this.limits))
      : Promise.resolve(undefined));
  }
}
