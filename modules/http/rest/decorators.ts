/**
 * Decorators (TC39 standard, as TypeScript 5+/7 compiles them with `experimentalDecorators`
 * off): Woomera's `@Handles` annotations for roc-kernel. A decorated method declares a route
 * (`@get('~/user/:id')`), a plain ROC endpoint (`@source('res:/x')`, `@grammar(spec)`) or the
 * exception handler (`@exceptions()`); {@link fromDecorators} collects an instance's
 * declarations into a {@link RestApplication}, the same thing `restApplication` builds from
 * static data.
 *
 * Declarations are stored on the method function under a registered symbol, so they survive
 * a class being loaded through another module instance (a TS loader, a test runner).
 */
import type { EndpointDefinition, GrammarSpec, RequestContext, Verb } from '../../../kernel/index.ts';
import { exceptionEndpoint, methodEndpoint, restEndpoint, type RestApplication, type RouteOptions } from './application.ts';
import type { PathParams } from './pattern.ts';
import type { RestMeta } from './rules.ts';

const DECLARATIONS = Symbol.for('roc-kernel.rest.declarations');

type Declaration =
  | { readonly kind: 'route'; readonly meta: RestMeta }
  | { readonly kind: 'endpoint'; readonly grammar: GrammarSpec; readonly verbs?: readonly Verb[]; readonly private?: boolean }
  | { readonly kind: 'exceptions' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a decorator must accept methods of any class
type Method<Args extends unknown[]> = (this: any, ...args: Args) => unknown;

function declare(method: unknown, context: ClassMethodDecoratorContext, declaration: Declaration): void {
  if (context.kind !== 'method' || context.private || typeof method !== 'function') {
    throw new TypeError(`@${declaration.kind} decorates public methods, not ${String(context.name)}`);
  }
  const holder = method as unknown as { [DECLARATIONS]?: Declaration[] };
  // Decorators apply bottom-up: unshift keeps them in source order.
  (holder[DECLARATIONS] ??= []).unshift(declaration);
}

/**
 * `@route('GET', '~/user/:id', { priority, pipeline, produces, etag, compress })`: the method
 * answers these methods for this path pattern, called as `(ctx, params)`. A method may carry
 * several routes. The pattern is compiled when the application is collected; a bad one fails
 * there, naming it.
 *
 * @example
 * class Users {
 *   @route(['GET', 'HEAD'], '~/user/:id') user(ctx: RequestContext, p: PathParams) { return `user ${p.id}`; }
 * }
 */
export function route(method: string | readonly string[], path: string, options: RouteOptions = {}) {
  return (value: Method<[RequestContext, PathParams]>, context: ClassMethodDecoratorContext): void => declare(value, context, { kind: 'route', meta: { ...options, path, method } });
}

/** `@get(path, options)`: a GET (and HEAD) route. */
export const get = (path: string, options?: RouteOptions) => route('GET', path, options);
/** `@post(path, options)`. */
export const post = (path: string, options?: RouteOptions) => route('POST', path, options);
/** `@put(path, options)`. */
export const put = (path: string, options?: RouteOptions) => route('PUT', path, options);
/** `@patch(path, options)`. */
export const patch = (path: string, options?: RouteOptions) => route('PATCH', path, options);
/** `@del(path, options)`: a DELETE route (`delete` is a reserved word). */
export const del = (path: string, options?: RouteOptions) => route('DELETE', path, options);

/**
 * `@source('res:/x')`: the method is a plain ROC endpoint answering SOURCE of this identifier
 * (an exact grammar), called as `(ctx)`. Routes reach it with `ctx.source('res:/x')`.
 *
 * @example class Data { @source('res:/greeting') greeting() { return 'Hello'; } }
 */
export function source(identifier: string, options: { private?: boolean } = {}) {
  return (value: Method<[RequestContext]>, context: ClassMethodDecoratorContext): void =>
    declare(value, context, { kind: 'endpoint', grammar: identifier, ...(options.private === undefined ? {} : { private: options.private }) });
}

/**
 * `@grammar(spec, { verbs })`: a plain ROC endpoint with any grammar (simple, active,
 * standard); with `verbs` it answers them all through the method (`onRequest`), else SOURCE.
 *
 * @example class Calc { @grammar({ simple: 'res:/square/{n}' }) square(ctx: RequestContext) { return Number(ctx.thisRequest.argumentValue('n')) ** 2; } }
 */
export function grammar(spec: GrammarSpec, options: { verbs?: readonly Verb[]; private?: boolean } = {}) {
  return (value: Method<[RequestContext]>, context: ClassMethodDecoratorContext): void =>
    declare(value, context, {
      kind: 'endpoint',
      grammar: spec,
      ...(options.verbs === undefined ? {} : { verbs: options.verbs }),
      ...(options.private === undefined ? {} : { private: options.private }),
    });
}

/**
 * `@exceptions()`: the application's exception handler (Woomera's `@Handles.exceptions()`),
 * called as `(ctx, error)`; `error` is a RestRoutingError when no rule answered.
 *
 * @example class App { @exceptions() oops(ctx: RequestContext, error: unknown) { return `sorry: ${restStatusOf(error).status}`; } }
 */
export function exceptions() {
  return (value: Method<[RequestContext, unknown]>, context: ClassMethodDecoratorContext): void => declare(value, context, { kind: 'exceptions' });
}

/**
 * Collect the decorated methods of one or more instances into a {@link RestApplication}:
 * one endpoint per method (id `Class.method`), methods bound to their instance, in class
 * declaration order (subclass overrides win). At most one `@exceptions()` handler.
 *
 * @example
 * const overlay = restOverlayFor(fromDecorators(new Tutorial()));
 */
export function fromDecorators(...instances: readonly object[]): RestApplication {
  const endpoints: EndpointDefinition[] = [];
  let exceptionHandler: string | undefined;
  for (const instance of instances) {
    const className = instance.constructor?.name || 'App';
    for (const [name, method, declarations] of decoratedMethods(instance)) {
      const id = `${className}.${name}`;
      const call = (...args: unknown[]) => method.apply(instance, args);
      const routes = declarations.flatMap((d) => (d.kind === 'route' ? [d.meta] : []));
      if (routes.length > 0) endpoints.push(restEndpoint({ id, rest: routes, handler: (ctx, params) => call(ctx, params) }));
      declarations.forEach((d, i) => {
        if (d.kind === 'endpoint') {
          const options = { ...(d.verbs === undefined ? {} : { verbs: d.verbs }), ...(d.private === undefined ? {} : { private: d.private }) };
          endpoints.push(methodEndpoint(i === 0 && routes.length === 0 ? id : `${id}#${i + 1}`, d.grammar, (ctx) => call(ctx), options));
        } else if (d.kind === 'exceptions') {
          if (exceptionHandler !== undefined) throw new TypeError(`${id}: only one @exceptions() handler per application (already ${exceptionHandler})`);
          const handler = exceptionEndpoint(id, (ctx, error) => call(ctx, error));
          endpoints.push(handler);
          exceptionHandler = handler.identifier;
        }
      });
    }
  }
  return exceptionHandler === undefined ? { endpoints } : { endpoints, exceptionHandler };
}

/** `[name, function, declarations]` of every decorated method along the prototype chain, nearest class first for overrides. */
function decoratedMethods(instance: object): [string, (...args: unknown[]) => unknown, readonly Declaration[]][] {
  const seen = new Set<string>();
  const chain: object[] = [];
  for (let proto = Object.getPrototypeOf(instance) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) chain.push(proto);
  const perClass: [string, (...args: unknown[]) => unknown, readonly Declaration[]][][] = [];
  for (const proto of chain) {
    const found: [string, (...args: unknown[]) => unknown, readonly Declaration[]][] = [];
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || seen.has(name)) continue;
      seen.add(name);
      const fn = Object.getOwnPropertyDescriptor(proto, name)?.value as { [DECLARATIONS]?: Declaration[] } | undefined;
      if (typeof fn === 'function' && fn[DECLARATIONS] !== undefined) found.push([name, fn as unknown as (...args: unknown[]) => unknown, fn[DECLARATIONS]]);
    }
    perClass.push(found);
  }
  // Base-class methods first, so declaration order reads top-down through the hierarchy.
  return perClass.reverse().flat();
}
