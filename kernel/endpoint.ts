import type { RequestContext } from './context.ts';
import { RocError } from './errors.ts';
import { compileGrammar } from './grammar/compile.ts';
import type { Grammar, GrammarSpec } from './grammar/grammar.ts';
import type { RepresentationClass } from './representation.ts';
import { className } from './representation.ts';
import type { Resolution, ResolutionContext, Space } from './space.ts';
import type { Kernel } from './kernel.ts';
import type { Scope } from './scope.ts';
import { parseVerb, VERB_BIT, VERBS, verbsOf, type Verb } from './verbs.ts';

/** A handler: receives the request context, returns a representation, a Response, or a Promise of either. */
export type Handler = (ctx: RequestContext) => unknown;

/**
 * What an endpoint is, in plain terms. A class instance or a plain object with these members
 * can be mounted into a space; the kernel reads it once, at mount time.
 *
 * - `grammar`: which identifiers it answers (a string is an exact identifier; see GrammarSpec).
 * - `verbs`: the verbs it supports; by default those it has handlers for (META always works).
 * - `onSource` … `onTransrept`, or one `onRequest` for every declared verb.
 * - `transreptor`: for a transreptor, the class it converts from and to.
 * - `resolve`: custom resolution, for endpoints that delegate (imports, overlays).
 * - `private`: invisible to requests that arrive through an import.
 *
 * @example
 * class Hello implements EndpointDefinition {
 *   grammar = { simple: 'res:/hello/{name}' };
 *   onSource(ctx: RequestContext) { return `Hello ${ctx.thisRequest.argumentValue('name')}`; }
 * }
 * space.mount(new Hello());
 */
export interface EndpointDefinition {
  id?: string;
  grammar?: GrammarSpec | Grammar;
  verbs?: readonly (Verb | string)[];
  private?: boolean;
  description?: string;
  meta?: Readonly<Record<string, unknown>>;
  transreptor?: { readonly from: RepresentationClass; readonly to: RepresentationClass };
  resolve?(rc: ResolutionContext, self: MountedEndpoint): Resolution | undefined;
  /**
   * For endpoints whose state belongs to this instance only (one session's values): reads and
   * writes of an identifier through this endpoint use their own invalidation thread, so a write
   * here does not invalidate what other instances computed for the same identifier.
   */
  readonly threadQualifier?: string;
  /** Spaces this endpoint wraps (overlays) or holds, so lifecycle walks reach their endpoints. */
  readonly innerSpaces?: readonly Space[];
  /** Called once before the endpoint serves (open connections, load config, start servers). */
  commission?(kernel: Kernel, scope: Scope): unknown;
  /** Called once when it is taken out of service (close what commission opened). */
  decommission?(): unknown;
  onSource?(ctx: RequestContext): unknown;
  onSink?(ctx: RequestContext): unknown;
  onExists?(ctx: RequestContext): unknown;
  onDelete?(ctx: RequestContext): unknown;
  onNew?(ctx: RequestContext): unknown;
  onMeta?(ctx: RequestContext): unknown;
  onTransrept?(ctx: RequestContext): unknown;
  onRequest?(ctx: RequestContext): unknown;
}

const HANDLER_NAMES = ['onSource', 'onSink', 'onExists', 'onDelete', 'onNew', 'onMeta', 'onTransrept'] as const;
let anonymousCount = 0;

/**
 * An endpoint as a space holds it: its definition read once into what resolution and
 * evaluation need (compiled grammar, verb mask, one handler per verb).
 */
export class MountedEndpoint {
  readonly id: string;
  readonly grammar: Grammar | undefined;
  readonly verbs: number;
  readonly private: boolean;
  readonly transreptor: EndpointDefinition['transreptor'];
  private readonly handlers: (Handler | undefined)[];

  constructor(readonly definition: EndpointDefinition) {
    if (definition === null || typeof definition !== 'object') {
      throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: String(definition), reason: 'an endpoint must be an object or a class instance' });
    }
    this.id = endpointId(definition);
    this.private = definition.private === true;
    this.transreptor = definition.transreptor;
    this.grammar = definition.grammar === undefined ? undefined : toGrammar(definition.grammar, this.id);
    this.handlers = HANDLER_NAMES.map((name) => bindHandler(definition, name) ?? bindHandler(definition, 'onRequest'));
    this.verbs = declaredVerbs(definition, this.id, this.handlers);
    if (!this.grammar && !definition.resolve && !this.transreptor) {
      throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: this.id, reason: 'it has no grammar, no resolve() and is not a transreptor, so no request can reach it' });
    }
    if (this.verbs === VERB_BIT.META && !definition.resolve) {
      throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: this.id, reason: 'it has no handler (onSource, onSink, …, or onRequest)' });
    }
  }

  /** The handler for a verb, or the built-in META answer. */
  handler(verbBit: number): Handler | undefined {
    return this.handlers[31 - Math.clz32(verbBit)];
  }

  /** What META returns when the endpoint does not answer META itself. */
  describe(): Record<string, unknown> {
    const d = this.definition;
    return {
      id: this.id,
      grammar: this.grammar?.source,
      verbs: verbsOf(this.verbs),
      ...(d.description === undefined ? {} : { description: d.description }),
      ...(this.transreptor ? { from: className(this.transreptor.from), to: className(this.transreptor.to) } : {}),
      ...(d.meta ?? {}),
    };
  }
}

function endpointId(definition: EndpointDefinition): string {
  if (definition.id) return definition.id;
  const ctor: unknown = definition.constructor;
  const name = typeof ctor === 'function' && ctor !== Object ? ctor.name : '';
  return name || `endpoint-${++anonymousCount}`;
}

function toGrammar(spec: GrammarSpec | Grammar, endpointId: string): Grammar {
  if (typeof spec === 'object' && spec !== null && 'parse' in spec && typeof spec.parse === 'function') return spec;
  try {
    return compileGrammar(spec as GrammarSpec);
  } catch (error) {
    if (error instanceof RocError) {
      throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: endpointId, reason: error.message }, { cause: error });
    }
    throw error;
  }
}

function bindHandler(definition: EndpointDefinition, name: (typeof HANDLER_NAMES)[number] | 'onRequest'): Handler | undefined {
  const fn: unknown = definition[name];
  if (fn === undefined) return undefined;
  if (typeof fn !== 'function') {
    throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: definition.id ?? '(anonymous)', reason: `${name} is not a function` });
  }
  return (fn as Handler).bind(definition);
}

function declaredVerbs(definition: EndpointDefinition, id: string, handlers: readonly (Handler | undefined)[]): number {
  let mask = VERB_BIT.META;
  if (definition.verbs !== undefined) {
    for (const name of definition.verbs) {
      const verb = parseVerb(name);
      const index = VERBS.indexOf(verb);
      if (!handlers[index] && verb !== 'META' && !definition.resolve) {
        throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: id, reason: `it declares verb ${verb} but has no handler for it (on${verb[0]}${verb.slice(1).toLowerCase()} or onRequest)` });
      }
      mask |= VERB_BIT[verb];
    }
    return mask;
  }
  // Without a declaration: the verbs it has handlers for; onRequest alone means SOURCE, as in NetKernel.
  HANDLER_NAMES.forEach((name, i) => {
    if (definition[name] !== undefined) mask |= VERB_BIT[VERBS[i]!];
  });
  if (definition.onRequest !== undefined && mask === VERB_BIT.META) mask |= VERB_BIT.SOURCE;
  if (definition.transreptor) mask |= VERB_BIT.TRANSREPT;
  return mask;
}
