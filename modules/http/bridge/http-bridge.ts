import {
  Request,
  type EndpointDefinition,
  type MountedEndpoint,
  type RequestContext,
  type Resolution,
  type ResolutionContext,
  type Response,
  type Space,
  type Verb,
} from '../../../kernel/index.ts';
import { EXCHANGE_HEADER } from '../transport-endpoint.ts';
import { bridgeError, httpStatusOf } from './bridge-errors.ts';
import { EtagRegistry, ifNoneMatch, reusable } from './etag.ts';
import { defaultErrorPage } from './error-page.ts';
import { observeRequest } from '../logging/index.ts';
import { toBridgeExchange, type BridgeExchange } from './exchange.ts';
import { DEFAULT_REQUEST_LIMITS, HttpRequestData, type RequestLimits } from './request-data.ts';
import { HttpRequestSpace } from './request-space.ts';
import { HttpResponseSpace } from './response-space.ts';
import { HttpResponseState } from './response-state.ts';
import { RewriteRules, type RewriteRule } from './rewrite.ts';
import { serialise, writeResponse } from './write-response.ts';

/** The documented method → verb mapping used when `methodVerbs` is `true`. */
export const DEFAULT_METHOD_VERBS: Readonly<Record<string, Verb>> = { GET: 'SOURCE', HEAD: 'SOURCE', PUT: 'SINK', DELETE: 'DELETE', POST: 'NEW' };

/** Security headers added to every response that does not set them itself. */
export interface SecurityHeaderOptions {
  /** `X-Content-Type-Options: nosniff` (default true). */
  readonly nosniff?: boolean;
  /** `X-Frame-Options` value, or false for none (default `SAMEORIGIN`). */
  readonly frameOptions?: 'DENY' | 'SAMEORIGIN' | false;
}

export interface HttpBridgeOptions {
  /** The application space the bridge wraps. */
  readonly space: Space;
  readonly id?: string;
  readonly private?: boolean;
  /** Rewrite rules, first match wins; the NetKernel default when absent or empty. */
  readonly rewrite?: readonly RewriteRule[];
  /** Identifier of the endpoint that formats failures; it receives `arg:exception`. */
  readonly exceptionHandler?: string;
  /** `false` (default): SOURCE whatever the method. `true`: {@link DEFAULT_METHOD_VERBS}. Or a map of your own. */
  readonly methodVerbs?: boolean | Readonly<Record<string, Verb>>;
  readonly securityHeaders?: SecurityHeaderOptions;
  /** Show messages, causes and stacks on the default error page (default false). */
  readonly development?: boolean;
  /** A stream is buffered up to this many bytes before its head goes out (default 1 MiB); 0 streams at once. */
  readonly bufferBytes?: number;
  /** ETag and 304 from the representation cache (default true). */
  readonly etags?: boolean;
  readonly limits?: Partial<RequestLimits>;
}

/** The spaces and state of one request on its way through the bridge. */
interface Exchange {
  readonly exchange: BridgeExchange;
  readonly data: HttpRequestData;
  readonly requestSpace: HttpRequestSpace;
  issued: string | undefined;
}

/**
 * The HTTPBridge overlay (spec §10): sits in the fulcrum next to the HTTP transport, takes
 * each HTTP request (a root request for the URL carrying the exchange), rewrites the URL into
 * an identifier, issues it into the application space with `httpRequest:` and
 * `httpResponse:` injected, and writes the response; failures go through the exception
 * chain (exception handler, then the built-in page). See README.md for every resource,
 * option and status.
 *
 * @example
 * fulcrum.mount(new HttpTransportEndpoint({ port: 8080 }));
 * fulcrum.mount(new HttpBridge({ space: app, exceptionHandler: 'active:errorPage' }));
 * await commissionSpace(kernel, fulcrum);
 */
export class HttpBridge implements EndpointDefinition {
  readonly id: string;
  readonly innerSpaces: readonly Space[];
  readonly private: boolean;
  readonly verbs: readonly Verb[] = ['SOURCE', 'SINK', 'EXISTS', 'DELETE', 'NEW', 'META'];
  private readonly rules: RewriteRules;
  private readonly methodVerbs: Readonly<Record<string, Verb>> | undefined;
  private readonly limits: RequestLimits;
  private readonly bufferBytes: number;
  private readonly etags = new EtagRegistry();

  /** Throws a RewriteRuleError when a rule does not compile. */
  constructor(private readonly options: HttpBridgeOptions) {
    this.id = options.id ?? `HTTPBridge:${options.space.id}`;
    this.innerSpaces = [options.space];
    this.private = options.private === true;
    this.rules = new RewriteRules(options.rewrite ?? []);
    this.methodVerbs = options.methodVerbs === true ? DEFAULT_METHOD_VERBS : options.methodVerbs === false ? undefined : options.methodVerbs;
    this.limits = { ...DEFAULT_REQUEST_LIMITS, ...options.limits };
    this.bufferBytes = options.bufferBytes ?? 1024 * 1024;
    if (!(this.bufferBytes >= 0)) throw new RangeError(`bufferBytes must be 0 or more, got ${options.bufferBytes}`);
  }

  /** Takes every request that carries an HTTP exchange; nothing else. */
  resolve(rc: ResolutionContext, self: MountedEndpoint): Resolution | undefined {
    if (rc.verb === 'TRANSREPT' || toBridgeExchange(rc.request.headers.get(EXCHANGE_HEADER)) === undefined) return undefined;
    // Not cacheable: the answer depends on a request header, not just on the identifier.
    return { ...rc.match(self, [], this.options.space), cacheable: false };
  }

  async onRequest(ctx: RequestContext): Promise<undefined> {
    // One line per request on the `requests` logger when it is turned up (ROC_LOG=requests:info).
    const exchange = observeRequest(toBridgeExchange(ctx.request.headers.get(EXCHANGE_HEADER))!);
    const data = new HttpRequestData(exchange, this.limits);
    const x: Exchange = { exchange, data, requestSpace: new HttpRequestSpace(data), issued: undefined };
    try {
      x.issued = this.rules.rewrite(exchange.url);
      if (x.issued === undefined) throw bridgeError('ROC_ERR_HTTP_NO_REWRITE', { bridge: this.id, url: exchange.url });
      const sunk = new HttpResponseState(exchange.url);
      const responseSpace = new HttpResponseSpace(sunk);
      const request = await this.inwardRequest(x.issued, data);
      const response = await ctx.kernel.issue(request, this.scopeFor(ctx, x, responseSpace), ctx);
      const cacheable = request.verb === 'SOURCE' && (exchange.method === 'GET' || exchange.method === 'HEAD');
      await this.answer(ctx, x, response, sunk, { etag: cacheable, perRequest: [x.requestSpace, responseSpace] });
    } catch (error) {
      await this.fail(ctx, x, error);
    }
    // The bridge's own response is never reused: each HTTP request must reach it.
    return undefined;
  }

  private scopeFor(ctx: RequestContext, x: Exchange, responseSpace: HttpResponseSpace) {
    return ctx.scope.push(responseSpace).push(x.requestSpace);
  }

  private async inwardRequest(identifier: string, data: HttpRequestData): Promise<Request> {
    const request = new Request(identifier);
    const verb = this.methodVerbs?.[data.method] ?? 'SOURCE';
    request.setVerb(verb);
    // PUT's body is the representation to store; POST's, when there is one, what to create from.
    if (verb === 'SINK' || (verb === 'NEW' && data.exchange.hasBody)) request.addPrimaryArgument(await data.body());
    return request;
  }

  /** Write `response` with what was sunk to `httpResponse:` and what its headers say. */
  private async answer(
    ctx: RequestContext,
    x: Exchange,
    response: Response,
    sunk: HttpResponseState,
    how: { etag: boolean; perRequest: readonly Space[]; defaultStatus?: number; extraHeaders?: Readonly<Record<string, string>> },
  ): Promise<void> {
    const settings = new HttpResponseState(x.exchange.url);
    settings.applyResponseHeaders(response);
    settings.overlay(sunk);
    for (const [name, value] of Object.entries(how.extraHeaders ?? {})) if (!settings.has(name)) settings.setHeader(name, value);
    const contentType = settings.headers.get('content-type')?.values[0];
    settings.headers.delete('content-type');
    let { body, contentType: type } = serialise(response.representation, contentType);
    let status = settings.code ?? how.defaultStatus;
    if (settings.redirect !== undefined) {
      if (status === undefined || status < 300 || status > 399) status = 302;
      settings.setHeader('Location', settings.redirect);
    }
    status ??= body === undefined ? 204 : 200;
    const headers = this.withSecurityHeaders(settings);
    if (status === 200 && how.etag && this.options.etags !== false && !settings.has('etag') && reusable(response, how.perRequest, ctx.kernel.cache.maxEntries > 0)) {
      const tag = this.etags.tagFor(response);
      headers.ETag = tag;
      if (ifNoneMatch(x.data.header('if-none-match'), tag)) {
        status = 304;
        body = undefined;
      }
    }
    if (type !== undefined && status !== 204 && status !== 304) headers['Content-Type'] = type;
    await writeResponse(x.exchange, { status, headers, body }, this.bufferBytes);
  }

  private withSecurityHeaders(settings: HttpResponseState): Record<string, string | string[]> {
    const headers = settings.toHeaders();
    const { nosniff = true, frameOptions = 'SAMEORIGIN' } = this.options.securityHeaders ?? {};
    if (nosniff && !settings.has('x-content-type-options')) headers['X-Content-Type-Options'] = 'nosniff';
    if (frameOptions !== false && !settings.has('x-frame-options')) headers['X-Frame-Options'] = frameOptions;
    return headers;
  }

  /**
   * The exception chain past the application's own overlays: the configured exception
   * handler, then the built-in page. Whatever fails here, fails with the original attached.
   */
  private async fail(ctx: RequestContext, x: Exchange, error: unknown): Promise<void> {
    if (x.exchange.answered) {
      // The head is out (a stream failed part-way): the connection was aborted, nothing more to say.
      ctx.logger.warn(`${this.id}: ${x.exchange.method} ${x.exchange.url} failed after its response started`, error);
      return;
    }
    let failure = error;
    const { status, headers } = httpStatusOf(error, x.issued);
    const handler = this.options.exceptionHandler;
    if (handler !== undefined) {
      try {
        const sunk = new HttpResponseState(x.exchange.url);
        const responseSpace = new HttpResponseSpace(sunk);
        const request = new Request(handler).addArgumentByValue('exception', error);
        const response = await ctx.kernel.issue(request, this.scopeFor(ctx, x, responseSpace), ctx);
        await this.answer(ctx, x, response, sunk, { etag: false, perRequest: [], defaultStatus: status, extraHeaders: headers });
        if (status >= 500) ctx.logger.error(`${this.id}: ${x.exchange.method} ${x.exchange.url} failed`, error);
        return;
      } catch (handlerError) {
        if (x.exchange.answered) return;
        failure = bridgeError(
          'ROC_ERR_HTTP_EXCEPTION_HANDLER',
          { handler, reason: messageOf(handlerError), original: messageOf(error) },
          { cause: handlerError, original: error },
        );
      }
    }
    const decided = httpStatusOf(failure, x.issued);
    if (decided.status >= 500) ctx.logger.error(`${this.id}: ${x.exchange.method} ${x.exchange.url} failed`, failure);
    const page = defaultErrorPage(decided.status, failure, decided.decisive, x.data.header('accept'), this.options.development === true);
    const settings = new HttpResponseState(x.exchange.url);
    const pageHeaders = { ...this.withSecurityHeaders(settings), ...decided.headers, 'Content-Type': page.contentType, 'Cache-Control': 'no-store' };
    x.exchange.send({ status: decided.status, headers: pageHeaders }, page.body);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
