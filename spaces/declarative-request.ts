import { OpaqueOverlay } from './overlay.ts';
import {
  Request,
  RocError,
  StandardSpace,
  type Awaitable,
  type Grammar,
  type RepresentationClass,
  type RequestContext,
  type Scope,
  type Verb,
} from '../kernel/index.ts';

/**
 * A request written as data (NetKernel's declarative request syntax, spec §9): the mapper,
 * the pluggable-overlay and tests describe what to issue this way, and the module loader
 * turns `<request>` elements into it.
 *
 * - `identifier`: `[[arg:name]]` is replaced by the incoming request's argument; `meta:ID`
 *   builds the identifier from endpoint ID's grammar and the arguments below.
 * - arguments: an identifier (`arg:name` passes the incoming argument on), with
 *   `method: 'as-string'` the text itself by value; a literal value; or a nested request.
 * - `varargs`: pass every incoming argument not named here.
 *
 * @example
 * { identifier: 'active:greet', arguments: [{ name: 'name', identifier: 'arg:user' }], headers: [{ name: 'x', value: '1' }] }
 */
export interface DeclarativeRequest {
  readonly identifier: string;
  readonly verb?: Verb;
  readonly representation?: RepresentationClass;
  readonly arguments?: readonly DeclarativeArgument[];
  readonly varargs?: boolean;
  readonly headers?: readonly { readonly name: string; readonly value: unknown }[];
}

export type DeclarativeArgument =
  | { readonly name: string; readonly identifier: string; readonly method?: 'as-string' }
  | { readonly name: string; readonly literal: unknown }
  | { readonly name: string; readonly request: DeclarativeRequest };

/** Extra arguments a caller supplies by value (the pluggable-overlay's `arg:request`, `arg:response`, `arg:exception`). */
export type SuppliedArguments = Readonly<Record<string, unknown>>;

/**
 * Make the Request a declarative request describes, in the context of the request being
 * evaluated. Supplied arguments are available to `arg:NAME` references by value.
 */
export function buildDeclarativeRequest(spec: DeclarativeRequest, ctx: RequestContext, supplied: SuppliedArguments = {}): Request {
  const incoming = ctx.thisRequest;
  const substitute = (text: string) =>
    text.replace(/\[\[arg:([\w.-]+)\]\]/g, (_, name: string) => {
      const value = incoming.argumentValue(name);
      if (value === undefined) throw new RocError('ROC_ERR_ARGUMENT', { identifier: incoming.identifier, reason: `it has no argument "${name}" for [[arg:${name}]]` });
      return value;
    });

  let request: Request;
  const named = new Set<string>();
  if (spec.identifier.startsWith('meta:')) {
    request = new Request(buildFromEndpointGrammar(spec, ctx, substitute));
    for (const a of spec.arguments ?? []) named.add(a.name);
  } else {
    request = new Request(substitute(spec.identifier));
    for (const argument of spec.arguments ?? []) {
      named.add(argument.name);
      addArgument(request, argument, ctx, supplied, substitute);
    }
  }
  if (spec.varargs) {
    for (const name of incoming.argumentNames) {
      if (named.has(name)) continue;
      for (const value of incoming.argumentValues(name)) request.addArgument(name, value);
    }
  }
  if (spec.verb !== undefined) request.setVerb(spec.verb);
  if (spec.representation !== undefined) request.setRepresentationClass(spec.representation);
  for (const header of spec.headers ?? []) request.setHeader(header.name, header.value);
  return request;
}

function addArgument(request: Request, argument: DeclarativeArgument, ctx: RequestContext, supplied: SuppliedArguments, substitute: (t: string) => string): void {
  if ('literal' in argument) {
    request.addArgumentByValue(argument.name, argument.literal);
    return;
  }
  if ('request' in argument) {
    request.addArgumentByRequest(argument.name, buildDeclarativeRequest(argument.request, ctx, supplied));
    return;
  }
  const text = substitute(argument.identifier);
  if (text.startsWith('arg:')) {
    const name = text.slice(4);
    if (name in supplied) {
      request.addArgumentByValue(argument.name, supplied[name]);
      return;
    }
    const value = ctx.thisRequest.argumentValue(name);
    if (value === undefined) throw new RocError('ROC_ERR_ARGUMENT', { identifier: ctx.thisRequest.identifier, reason: `it has no argument "${name}" to pass as ${argument.name}` });
    if (argument.method === 'as-string') request.addArgumentByValue(argument.name, value);
    else request.addArgument(argument.name, value);
    return;
  }
  if (argument.method === 'as-string') request.addArgumentByValue(argument.name, text);
  else request.addArgument(argument.name, text);
}

/** `meta:ID`: find endpoint ID in scope and build the identifier from its grammar and the declared arguments. */
function buildFromEndpointGrammar(spec: DeclarativeRequest, ctx: RequestContext, substitute: (t: string) => string): string {
  const id = spec.identifier.slice(5);
  const grammar = findEndpointGrammar(ctx.scope, id);
  if (grammar === undefined) throw new RocError('ROC_ERR_ARGUMENT', { identifier: spec.identifier, reason: `no endpoint with id "${id}" is in scope` });
  const args: [string, string][] = [];
  // No arguments declared: the incoming request's are passed on (a mapper endpoint that took
  // the target's grammar has exactly the target's arguments).
  if ((spec.arguments ?? []).length === 0) {
    for (const name of ctx.thisRequest.argumentNames) for (const value of ctx.thisRequest.argumentValues(name)) args.push([name, value]);
  }
  for (const argument of spec.arguments ?? []) {
    if (!('identifier' in argument)) throw new RocError('ROC_ERR_ARGUMENT', { identifier: spec.identifier, reason: `argument "${argument.name}" must be text to build a meta: identifier` });
    const text = substitute(argument.identifier);
    args.push([argument.name, text.startsWith('arg:') ? (ctx.thisRequest.argumentValue(text.slice(4)) ?? '') : text]);
  }
  return grammar.build(args);
}

/** The grammar of the endpoint with `id` in the spaces of `scope` (and the spaces nested in them). */
export function findEndpointGrammar(scope: Scope, id: string): Grammar | undefined {
  const seen = new Set<unknown>();
  const visit = (space: unknown): ReturnType<typeof find> => (space instanceof StandardSpace && !seen.has(space) ? (seen.add(space), find(space)) : undefined);
  const find = (space: StandardSpace): Grammar | undefined => {
    for (const endpoint of space.endpoints) {
      if (endpoint.id === id && endpoint.grammar) return endpoint.grammar;
      const definition = endpoint.definition;
      if (definition instanceof OpaqueOverlay) {
        const logical = definition.logicalEndpoints.find((e) => e.id === id);
        if (logical?.grammar) return logical.grammar;
      }
      for (const inner of definition.innerSpaces ?? []) {
        const found = visit(inner);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const space of scope) {
    const found = visit(space);
    if (found) return found;
  }
  return undefined;
}

/** Issue a declarative request and give its response. */
export function issueDeclarative(spec: DeclarativeRequest, ctx: RequestContext, supplied?: SuppliedArguments): Awaitable<import('../kernel/index.ts').Response> {
  return ctx.issueRequestForResponse(buildDeclarativeRequest(spec, ctx, supplied));
}
