import { andThen, type Awaitable } from './awaitable.ts';
import { RocError } from './errors.ts';
import type { Kernel } from './kernel.ts';
import type { Logger } from './logger.ts';
import type { RepresentationClass, RepresentationOf } from './representation.ts';
import { Request } from './request.ts';
import { Response } from './response.ts';
import type { Scope } from './scope.ts';
import type { Resolution, Space } from './space.ts';
import { PassedArgumentSpace } from './builtins/passed-arguments.ts';
import type { Verb } from './verbs.ts';

/**
 * The request being evaluated, as its endpoint sees it: identifier, verb, the arguments its
 * grammar parsed, primary argument and headers. `argumentValue(name)` is the raw argument
 * (for an active URI, the nested identifier); source `arg:NAME` to get what it names.
 */
export class ThisRequest {
  constructor(
    private readonly request: Request,
    private readonly resolution: Resolution,
  ) {}

  get identifier(): string {
    return this.request.identifier;
  }
  get verb(): Verb {
    return this.request.verb;
  }
  get representationClass(): RepresentationClass | undefined {
    return this.request.representationClass;
  }
  get headers(): ReadonlyMap<string, unknown> {
    return this.request.headers;
  }
  getHeader(name: string): unknown {
    return this.request.headers.get(name);
  }
  /** The id of the endpoint the request resolved to (for endpoints hosting several logical ones). */
  get resolvedElementId(): string {
    return this.resolution.endpoint.id;
  }
  get hasPrimary(): boolean {
    return this.request.hasPrimary;
  }
  get primary(): unknown {
    return this.request.primary;
  }
  /** The first value of argument `name`, or undefined. */
  argumentValue(name: string): string | undefined {
    for (const [n, v] of this.resolution.args) if (n === name) return v;
    return undefined;
  }
  /** Every value of argument `name`, in order (several for varargs or max > 1). */
  argumentValues(name: string): string[] {
    const values: string[] = [];
    for (const [n, v] of this.resolution.args) if (n === name) values.push(v);
    return values;
  }
  argumentExists(name: string): boolean {
    return this.argumentValue(name) !== undefined;
  }
  /** Argument names in identifier order, each once. */
  get argumentNames(): string[] {
    return [...new Set(this.resolution.args.map(([n]) => n))];
  }
  get argumentCount(): number {
    return this.resolution.args.length;
  }
}

/** A request issued with {@link RequestContext.issueAsyncRequest}: already running; join when you need it. */
export interface AsyncRequestHandle<T = unknown> extends PromiseLike<T> {
  join(): Promise<T>;
  joinForResponse(): Promise<Response<T>>;
}

/**
 * What an endpoint receives: the request (`thisRequest`), the means to issue sub-requests
 * into its evaluation scope, and response builders. Sub-request methods return an
 * {@link Awaitable}: always `await` them; they are plain values when nothing below was async.
 * `arg:NAME` identifiers resolve to what argument NAME holds.
 *
 * @example
 * onSource(ctx) {
 *   const name = await ctx.source('arg:name', 'string');
 *   return ctx.createResponseFrom(`Hello ${name}`).setMimeType('text/plain');
 * }
 */
export class RequestContext {
  /** @internal Responses of sub-requests, in completion order: this response's dependencies. */
  dependencies: Response[] | undefined;
  /** @internal */
  completed = false;
  private view: ThisRequest | undefined;
  /** @internal The root request's context of this chain. */
  readonly root: RequestContext;

  constructor(
    readonly kernel: Kernel,
    readonly request: Request,
    readonly resolution: Resolution,
    /** The evaluation scope: where sub-requests resolve by default. */
    readonly scope: Scope,
    readonly parent: RequestContext | undefined,
    readonly depth: number,
  ) {
    this.root = parent === undefined ? this : parent.root;
  }

  get thisRequest(): ThisRequest {
    return (this.view ??= new ThisRequest(this.request, this.resolution));
  }

  get logger(): Logger {
    return this.kernel.logger;
  }

  /** SOURCE `identifier`, optionally as a representation class. */
  source<C extends RepresentationClass | undefined = undefined>(identifier: string, cls?: C): Awaitable<RepresentationOf<C>> {
    const request = this.createRequest(identifier);
    if (cls !== undefined) request.representationClass = cls;
    return this.issueRequest(request) as Awaitable<RepresentationOf<C>>;
  }

  sourceForResponse(identifier: string, cls?: RepresentationClass): Awaitable<Response> {
    const request = this.createRequest(identifier);
    if (cls !== undefined) request.representationClass = cls;
    return this.issueRequestForResponse(request);
  }

  /** SINK `value` to `identifier`. */
  sink(identifier: string, value: unknown): Awaitable<void> {
    return andThen(this.issueVerb('SINK', identifier, value, true), () => undefined);
  }

  exists(identifier: string): Awaitable<boolean> {
    return andThen(this.issueVerb('EXISTS', identifier), (r) => Boolean(r));
  }

  delete(identifier: string): Awaitable<boolean> {
    return andThen(this.issueVerb('DELETE', identifier), (r) => r !== false);
  }

  /** NEW at `identifier`, with `value` as primary argument when given; returns what the endpoint returns (often the new identifier). */
  new(identifier: string, value?: unknown): Awaitable<unknown> {
    return this.issueVerb('NEW', identifier, value, value !== undefined);
  }

  meta(identifier: string): Awaitable<Record<string, unknown>> {
    return this.issueVerb('META', identifier) as Awaitable<Record<string, unknown>>;
  }

  /** Convert `value` to `cls` through a transreptor in scope. */
  transrept<C extends RepresentationClass>(value: unknown, cls: C): Awaitable<RepresentationOf<C>> {
    const request = new Request(this.request.identifier).setVerb('TRANSREPT').addPrimaryArgument(value).setRepresentationClass(cls);
    return this.issueRequest(request) as Awaitable<RepresentationOf<C>>;
  }

  /** The primary argument (a SINK's value), converted to `cls` when given. */
  sourcePrimary<C extends RepresentationClass | undefined = undefined>(cls?: C): Awaitable<RepresentationOf<C>> {
    const primary = this.request.primary;
    if (cls === undefined) return primary as RepresentationOf<C>;
    return this.kernel.convert(primary, cls, this);
  }

  /** A new request for `identifier` (`arg:NAME` is resolved to the argument's identifier). */
  createRequest(identifier: string): Request {
    return new Request(this.argumentTarget(identifier));
  }

  /** Issue `request`; its representation. */
  issueRequest(request: Request): Awaitable<unknown> {
    return andThen(this.kernel.issue(request, this.scope, this), (r) => r.representation);
  }

  /** Issue `request`; its whole response (headers, expiry, mime type). */
  issueRequestForResponse(request: Request): Awaitable<Response> {
    return this.kernel.issue(request, this.scope, this);
  }

  /** Start `request` now without waiting for it. */
  issueAsyncRequest<T = unknown>(request: Request): AsyncRequestHandle<T> {
    let started: Promise<Response<T>>;
    try {
      started = Promise.resolve(this.kernel.issue(request, this.scope, this) as Awaitable<Response<T>>);
    } catch (error) {
      started = Promise.reject(error);
    }
    started.catch(() => undefined); // the failure is reported to whoever joins
    const join = () => started.then((r) => r.representation);
    return { join, joinForResponse: () => started, then: (ok, ko) => join().then(ok, ko) };
  }

  /** A response around `value`, to set its mime type, expiry, headers or cache hints. */
  createResponseFrom<T>(value: T): Response<T> {
    return new Response(value);
  }

  /** @internal Spaces outside this request's resolution path that its computation used. */
  usedSpaces: Space[] | undefined;
  /** @internal The cache's write epoch when evaluation began. */
  startEpoch = 0;

  /**
   * @internal Record a completed sub-request's response as a dependency, and the spaces it
   * used (the space that answered it, and its own response scope), except those on this
   * request's resolution path (implied by resolving to the same endpoint) and the `pbv:`
   * spaces this request made for its own sub-requests (determined by what it computed).
   */
  addDependency(response: Response, matchedAt: Space): void {
    if (this.completed) return;
    (this.dependencies ??= []).push(response);
    const path = this.resolution.path;
    if (!path.includes(matchedAt)) this.useSpace(matchedAt);
    const used = response.usedSpaces;
    if (used !== undefined) for (const space of used) if (!path.includes(space)) this.useSpace(space);
  }

  private useSpace(space: Space): void {
    if (space instanceof PassedArgumentSpace && space.owner === this) return;
    const used = (this.usedSpaces ??= []);
    if (!used.includes(space)) used.push(space);
  }

  /** @internal The identifiers from the root request down to this one. */
  requestPath(): string[] {
    const path: string[] = [];
    for (let c: RequestContext | undefined = this; c; c = c.parent) path.push(c.request.identifier);
    return path.reverse();
  }

  private issueVerb(verb: Verb, identifier: string, primary?: unknown, hasPrimary = false): Awaitable<unknown> {
    const request = this.createRequest(identifier).setVerb(verb);
    if (hasPrimary) request.addPrimaryArgument(primary);
    return this.issueRequest(request);
  }

  private argumentTarget(identifier: string): string {
    if (!identifier.startsWith('arg:')) return identifier;
    const name = identifier.slice(4);
    const value = this.thisRequest.argumentValue(name);
    if (value === undefined) {
      throw new RocError('ROC_ERR_ARGUMENT', { identifier: this.request.identifier, reason: `it has no argument "${name}" (asked for ${identifier})` });
    }
    return value;
  }
}
