import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  isRocError,
  Request,
  resolveRequest,
  Response,
  RocError,
  type Awaitable,
  type EndpointDefinition,
  type MountedEndpoint,
  type RequestContext,
  type Resolution,
  type ResolutionContext,
  type Space,
  type Verb,
} from '../../../kernel/index.ts';
import { topology } from '../../../kernel/space.ts';
import { bridgeError, httpStatusOf } from '../bridge/bridge-errors.ts';
import { EtagRegistry, ifNoneMatch, reusable } from '../bridge/etag.ts';
import { HttpRequestSpace } from '../bridge/request-space.ts';
import { HttpResponseSpace } from '../bridge/response-space.ts';
import { serialise } from '../bridge/write-response.ts';
import { isDecline } from './decline.ts';
import { allowHeader, answers, negotiate, parseAccept, RestRoutingError } from './routing.ts';
import { WILDCARD, WILDCARD_ARGUMENT, type PathParams } from './pattern.ts';
import { RestRequestSpace } from './rest-request-space.ts';
import { buildRules, tableError, type EtagMode, type RestRule } from './rules.ts';

export interface RestOverlayOptions {
  /** The space holding the endpoints to route to (their `meta.rest` / `<meta><rest>`). */
  readonly space: Space;
  readonly id?: string;
  readonly private?: boolean;
  /** Paths are routed relative to this (default `/`); other paths are not the overlay's. */
  readonly basePath?: string;
  /** Claim every path under the base path, so unmatched ones get the overlay's 404 (and its exception handler); default false. */
  readonly auto404?: boolean;
  /** Identifier of an endpoint that formats failures (404, 405, 406, endpoint errors); it receives `arg:exception`. */
  readonly exceptionHandler?: string;
  /** The URL-rewriting hook applied after the base path (session URL rewriting). */
  readonly rewriteUrl?: (url: string, ctx: RequestContext) => Awaitable<string>;
  /** Pipeline order (default `['']`); rules of pipelines not listed run after, in order of appearance. */
  readonly pipelines?: readonly string[];
  /** ETag mode for rules that do not say (default `auto`). */
  readonly etag?: EtagMode;
  /** Compress for rules that do not say (default false). */
  readonly compress?: boolean;
}

interface Candidate {
  readonly rule: RestRule;
  readonly params: PathParams;
  readonly q: number;
  readonly mediaType: string | undefined;
  readonly index: number;
}

/**
 * The RESTOverlay (spec §10, NetKernel's `RESTOverlay`): inside an HTTPBridge, routes each
 * HTTP request to an endpoint of its wrapped space by the endpoints' `<rest>` metadata (path
 * pattern, method, produces, ETag, compress), calling it through its grammar so its response
 * stays cacheable. A path matched for another method is 405 with `Allow`; no path, 404; an
 * `Accept` no rule can satisfy, 406; OPTIONS is answered with `Allow`. Rules are ordered by
 * pipeline, priority, then specificity, and a target can decline (`DECLINE`) so the next one
 * runs. Conflicting or uncompilable patterns throw when the overlay is built. README.md
 * documents patterns, metadata and options.
 *
 * @example
 * app.mount({ grammar: { simple: 'res:/user/{id}' }, meta: { rest: { path: '~/user/:id' } }, onSource: (ctx) => ctx.thisRequest.argumentValue('id') });
 * bridgeSpace.mount(new RestOverlay({ space: app, basePath: '/api' }));
 */
export class RestOverlay implements EndpointDefinition {
  readonly id: string;
  readonly innerSpaces: readonly Space[];
  readonly private: boolean;
  readonly verbs: readonly Verb[] = ['SOURCE', 'SINK', 'EXISTS', 'DELETE', 'NEW'];
  /** The normalised base path: `/` or `/a/b` (no trailing slash). */
  readonly basePath: string;
  private table: RestRule[];
  private builtAt: number;
  private readonly etags = new EtagRegistry();

  /** Throws a RocError ROC_ERR_ENDPOINT_DEFINITION naming the patterns when the table cannot be built. */
  constructor(private readonly options: RestOverlayOptions) {
    this.id = options.id ?? `RESTOverlay:${options.space.id}`;
    this.innerSpaces = [options.space];
    this.private = options.private === true;
    this.basePath = normaliseBase(options.basePath ?? '/', this.id);
    this.table = this.build();
    this.builtAt = topology.generation;
  }

  /** The routing table, in the order rules are tried. */
  get rules(): readonly RestRule[] {
    if (this.builtAt !== topology.generation) {
      // The wrapped space changed (an endpoint mounted later): rebuild.
      this.table = this.build();
      this.builtAt = topology.generation;
    }
    return this.table;
  }

  private build(): RestRule[] {
    try {
      return buildRules(this.options.space, this.options.pipelines ?? ['']);
    } catch (error) {
      throw tableError(this.id, error);
    }
  }

  /**
   * The external URL of an internal path: `~/x` becomes the base path + `/x`, then the
   * `rewriteUrl` hook runs (when given a context). Anything not starting with `~` is left as is
   * before the hook.
   *
   * @example overlay.url('~/foo/bar'); // '/api/foo/bar' with basePath '/api'
   */
  url(internalPath: string, ctx?: RequestContext): Awaitable<string> {
    let url = internalPath;
    if (internalPath === '~' || internalPath.startsWith('~/')) {
      const rest = internalPath.slice(1) || '/';
      url = this.basePath === '/' ? rest : `${this.basePath}${rest}`;
    }
    const hook = this.options.rewriteUrl;
    return hook === undefined || ctx === undefined ? url : hook(url, ctx);
  }

  resolve(rc: ResolutionContext, self: MountedEndpoint): Resolution | undefined {
    if (rc.verb === 'TRANSREPT' || rc.verb === 'META') return undefined;
    const path = this.split(rc.identifier);
    if (path === undefined) return undefined;
    const inner = this.options.space;
    const claimed = this.options.auto404 === true || path === 'malformed' || this.rules.some((r) => r.pattern.match(path) !== undefined) || rc.ask(inner, false) !== undefined;
    return claimed ? rc.match(self, [], inner) : undefined;
  }

  async onRequest(ctx: RequestContext): Promise<unknown> {
    let method: string;
    try {
      method = String(await ctx.source('httpRequest:/method'));
    } catch (error) {
      // Not an HTTP request (no bridge outside): the overlay is transparent.
      if (isRocError(error, 'ROC_ERR_RESOLUTION')) return this.passThrough(ctx, 'GET');
      throw error;
    }
    try {
      return await this.route(ctx, method);
    } catch (error) {
      return this.failed(ctx, error, method);
    }
  }

  private async route(ctx: RequestContext, method: string): Promise<unknown> {
    const path = this.split(ctx.request.identifier);
    if (path === 'malformed' || path === undefined) throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'path', reason: `${ctx.request.identifier} holds a malformed %-escape` });
    const rules = this.rules;
    const needsAccept = rules.some((r) => r.produces.length > 0);
    const accept = needsAccept ? parseAccept(String(await ctx.source('httpRequest:/header/accept'))) : [];
    const allowed = new Set<string>();
    const candidates: Candidate[] = [];
    let refused = false;
    rules.forEach((rule, index) => {
      const params = rule.pattern.match(path);
      if (params === undefined) return;
      for (const m of rule.methods) allowed.add(m);
      if (!answers(rule, method)) return;
      const chosen = negotiate(rule.produces, accept);
      if (chosen === undefined) refused = true;
      else candidates.push({ rule, params, index, ...chosen });
    });
    const internal = `~/${path.join('/')}`;
    if (allowed.size === 0) return this.passThrough(ctx, method, internal);
    if (candidates.length === 0) {
      if (method === 'OPTIONS') return new Response(undefined).setHeader('httpResponse:/code', 204).setHeader('httpResponse:/header/Allow', allowHeader(allowed)).setNoCache();
      throw new RestRoutingError(refused ? 'not-acceptable' : 'method-not-allowed', method, internal, allowHeader(allowed));
    }
    // Within one pipeline and priority, the client's preference decides before specificity.
    const group = (c: Candidate) => rules.findIndex((r) => r.pipeline === c.rule.pipeline && r.priority === c.rule.priority);
    candidates.sort((a, b) => group(a) - group(b) || b.q - a.q || a.index - b.index);
    for (const candidate of candidates) {
      const response = await this.invoke(ctx, candidate, method, internal);
      if (response !== undefined) return this.finish(ctx, candidate, response, method);
    }
    throw new RestRoutingError('declined', method, internal, allowHeader(allowed));
  }

  /** Call the rule's endpoint through its grammar; undefined when it declined. */
  private async invoke(ctx: RequestContext, c: Candidate, method: string, internal: string): Promise<Response | undefined> {
    const request = ctx.request.clone(identifierFor(c.rule.endpoint, c.params));
    const space = new RestRequestSpace({ params: c.params, method, internalPath: internal, basePath: this.basePath, mediaType: c.mediaType, url: (p, x) => this.url(p, x) });
    try {
      const response = await ctx.kernel.issue(request, ctx.scope.push(space), ctx);
      return isDecline(response.representation) ? undefined : response;
    } catch (error) {
      if (isDecline(error)) return undefined;
      throw error;
    }
  }

  /** Media type, ETag (and 304), compression: what the rule's metadata asks of the target's response. */
  private async finish(ctx: RequestContext, c: Candidate, response: Response, method: string): Promise<Response> {
    const { rule } = c;
    let out = response.withRepresentation(response.representation);
    if (c.mediaType !== undefined && out.mimeType === undefined) out.setMimeType(c.mediaType);
    const vary: string[] = rule.produces.length > 1 ? ['Accept'] : [];
    let gzip = false;
    if ((rule.compress ?? this.options.compress) === true) {
      vary.push('Accept-Encoding');
      const encodings = String(await ctx.source('httpRequest:/header/accept-encoding'));
      const { body, contentType } = serialise(out.representation, out.mimeType);
      if (acceptsGzip(encodings) && body instanceof Uint8Array && !out.hasHeader('httpResponse:/header/Content-Encoding')) {
        gzip = true;
        out = out.withRepresentation(gzipSync(body));
        if (contentType !== undefined) out.setMimeType(contentType);
        out.setHeader('httpResponse:/header/Content-Encoding', 'gzip');
      }
    }
    if (vary.length > 0) out.setHeader('httpResponse:/header/Vary', vary.join(', '));
    const mode = rule.etag ?? this.options.etag ?? 'auto';
    if ((method === 'GET' || method === 'HEAD') && mode !== 'none' && !out.hasHeader('httpResponse:/code') && !out.hasHeader('httpResponse:/header/ETag')) {
      let tag = mode === 'md5' ? md5Tag(response) : this.cacheTag(ctx, response);
      if (tag !== undefined) {
        if (gzip) tag = `${tag.slice(0, -1)}-gz"`;
        const held = String(await ctx.source('httpRequest:/header/if-none-match'));
        if (ifNoneMatch(held === '' ? undefined : held, tag)) {
          const notModified = new Response(undefined).setHeader('httpResponse:/code', 304).setHeader('httpResponse:/header/ETag', tag).setNoCache();
          if (vary.length > 0) notModified.setHeader('httpResponse:/header/Vary', vary.join(', '));
          return notModified;
        }
        out.setHeader('httpResponse:/header/ETag', tag);
      }
    }
    return out;
  }

  /** An ETag tied to the cached Response object, when the target's response can be served from the cache again. */
  private cacheTag(ctx: RequestContext, response: Response): string | undefined {
    const perRequest = response.usedSpaces?.some((s) => s instanceof HttpRequestSpace || s instanceof HttpResponseSpace || s instanceof RestRequestSpace) ?? false;
    return !perRequest && reusable(response, [], ctx.kernel.cache.maxEntries > 0) ? this.etags.tagFor(response) : undefined;
  }

  /** No rule's path matched: the wrapped space's own endpoints (files, …) may still answer. */
  private async passThrough(ctx: RequestContext, method: string, internal = ''): Promise<unknown> {
    const request = ctx.request.clone();
    try {
      resolveRequest(request, ctx.kernel.scopeFor(this.options.space));
    } catch (error) {
      if (!isRocError(error, 'ROC_ERR_RESOLUTION')) throw error;
      throw new RestRoutingError('not-found', method, internal, '');
    }
    return ctx.kernel.issue(request, ctx.scope, ctx);
  }

  /** The exception chain's first link: the overlay's exception handler, else errors the bridge maps (404, 405 + Allow) and a plain 406. */
  private async failed(ctx: RequestContext, error: unknown, method: string): Promise<unknown> {
    const handler = this.options.exceptionHandler;
    if (handler !== undefined) {
      try {
        const response = await ctx.kernel.issue(new Request(handler).addArgumentByValue('exception', error), ctx.scope, ctx);
        const out = response.withRepresentation(response.representation).setNoCache();
        const status = error instanceof RestRoutingError ? error.status : httpStatusOf(error, ctx.request.identifier).status;
        if (!out.hasHeader('httpResponse:/code')) out.setHeader('httpResponse:/code', status);
        if (error instanceof RestRoutingError && error.status === 405 && !out.hasHeader('httpResponse:/header/Allow')) out.setHeader('httpResponse:/header/Allow', error.allowed);
        return out;
      } catch (handlerError) {
        if (!(error instanceof RestRoutingError)) {
          throw bridgeError('ROC_ERR_HTTP_EXCEPTION_HANDLER', { handler, reason: messageOf(handlerError), original: messageOf(error) }, { cause: handlerError, original: error });
        }
        // A routing failure keeps its status (and Allow): the bridge's page answers it instead.
        ctx.logger.error(`${this.id}: exception handler ${handler} failed while handling: ${error.message}`, handlerError);
      }
    }
    if (error instanceof RestRoutingError && error.status === 406) {
      return new Response(`406 Not Acceptable: ${error.message}\n`).setMimeType('text/plain').setHeader('httpResponse:/code', 406).setNoCache();
    }
    throw this.outward(ctx, error, method);
  }

  /** A routing error as the error the bridge maps to its status. */
  private outward(ctx: RequestContext, error: unknown, method: string): unknown {
    if (!(error instanceof RestRoutingError)) return error;
    const identifier = ctx.request.identifier;
    if (error.status === 405) return bridgeError('ROC_ERR_HTTP_METHOD', { method, identifier, allowed: error.allowed }, { cause: error });
    return new RocError('ROC_ERR_RESOLUTION', { verb: ctx.request.verb, identifier, spaces: `${this.id} (${error.message})` }, { cause: error });
  }

  /** Decoded segments of the path under the base path; undefined when not ours; 'malformed' for a bad %-escape. */
  private split(identifier: string): string[] | 'malformed' | undefined {
    if (!identifier.startsWith('res:/')) return undefined;
    let path = identifier.slice(4);
    const q = path.search(/[?#]/);
    if (q >= 0) path = path.slice(0, q);
    const base = this.basePath === '/' ? '' : this.basePath;
    if (path !== base && !path.startsWith(`${base}/`)) return undefined;
    const rest = path.slice(base.length);
    if (rest === '') return [];
    try {
      return rest.slice(1).split('/').map(decodeURIComponent);
    } catch {
      return 'malformed';
    }
  }
}

/** The identifier that reaches `endpoint` with these path parameters, built by its own grammar. */
function identifierFor(endpoint: MountedEndpoint, params: PathParams): string {
  const grammar = endpoint.grammar!;
  const args: Record<string, string> = {};
  for (const name of grammar.argumentNames) {
    const value = params[name === WILDCARD_ARGUMENT ? WILDCARD : name];
    if (value === undefined) continue;
    // Active arguments are identifiers: the value travels as data, which keeps the response cacheable.
    args[name] = grammar.kind === 'active' ? `data:text/plain,${encodeURIComponent(value)}` : value;
  }
  return grammar.build(args);
}

function md5Tag(response: Response): string | undefined {
  const { body } = serialise(response.representation, response.mimeType);
  return body instanceof Uint8Array ? `"${createHash('md5').update(body).digest('base64url')}"` : undefined;
}

function acceptsGzip(header: string): boolean {
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    return !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

function normaliseBase(base: string, id: string): string {
  const trimmed = base.trim();
  if (!trimmed.startsWith('/') || /[?#\s]/.test(trimmed)) {
    throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: id, reason: `base path "${base}" must start with "/" and hold no query, fragment or space` });
  }
  const stripped = trimmed.replace(/\/+$/, '');
  return stripped === '' ? '/' : stripped;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
