import { andThen, isPromiseLike, type Awaitable } from './awaitable.ts';
import { RequestContext } from './context.ts';
import type { EndpointDefinition, MountedEndpoint } from './endpoint.ts';
import { RocError } from './errors.ts';
import type { GrammarSpec } from './grammar/grammar.ts';
import { createLogger, type Logger } from './logger.ts';
import { className, isOfClass, type RepresentationClass, type RepresentationOf } from './representation.ts';
import { Request } from './request.ts';
import { canonicalIdentifier, resolve, type ResolutionEntry } from './resolution.ts';
import { RepresentationCache, type CacheOptions } from './cache/representation-cache.ts';
import { CutListeners } from './cache/golden-threads.ts';
import { InFlight } from './cache/in-flight.ts';
import { settleValidity } from './cache/validity.ts';
import { EXPIRY_ALWAYS, Response } from './response.ts';
import { Scope } from './scope.ts';
import type { Space } from './space.ts';
import { StandardSpace } from './standard-space.ts';
import { PassedArgumentSpace } from './builtins/passed-arguments.ts';
import { builtinEndpoints } from './builtins/index.ts';
import { CACHEABLE_VERBS, VERB_BIT, type Verb } from './verbs.ts';

export interface KernelOptions {
  /** Deepest chain of nested requests before ROC_ERR_RECURSION (default 200). */
  readonly maxDepth?: number;
  readonly logger?: Logger;
  /** Representation cache bounds; `{ maxEntries: 0 }` turns caching off. */
  readonly cache?: CacheOptions;
}

/** Where a root request resolves: a space (put in front of the kernel's built-ins) or a ready scope. */
export type ScopeLike = Space | Scope;

export interface IssueOptions {
  readonly scope?: ScopeLike;
  /** The representation class wanted. */
  readonly as?: RepresentationClass;
  readonly headers?: Readonly<Record<string, unknown>>;
}

/**
 * The micro-kernel: resolves requests through scopes of spaces, evaluates the endpoint that
 * matched, and hands back the response. It knows nothing of XML or HTTP.
 *
 * `kernel.space` is a ready space for programmatic use; every root scope also ends with the
 * kernel's built-in space (`data:`, the standard transreptors), so those resolve anywhere.
 *
 * @example
 * const kernel = new Kernel();
 * kernel.mount('res:/hello', () => 'Hello world');
 * await kernel.source('res:/hello'); // 'Hello world'
 */
export class Kernel {
  readonly logger: Logger;
  readonly maxDepth: number;
  /** The kernel's built-ins, at the far end of every root scope. */
  readonly builtins: StandardSpace;
  /** A space for programmatic applications; the default scope of root requests. */
  readonly space: StandardSpace;
  /** The representation cache: counters in `cache.stats`, manual invalidation with `cache.cut(key)`. */
  readonly cache: RepresentationCache;
  /** @internal Golden-thread cut listeners. */
  readonly cutListeners: CutListeners;
  private readonly builtinScope: Scope;
  private readonly inFlight = new InFlight();

  constructor(options: KernelOptions = {}) {
    this.logger = options.logger ?? createLogger('warn');
    this.maxDepth = options.maxDepth ?? 200;
    if (!Number.isInteger(this.maxDepth) || this.maxDepth < 1) throw new RangeError(`maxDepth must be a positive integer, got ${options.maxDepth}`);
    this.builtins = new StandardSpace('urn:roc:kernel:builtins', builtinEndpoints());
    this.builtinScope = Scope.of(this.builtins);
    this.space = new StandardSpace('urn:roc:kernel:space');
    this.cutListeners = new CutListeners(this.logger);
    this.cache = new RepresentationCache(options.cache ?? {}, this.logger, (key) => {
      if (key.startsWith('gt:')) this.cutListeners.fire(this, key.slice(3));
    });
  }

  /** Mount an endpoint into {@link Kernel.space}. */
  mount(definition: EndpointDefinition): MountedEndpoint;
  mount(grammar: GrammarSpec, source: (ctx: RequestContext) => unknown): MountedEndpoint;
  mount(a: EndpointDefinition | GrammarSpec, b?: (ctx: RequestContext) => unknown): MountedEndpoint {
    return b === undefined ? this.space.mount(a as EndpointDefinition) : this.space.mount(a as GrammarSpec, b);
  }

  /** The root scope for a space: the space, then the kernel's built-ins. A Scope is used as it is. */
  scopeFor(where: ScopeLike = this.space): Scope {
    return where instanceof Scope ? where : this.builtinScope.push(where);
  }

  createRequest(identifier: string): Request {
    return new Request(identifier);
  }

  /** SOURCE `identifier` as a root request. */
  source<C extends RepresentationClass | undefined = undefined>(identifier: string, options: IssueOptions & { as?: C } = {}): Promise<RepresentationOf<C>> {
    return this.root(identifier, 'SOURCE', options, (r) => r.representation as RepresentationOf<C>);
  }

  sink(identifier: string, value: unknown, options: IssueOptions = {}): Promise<void> {
    return this.root(identifier, 'SINK', options, () => undefined, (request) => request.addPrimaryArgument(value));
  }

  exists(identifier: string, options: IssueOptions = {}): Promise<boolean> {
    return this.root(identifier, 'EXISTS', options, (r) => Boolean(r.representation));
  }

  delete(identifier: string, options: IssueOptions = {}): Promise<boolean> {
    return this.root(identifier, 'DELETE', options, (r) => r.representation !== false);
  }

  new(identifier: string, value?: unknown, options: IssueOptions = {}): Promise<unknown> {
    return this.root(identifier, 'NEW', options, (r) => r.representation, (request) => (value === undefined ? request : request.addPrimaryArgument(value)));
  }

  meta(identifier: string, options: IssueOptions = {}): Promise<Record<string, unknown>> {
    return this.root(identifier, 'META', options, (r) => r.representation as Record<string, unknown>);
  }

  /** Convert `value` to `cls` with the transreptors of a root scope. */
  async transrept<C extends RepresentationClass>(value: unknown, cls: C, where?: ScopeLike): Promise<RepresentationOf<C>> {
    return this.convert(value, cls, undefined, this.scopeFor(where));
  }

  /** Issue any request as a root request; resolves to the whole response. */
  request(request: Request, where?: ScopeLike): Promise<Response> {
    try {
      return Promise.resolve(this.issue(request, this.scopeFor(where), undefined));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** A root request of the public API, without an async function's extra ticks when the kernel answers synchronously. */
  private root<T>(identifier: string, verb: Verb, options: IssueOptions, pick: (r: Response) => T, prepare?: (r: Request) => Request): Promise<T> {
    try {
      let request = this.rootRequest(identifier, verb, options);
      if (prepare) request = prepare(request);
      const result = this.issue(request, this.scopeFor(options.scope), undefined);
      return isPromiseLike(result) ? Promise.resolve(result).then(pick) : Promise.resolve(pick(result));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Issue `request` into `scope` on behalf of `parent` (undefined for a root request). The
   * low-level call transports and endpoints' contexts use: it returns a plain Response when
   * the whole evaluation was synchronous.
   */
  issue(request: Request, scope: Scope, parent: RequestContext | undefined, coalesce = true): Awaitable<Response> {
    const depth = parent === undefined ? 0 : parent.depth + 1;
    if (depth > this.maxDepth) {
      throw withPath(new RocError('ROC_ERR_RECURSION', { limit: this.maxDepth, identifier: request.identifier }), parent, request);
    }
    let requestScope = request.scope ?? scope;
    const passed = request.passedArguments;
    if (passed !== undefined) requestScope = requestScope.push(new PassedArgumentSpace(passed, scope, parent));

    let entry: ResolutionEntry;
    try {
      entry = resolve(request, requestScope);
    } catch (error) {
      throw withPath(error, parent, request);
    }

    // Representation cache, then requests already being computed (coalescing).
    const cacheable = (request.verbBit & CACHEABLE_VERBS) !== 0 && this.cache.maxEntries > 0;
    let key: string | undefined;
    let flightKey: string | undefined;
    if (cacheable) {
      key = cacheKeyOf(request, entry);
      const hit = this.cache.lookup(key, entry.resolution.endpoint, requestScope, request.identifier);
      if (hit !== undefined) {
        parent?.addDependency(hit, entry.matchedAt);
        return hit;
      }
      const converted = this.fromPlainEntry(request, entry, requestScope, parent, key);
      if (converted !== undefined) return converted;
      flightKey = `${key}\0${entry.evaluationScope.id}`;
      const flight = coalesce ? this.inFlight.joinable(flightKey, parent) : undefined;
      if (flight !== undefined) return this.join(flight, request, scope, parent, entry);
    }

    const ctx = new RequestContext(this, request, entry.resolution, entry.evaluationScope, parent, depth);
    ctx.startEpoch = this.cache.epoch;
    const started = key === undefined ? 0 : performance.now();
    let result: unknown;
    try {
      result = evaluate(ctx);
    } catch (error) {
      this.afterWrite(request, entry);
      throw this.failure(error, ctx);
    }
    if (!isPromiseLike(result)) return this.complete(ctx, entry, result, started, key);

    const pending = Promise.resolve(result).then(
      (value) => this.complete(ctx, entry, value, started, key),
      (error: unknown) => {
        this.afterWrite(request, entry);
        throw this.failure(error, ctx);
      },
    );
    if (flightKey !== undefined) this.inFlight.start(flightKey, pending, ctx);
    return pending;
  }

  /** Convert `value` to `cls` for `ctx` (used by sourcePrimary and by requests asking for a class). */
  convert<C extends RepresentationClass>(value: unknown, cls: C, ctx: RequestContext | undefined, scope?: Scope, identifier?: string): Awaitable<RepresentationOf<C>> {
    if (isOfClass(value, cls)) return value as RepresentationOf<C>;
    const request = new Request(identifier ?? ctx?.request.identifier ?? 'transrept:').setVerb('TRANSREPT').addPrimaryArgument(value).setRepresentationClass(cls);
    return andThen(this.issue(request, scope ?? ctx?.scope ?? this.scopeFor(), ctx), (r) => r.representation as RepresentationOf<C>);
  }

  private complete(ctx: RequestContext, entry: ResolutionEntry, value: unknown, started: number, key: string | undefined): Awaitable<Response> {
    let response: Response;
    if (value instanceof Response) {
      // A response that already belongs to another request (an overlay passing one through) is copied, never mutated.
      response = value.completedAt === 0 ? value : value.withRepresentation(value.representation);
    } else {
      response = new Response(value);
      if (value === undefined) response.expiry = EXPIRY_ALWAYS;
    }
    ctx.completed = true;
    const request = ctx.request;
    if (ctx.dependencies !== undefined) response.dependencies = ctx.dependencies;
    response.usedSpaces = ctx.usedSpaces;
    response.startEpoch = ctx.startEpoch;
    response.endpoint = entry.resolution.endpoint;
    if (key !== undefined) {
      // Only what may be cached needs a cost (for culling); a clock read is not free.
      const now = performance.now();
      response.cost = now - started;
      response.completedAt = performance.timeOrigin + now;
    } else {
      response.completedAt = 1;
    }
    if (key !== undefined) {
      const own = threadKey(request.identifier, entry);
      response.threads = response.threads === undefined ? [own] : [...response.threads, own];
    }
    settleValidity(response);
    this.afterWrite(request, entry);

    const wanted = request.representationClass;
    if (wanted === undefined || response.representation === undefined || request.verb !== 'SOURCE' || isOfClass(response.representation, wanted)) {
      return this.deliver(ctx, entry, response, key);
    }
    // The endpoint's own response is kept under the class-less key too: a later plain SOURCE reuses it.
    if (key !== undefined) this.cache.store(cacheKeyOf(request, entry, false), entry.resolution.endpoint, response);
    const requestScope = request.scope ?? ctx.parent?.scope ?? this.scopeFor();
    return andThen(this.convert(response.representation, wanted, ctx.parent, requestScope, request.identifier), (converted) => {
      const final = response.withRepresentation(converted);
      final.dependencies = [response];
      final.usedSpaces = response.usedSpaces;
      final.startEpoch = response.startEpoch;
      final.endpoint = response.endpoint;
      final.completedAt = response.completedAt;
      final.cost = response.cost;
      settleValidity(final);
      return this.deliver(ctx, entry, final, key);
    });
  }

  private deliver(ctx: RequestContext, entry: ResolutionEntry, response: Response, key: string | undefined): Response {
    // A response that used a space its own request scope will never hold again (one an overlay
    // injected per request) can never be hit: do not spend an entry on it.
    if (key !== undefined && reachable(response, ctx.scope)) this.cache.store(key, entry.resolution.endpoint, response);
    ctx.parent?.addDependency(response, entry.matchedAt);
    return response;
  }

  /** SINK, DELETE and NEW of an identifier invalidate cached reads of it, and what was computed from them (spec §6). */
  private afterWrite(request: Request, entry: ResolutionEntry): void {
    if ((request.verbBit & WRITE_VERBS) !== 0) this.cache.cut(threadKey(request.identifier, entry));
  }

  /**
   * A request for a class whose class-less response is cached: convert that instead of
   * evaluating the endpoint again, and keep the result under the class key.
   */
  private fromPlainEntry(request: Request, entry: ResolutionEntry, scope: Scope, parent: RequestContext | undefined, key: string): Awaitable<Response> | undefined {
    const wanted = request.representationClass;
    if (wanted === undefined || request.verbBit !== VERB_BIT.SOURCE) return undefined;
    const plain = this.cache.lookup(cacheKeyOf(request, entry, false), entry.resolution.endpoint, scope, request.identifier);
    if (plain === undefined || plain.representation === undefined) return undefined;
    return andThen(this.convert(plain.representation, wanted, parent, scope, request.identifier), (converted) => {
      const final = plain.withRepresentation(converted);
      final.dependencies = [plain];
      final.usedSpaces = plain.usedSpaces;
      final.startEpoch = plain.startEpoch;
      final.threads = plain.threads;
      final.endpoint = plain.endpoint;
      final.completedAt = plain.completedAt;
      final.cost = plain.cost;
      settleValidity(final);
      this.cache.store(key, entry.resolution.endpoint, final);
      parent?.addDependency(final, entry.matchedAt);
      return final;
    });
  }

  /** Wait for the same request already being computed; take its response if it may be shared, else compute anew. */
  private join(flight: { promise: Promise<Response>; ctx: RequestContext }, request: Request, scope: Scope, parent: RequestContext | undefined, entry: ResolutionEntry): Promise<Response> {
    this.cache.countCoalesced();
    return this.inFlight.wait(flight, parent).then((response) => {
      if (response.alwaysExpired || response.noCache || response.invalidated) return this.issue(request, scope, parent, false);
      parent?.addDependency(response, entry.matchedAt);
      return response;
    });
  }

  private failure(error: unknown, ctx: RequestContext): RocError {
    const endpoint = ctx.resolution.endpoint.id;
    return new RocError(
      'ROC_ERR_ENDPOINT',
      { endpoint, verb: ctx.request.verb, identifier: ctx.request.identifier, reason: rootMessage(error) },
      { cause: error, requestPath: ctx.requestPath() },
    );
  }

  private rootRequest(identifier: string, verb: Verb, options: IssueOptions): Request {
    const request = new Request(identifier).setVerb(verb);
    if (options.as !== undefined) request.representationClass = options.as;
    if (options.headers) for (const [k, v] of Object.entries(options.headers)) request.setHeader(k, v);
    return request;
  }
}

const WRITE_VERBS = VERB_BIT.SINK | VERB_BIT.DELETE | VERB_BIT.NEW;

/** The cache key: verb, canonical identifier and requested class (endpoint and response scope are checked per entry). */
function cacheKeyOf(request: Request, entry: ResolutionEntry, withClass = true): string {
  const cls = withClass ? request.representationClass : undefined;
  if (cls === undefined && request.verbBit === VERB_BIT.SOURCE) {
    return (entry.cacheKey ??= `${request.verbBit}\0${canonicalIdentifier(request.identifier, entry.resolution)}\0`);
  }
  return `${request.verbBit}\0${canonicalIdentifier(request.identifier, entry.resolution)}\0${cls === undefined ? '' : className(cls)}`;
}

function reachable(response: Response, scope: Scope): boolean {
  const used = response.usedSpaces;
  if (used === undefined) return true;
  for (const space of used) if (!scope.includes(space)) return false;
  return true;
}

/**
 * The thread a read of `identifier` hangs on and a write of it cuts: its canonical identifier,
 * qualified by the endpoint when the endpoint's state is its own (one session's `session:/x` is
 * not another's), so a write does not invalidate what other instances computed.
 */
function threadKey(identifier: string, entry: ResolutionEntry): string {
  const canonical = canonicalIdentifier(identifier, entry.resolution);
  const qualifier = entry.resolution.endpoint.definition.threadQualifier;
  return qualifier === undefined ? canonical : `${canonical}\0${qualifier}`;
}

function evaluate(ctx: RequestContext): unknown {
  const endpoint = ctx.resolution.endpoint;
  const handler = endpoint.handler(ctx.request.verbBit);
  if (handler !== undefined) return handler(ctx);
  if (ctx.request.verb === 'META') return endpoint.describe();
  // Only reachable through a custom resolve() that matched an endpoint without the verb.
  throw new RocError('ROC_ERR_VERB', { verb: ctx.request.verb, identifier: ctx.request.identifier, supported: 'see META' });
}

function withPath(error: unknown, parent: RequestContext | undefined, request: Request): unknown {
  if (error instanceof RocError && error.requestPath.length === 0) {
    error.requestPath = [...(parent?.requestPath() ?? []), request.identifier];
  }
  return error;
}

function rootMessage(error: unknown): string {
  let e: unknown = error;
  while (e instanceof RocError && e.code === 'ROC_ERR_ENDPOINT' && e.cause !== undefined) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
