import {
  andThen,
  isPromiseLike,
  MountedEndpoint,
  type Awaitable,
  type EndpointDefinition,
  type Grammar,
  type GrammarSpec,
  Request,
  type RequestContext,
  type Resolution,
  Response,
  type ResolutionContext,
  type Space,
  type Verb,
  topologyChanged,
} from '../kernel/index.ts';

export interface TransparentOverlayOptions {
  /** The wrapped space. */
  readonly space: Space;
  readonly id?: string;
  readonly private?: boolean;
  /**
   * Which identifiers the overlay takes. By default it takes what its wrapped space resolves;
   * an overlay that rewrites identifiers (an HTTP bridge) says here what it accepts instead.
   */
  readonly accepts?: (identifier: string) => boolean;
  /**
   * See the request on its way in; return it (or a rewritten copy) to issue inward, or
   * anything else (a representation, a Response) to answer without going inside.
   */
  readonly onRequest?: (request: Request, ctx: RequestContext) => Awaitable<unknown>;
  /** Spaces to inject into the inward request's scope, nearest first (a session, request state). */
  readonly inject?: (ctx: RequestContext) => readonly Space[] | undefined;
  /** See the response on its way out; return the response (or a representation) to pass on. */
  readonly onResponse?: (response: Response, ctx: RequestContext) => unknown;
  /** Handle a failure from inside; return a response to recover, or throw. */
  readonly onException?: (error: unknown, ctx: RequestContext) => unknown;
}

/**
 * A transparent overlay (spec §4.4): sees every request that passes into its space, may
 * rewrite it, inject spaces into its scope and post-process the response, then passes it to
 * the wrapped space as a sub-request. HTTPBridge, HTTPSession and pluggable-overlay are built
 * on it.
 *
 * @example
 * space.mount(new TransparentOverlay({
 *   space: inner,
 *   onResponse: (r) => r.setHeader('x-seen', 'yes'),
 * }));
 */
export class TransparentOverlay implements EndpointDefinition {
  readonly id: string;
  readonly innerSpaces: readonly Space[];
  readonly private: boolean;
  readonly verbs: readonly Verb[] = ['SOURCE', 'SINK', 'EXISTS', 'DELETE', 'NEW', 'META'];

  constructor(private readonly options: TransparentOverlayOptions) {
    this.id = options.id ?? `overlay:${options.space.id}`;
    this.innerSpaces = [options.space];
    this.private = options.private === true;
  }

  resolve(rc: ResolutionContext, self: MountedEndpoint): Resolution | undefined {
    if (rc.verb === 'TRANSREPT') return undefined;
    const accepts = this.options.accepts;
    const inner = this.options.space;
    // The wrapped space joins the resolution path: the overlay's evaluation scope has it in
    // front, and what the overlay reads from it does not make its response scope-specific.
    if (accepts !== undefined) return accepts(rc.identifier) ? rc.match(self, [], inner) : undefined;
    return rc.ask(inner, false) ? rc.match(self, [], inner) : undefined;
  }

  onRequest(ctx: RequestContext): unknown {
    const { onRequest, inject, onResponse, onException } = this.options;
    let scope = ctx.scope;
    for (const space of inject?.(ctx)?.slice().reverse() ?? []) scope = scope.push(space);
    const run = (): unknown => {
      const inward = andThen(onRequest ? onRequest(ctx.request.clone(), ctx) : ctx.request.clone(), (request) =>
        request instanceof Request ? ctx.kernel.issue(request, request.scope ?? scope, ctx) : request,
      );
      // The inner response may be a cached one: the hook gets a copy it may change freely.
      return onResponse ? andThen(inward, (r) => (r instanceof Response ? onResponse(r.withRepresentation(r.representation), ctx) : r)) : inward;
    };
    if (onException === undefined) return run();
    try {
      const result = run();
      return isPromiseLike(result) ? Promise.resolve(result).catch((error: unknown) => onException(error, ctx)) : result;
    } catch (error) {
      return onException(error, ctx);
    }
  }
}

/** One logical endpoint of an opaque overlay: a grammar, and the inward request it maps to. */
export interface MappedEndpoint {
  readonly id?: string;
  readonly grammar: GrammarSpec | Grammar;
  readonly verbs?: readonly Verb[];
  readonly private?: boolean;
  /** The request to issue into the wrapped space (an identifier is a SOURCE of it, with the verb passed on). */
  readonly request: (ctx: RequestContext) => Awaitable<Request | string>;
  /** See the response on its way out (set headers, replace it). */
  readonly onResponse?: (response: Response, ctx: RequestContext) => unknown;
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly description?: string;
}

/**
 * An opaque overlay (spec §4.4): exposes only the logical endpoints it declares, each mapped
 * to a request into its wrapped space; nothing else of the wrapped space is visible from
 * outside. The mapper is built on it.
 *
 * @example
 * space.mount(new OpaqueOverlay(inner, [
 *   { grammar: { simple: 'res:/greet/{name}' }, request: (ctx) => `active:greet+name@${ctx.thisRequest.argumentValue('name')}` },
 * ]));
 */
export class OpaqueOverlay implements EndpointDefinition {
  readonly id: string;
  /** A private overlay (and so all its logical endpoints) is not seen through imports. */
  readonly private: boolean;
  readonly innerSpaces: readonly Space[];
  private logical: MountedEndpoint[];

  constructor(
    private readonly space: Space,
    endpoints: readonly MappedEndpoint[],
    options: { id?: string; private?: boolean } = {},
  ) {
    this.id = options.id ?? `mapper:${space.id}`;
    this.private = options.private === true;
    this.innerSpaces = [space];
    this.logical = this.mountAll(endpoints);
  }

  /** The logical endpoints it exposes, in declaration order. */
  get logicalEndpoints(): readonly MountedEndpoint[] {
    return this.logical;
  }

  /** Replace the logical endpoints (a mapper whose config was loaded or reloaded). */
  protected setEndpoints(endpoints: readonly MappedEndpoint[]): void {
    this.logical = this.mountAll(endpoints);
    topologyChanged();
  }

  private mountAll(endpoints: readonly MappedEndpoint[]): MountedEndpoint[] {
    return endpoints.map(
      (e, i) =>
        new MountedEndpoint({
          id: e.id ?? `${this.id}#${i + 1}`,
          grammar: e.grammar,
          verbs: e.verbs ?? ['SOURCE'],
          private: e.private === true,
          ...(e.meta === undefined ? {} : { meta: e.meta }),
          ...(e.description === undefined ? {} : { description: e.description }),
          onRequest: (ctx) => this.evaluate(e, ctx),
        }),
    );
  }

  resolve(rc: ResolutionContext, _self: MountedEndpoint): Resolution | undefined {
    for (const endpoint of this.logical) {
      if (endpoint.private && rc.viaImport) continue;
      const grammar = endpoint.grammar!;
      if (!rc.identifier.startsWith(grammar.prefix)) continue;
      const args = grammar.parse(rc.identifier);
      if (args === null) {
        rc.argumentMismatch(grammar);
        continue;
      }
      if ((endpoint.verbs & rc.verbBit) === 0) {
        rc.verbMismatch(endpoint.verbs);
        continue;
      }
      return rc.match(endpoint, args, this.space);
    }
    return undefined;
  }

  private evaluate(mapped: MappedEndpoint, ctx: RequestContext): unknown {
    return andThen(mapped.request(ctx), (target) => {
      const request = typeof target === 'string' ? ctx.request.clone(target) : target;
      // The evaluation scope already has the wrapped space in front (it is on the resolution path).
      const response = ctx.kernel.issue(request, request.scope ?? ctx.scope, ctx);
      return mapped.onResponse ? andThen(response, (r) => mapped.onResponse!(r, ctx)) : response;
    });
  }
}
