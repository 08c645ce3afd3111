/**
 * REST applications declared in code, without XML: routes (method, path pattern, handler) and
 * plain ROC endpoints, as static data. Decorators (decorators.ts) produce the same thing from
 * annotated class methods, so both styles end in one space behind one RESTOverlay.
 */
import { parseDataURI, StandardSpace, type ActiveArgumentSpec, type EndpointDefinition, type GrammarSpec, type RequestContext, type Verb } from '../../../kernel/index.ts';
import { PathPattern, WILDCARD, WILDCARD_ARGUMENT, type PathParams } from './pattern.ts';
import { RestOverlay, type RestOverlayOptions } from './rest-overlay.ts';
import type { EtagMode, RestMeta } from './rules.ts';

/** A route handler: the request context and the decoded path parameters (a wildcard's value under `*`). */
export type RouteHandler = (ctx: RequestContext, params: PathParams) => unknown;
/** An exception handler: the request context and the failure (a RestRoutingError when no rule answered). */
export type ExceptionHandler = (ctx: RequestContext, error: unknown) => unknown;

/** Options of a route, shared by static routes and the route decorators. */
export interface RouteOptions {
  /** Higher runs first (default 0). */
  readonly priority?: number;
  /** The pipeline the route belongs to (default `''`). */
  readonly pipeline?: string;
  readonly produces?: string | readonly string[];
  readonly etag?: EtagMode | boolean;
  readonly compress?: boolean;
}

/** A route declared as data: `{ method: 'GET', path: '~/user/:id', handler }`. */
export interface StaticRoute extends RouteOptions {
  readonly method: string | readonly string[];
  readonly path: string;
  readonly handler: RouteHandler;
  /** Endpoint id (default `route-N:METHOD path`). */
  readonly id?: string;
}

/** A whole application as data: routes, plain ROC endpoints, and an exception handler. */
export interface StaticApplication {
  /** Names the endpoints and the handler's identifier (default `app`). */
  readonly name?: string;
  readonly routes?: readonly StaticRoute[];
  /** Other endpoints for the same space (resources the routes source, filesets, …). */
  readonly endpoints?: readonly EndpointDefinition[];
  readonly exceptionHandler?: ExceptionHandler;
}

/** What a declaration collects into: endpoints for one space, and the exception handler's identifier. */
export interface RestApplication {
  readonly endpoints: readonly EndpointDefinition[];
  /** Identifier of the exception handler endpoint (in `endpoints`), for RestOverlay's `exceptionHandler`. */
  readonly exceptionHandler?: string;
}

/**
 * An endpoint routed by REST metadata and called with its path parameters: its grammar is an
 * active URI (`active:rest.ID`) taking every variable of its patterns as an optional argument,
 * which the RESTOverlay fills with `data:` values, so responses stay cacheable per parameters.
 *
 * @example
 * space.mount(restEndpoint({ id: 'user', rest: { path: '~/user/:id' }, handler: (ctx, p) => `user ${p.id}` }));
 */
export function restEndpoint(spec: { readonly id: string; readonly rest: RestMeta | readonly RestMeta[]; readonly handler: RouteHandler }): EndpointDefinition {
  const rest = Array.isArray(spec.rest) ? [...(spec.rest as readonly RestMeta[])] : [spec.rest as RestMeta];
  const names = new Set<string>();
  // Compiling here makes a bad pattern fail at declaration, naming it.
  for (const r of rest) for (const n of PathPattern.compile(r.path).names) names.add(n === WILDCARD ? WILDCARD_ARGUMENT : n);
  const args: ActiveArgumentSpec[] = [...names].map((name) => ({ name, min: 0, max: 1 }));
  const verbs: Verb[] = ['SOURCE', 'SINK', 'DELETE', 'NEW'];
  return {
    id: spec.id,
    grammar: { active: { identifier: `active:rest.${safeName(spec.id)}`, arguments: args } },
    verbs,
    meta: { rest },
    onRequest: (ctx: RequestContext) => spec.handler(ctx, paramsOf(ctx)),
  };
}

/** The path parameters a routed request carries as `data:` arguments, decoded. */
export function paramsOf(ctx: RequestContext): PathParams {
  const params: Record<string, string> = {};
  for (const name of ctx.thisRequest.argumentNames) {
    const raw = ctx.thisRequest.argumentValue(name)!;
    const value = raw.startsWith('data:') ? parseDataURI(raw).value : raw;
    params[name === WILDCARD_ARGUMENT ? WILDCARD : name] = typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
  }
  return params;
}

/**
 * An exception handler endpoint: `active:rest.NAME.exceptions` taking `exception` (by value,
 * as RESTOverlay and HTTPBridge pass it).
 */
export function exceptionEndpoint(name: string, handler: ExceptionHandler): EndpointDefinition & { readonly identifier: string } {
  const identifier = `active:rest.${safeName(name)}.exceptions`;
  return {
    id: `${name}.exceptions`,
    identifier,
    grammar: { active: { identifier, arguments: [{ name: 'exception' }] } },
    onSource: async (ctx: RequestContext) => handler(ctx, await ctx.source('arg:exception')),
  };
}

/** A plain ROC endpoint bound to a method: SOURCE of an identifier, or a grammar with verbs. */
export function methodEndpoint(id: string, grammar: GrammarSpec, handler: (ctx: RequestContext) => unknown, options: { verbs?: readonly Verb[]; private?: boolean } = {}): EndpointDefinition {
  const definition: EndpointDefinition = { id, grammar, ...(options.private === true ? { private: true } : {}) };
  if (options.verbs === undefined) definition.onSource = handler;
  else {
    definition.verbs = options.verbs;
    definition.onRequest = handler;
  }
  return definition;
}

/**
 * An application declared statically (no decorators): every route becomes a
 * {@link restEndpoint}, the exception handler an {@link exceptionEndpoint}.
 *
 * @example
 * const app = restApplication({
 *   routes: [{ method: 'GET', path: '~/', handler: () => 'home' }],
 *   exceptionHandler: (ctx, error) => 'sorry',
 * });
 * bridgeSpace.mount(restOverlayFor(app));
 */
export function restApplication(app: StaticApplication): RestApplication {
  const name = app.name ?? 'app';
  const endpoints: EndpointDefinition[] = (app.routes ?? []).map((route, i) => {
    const { method, path, handler, id, ...options } = route;
    return restEndpoint({ id: id ?? `${name}.route-${i + 1}`, rest: { path, method, ...options }, handler });
  });
  endpoints.push(...(app.endpoints ?? []));
  if (app.exceptionHandler === undefined) return { endpoints };
  const handler = exceptionEndpoint(name, app.exceptionHandler);
  endpoints.push(handler);
  return { endpoints, exceptionHandler: handler.identifier };
}

/**
 * One space holding an application's endpoints, in order.
 *
 * @example const space = applicationSpace(fromDecorators(new Shop()));
 */
export function applicationSpace(app: RestApplication, id?: string): StandardSpace {
  return new StandardSpace(id, app.endpoints);
}

/**
 * A RESTOverlay wrapping an application's space, with its exception handler wired in.
 *
 * @example bridgeSpace.mount(restOverlayFor(fromDecorators(new Tutorial()), { basePath: '/' }));
 */
export function restOverlayFor(app: RestApplication, options: Omit<RestOverlayOptions, 'space'> = {}): RestOverlay {
  return new RestOverlay({ ...(app.exceptionHandler === undefined ? {} : { exceptionHandler: app.exceptionHandler }), ...options, space: applicationSpace(app) });
}

function safeName(id: string): string {
  return id.replace(/[^\w.-]/g, '_');
}
