import { RocError, type EndpointDefinition, type GrammarSpec, type RequestContext, type Response } from '../../../kernel/index.ts';
import { decodeBody, encodeState } from './body.ts';
import { configFromValue, DEFAULT_CLIENT_CONFIG, type HttpClientConfig } from './config.ts';
import { ACCEPTED_ENCODINGS, performExchange, redact, type ExchangeResult, type HttpMethod } from './exchange.ts';

/** Response header: the HTTP status code (a number). */
export const HTTP_STATUS = 'httpStatus';
/** Response header: the HTTP reason phrase (`OK`, `Not Found`, …). */
export const HTTP_STATUS_TEXT = 'httpStatusText';
/** Response header: the server's headers, lower-case names, `set-cookie` an array, others strings. */
export const HTTP_HEADERS = 'httpHeaders';
/** Response header: the URL that answered, after redirects. */
export const HTTP_URL = 'httpUrl';

const ACTIVE_NAMES: Readonly<Record<HttpMethod, string>> = { GET: 'httpGet', POST: 'httpPost', PUT: 'httpPut', DELETE: 'httpDelete' };

/**
 * `active:httpGet`, `active:httpPost`, `active:httpPut` or `active:httpDelete`: one HTTP
 * request per SOURCE, arguments `url` (required), `config` (optional) and, for POST and
 * PUT, `state` (optional request body). See README.md for the argument forms, the response
 * headers and the expiry rules.
 *
 * @example
 * const json = await ctx.source('active:httpGet+url@http://127.0.0.1:8080/api/items', 'json');
 */
export class HttpMethodEndpoint implements EndpointDefinition {
  readonly id: string;
  readonly grammar: GrammarSpec;
  readonly description: string;

  constructor(readonly method: HttpMethod) {
    const name = ACTIVE_NAMES[method];
    const withState = method === 'POST' || method === 'PUT';
    this.id = `urn:org:netkernel:client:http:${name}`;
    this.description = `HTTP ${method} of the url argument${withState ? ', with state as the request body' : ''}`;
    this.grammar = {
      active: {
        identifier: `active:${name}`,
        arguments: [
          { name: 'url', desc: 'the http(s) URL, literally or as an identifier that sources to it' },
          { name: 'config', min: 0, desc: 'headers, timeout, maxRedirects, maxBytes, failOnStatus, credentials (JSON or XML)' },
          ...(withState ? [{ name: 'state', min: 0, desc: 'the request body: string, bytes, JSON value or XML document' }] : []),
        ],
      },
    };
  }

  async onSource(ctx: RequestContext): Promise<Response> {
    const identifier = ctx.thisRequest.identifier;
    const url = checkUrl(await urlArgument(ctx), identifier);
    const config = ctx.thisRequest.argumentExists('config') ? await configArgument(ctx, identifier) : DEFAULT_CLIENT_CONFIG;
    let body: { bytes: Uint8Array; contentType: string } | undefined;
    if (ctx.thisRequest.argumentExists('state')) {
      const state = await ctx.sourceForResponse('arg:state');
      body = encodeState(state.representation, state.mimeType, identifier);
    }
    // Anything read through arguments may change: let a write to it end the cached response too.
    return fetchAsResponse(ctx, this.method, url, config, body, 'MIN_CONSTANT_DEPENDENT');
  }
}

/**
 * Plain `http://…` and `https://…` identifiers: SOURCE is an HTTP GET with the default
 * config, cached as long as the server's caching headers allow.
 *
 * @example const page = await kernel.source('http://127.0.0.1:8080/index.html', { scope });
 */
export class HttpSchemeEndpoint implements EndpointDefinition {
  readonly id = 'urn:org:netkernel:client:http:scheme';
  readonly description = 'SOURCE of an http(s):// identifier is an HTTP GET';
  readonly grammar: GrammarSpec = { standard: ['http', { optional: ['s'] }, '://', { regexType: 'anything' }] };

  onSource(ctx: RequestContext): Promise<Response> {
    const identifier = ctx.thisRequest.identifier;
    return fetchAsResponse(ctx, 'GET', checkUrl(identifier, identifier), DEFAULT_CLIENT_CONFIG, undefined, 'CONSTANT');
  }
}

async function fetchAsResponse(
  ctx: RequestContext,
  method: HttpMethod,
  url: URL,
  config: HttpClientConfig,
  body: { bytes: Uint8Array; contentType: string } | undefined,
  cacheKind: 'CONSTANT' | 'MIN_CONSTANT_DEPENDENT',
): Promise<Response> {
  const headers = outgoingHeaders(config, body?.contentType);
  const result = await performExchange({
    method,
    url,
    headers,
    body: body?.bytes,
    timeout: config.timeout,
    maxRedirects: config.maxRedirects,
    maxBytes: config.maxBytes,
  });
  ctx.logger.debug(`http client: ${method} ${redact(url)} → ${result.status}`);
  if (config.failOnStatus && (result.status < 200 || result.status > 399)) {
    throw new RocError('ROC_ERR_HTTP_CLIENT', { method, url: redact(url), reason: `the server answered ${result.status} ${result.statusText}`.trim(), kind: 'status', status: result.status });
  }
  return toResponse(ctx, method, result, cacheKind);
}

function toResponse(ctx: RequestContext, method: HttpMethod, result: ExchangeResult, cacheKind: 'CONSTANT' | 'MIN_CONSTANT_DEPENDENT'): Response {
  const contentType = result.headers['content-type'];
  const { value, mime } = decodeBody(result.body, contentType);
  const response = ctx
    .createResponseFrom<unknown>(value)
    .setHeader(HTTP_STATUS, result.status)
    .setHeader(HTTP_STATUS_TEXT, result.statusText)
    .setHeader(HTTP_HEADERS, Object.freeze(definedHeaders(result.headers)))
    .setHeader(HTTP_URL, result.url);
  if (mime !== undefined) response.setMimeType(mime);
  // Only a GET reads without side effects; what a POST, PUT or DELETE returns is never reused.
  if (method === 'GET' && result.freshUntil > Date.now()) response.setExpiry(cacheKind, result.freshUntil);
  else response.setExpiry('ALWAYS');
  return response;
}

function outgoingHeaders(config: HttpClientConfig, contentType: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'accept-encoding': ACCEPTED_ENCODINGS };
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (config.credentials) {
    headers['authorization'] = `Basic ${Buffer.from(`${config.credentials.username}:${config.credentials.password}`, 'utf8').toString('base64')}`;
  }
  // Headers from the config come last, so they override the defaults (e.g. a Content-Type).
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

function definedHeaders(headers: ExchangeResult['headers']): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

/**
 * The `url` argument. NetKernel passes it literally (`+url@http://…`), so an http(s) value
 * is used as it is: sourcing it would resolve the `http:` identifier and fetch it here.
 * Anything else (`pbv:`, `data:`, `res:/…`) is sourced and must give the URL as a string.
 */
async function urlArgument(ctx: RequestContext): Promise<string> {
  const raw = ctx.thisRequest.argumentValue('url') ?? '';
  if (/^https?:\/\//i.test(raw)) return raw;
  const value = await ctx.source('arg:url');
  const text = value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
  if (typeof text !== 'string') {
    throw new RocError('ROC_ERR_ARGUMENT', { identifier: ctx.thisRequest.identifier, reason: `url must source to a string, not ${typeof value}` });
  }
  return text.trim();
}

async function configArgument(ctx: RequestContext, identifier: string): Promise<HttpClientConfig> {
  let value = await ctx.source('arg:config');
  if (value instanceof Uint8Array) value = new TextDecoder().decode(value);
  if (typeof value === 'string' && value.trimStart().startsWith('<')) {
    try {
      value = await ctx.transrept(value.trim(), 'xml');
    } catch (error) {
      throw new RocError('ROC_ERR_ARGUMENT', { identifier, reason: `config: not well-formed XML (${error instanceof Error ? error.message : String(error)})` }, { cause: error });
    }
  }
  return configFromValue(value, identifier);
}

function checkUrl(text: string, identifier: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RocError('ROC_ERR_ARGUMENT', { identifier, reason: `"${text}" is not a URL` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RocError('ROC_ERR_ARGUMENT', { identifier, reason: `only http: and https: URLs can be requested, not ${url.protocol}` });
  }
  return url;
}
