import type { MountedEndpoint } from './endpoint.ts';
import { RocError } from './errors.ts';
import { checkActiveArguments } from './grammar/active.ts';
import type { ArgumentList, Grammar } from './grammar/grammar.ts';
import { className, classNameOf } from './representation.ts';
import type { Request } from './request.ts';
import { Scope } from './scope.ts';
import type { Resolution, ResolutionContext, Space } from './space.ts';
import { topology } from './space.ts';
import { VERB_BIT, verbsOf, type Verb } from './verbs.ts';

/** Most cached resolutions per scope and verb; past it the table starts again empty. */
const MAX_RESOLUTIONS_PER_SCOPE = 10_000;

/** A cached resolution: the answer, the evaluation scope it leads to, and the scope level that answered. */
export interface ResolutionEntry {
  readonly resolution: Resolution;
  readonly evaluationScope: Scope;
  /** The space of the request scope in which the walk found the answer. */
  readonly matchedAt: Space;
  readonly generation: number;
  /** The representation-cache key for requests without a representation class (computed on first use). */
  cacheKey?: string;
}

/**
 * The canonical identifier of a resolved request (spec §3): an active URI rebuilt by its
 * grammar, so argument order and escaping do not split cache entries; other identifiers as
 * they are.
 */
export function canonicalIdentifier(identifier: string, resolution: Resolution): string {
  const grammar = resolution.endpoint.grammar;
  if (grammar === undefined || grammar.kind !== 'active') return identifier;
  try {
    return grammar.build(resolution.args);
  } catch {
    return identifier;
  }
}

/**
 * Resolve `request` against `scope` (spec §4): ask each space, nearest first; the first
 * resolution wins. Answers are cached on the scope node, keyed by verb and identifier (by
 * classes for TRANSREPT), until the topology changes.
 */
export function resolve(request: Request, scope: Scope): ResolutionEntry {
  // Spaces in front that promise not to answer this identifier (per-request injected spaces)
  // are passed by: resolve against the long-lived scope beneath them, where answers are cached,
  // and put the path back on top of the full scope for evaluation.
  if (request.verbBit !== VERB_BIT.TRANSREPT) {
    let base = scope;
    while (base.parent !== undefined && base.space.claims !== undefined && !base.space.claims(request.identifier)) base = base.parent;
    if (base !== scope) {
      const beneath = resolve(request, base);
      let evaluationScope = scope;
      for (const space of beneath.resolution.path) evaluationScope = evaluationScope.push(space);
      const entry: ResolutionEntry = { resolution: beneath.resolution, evaluationScope, matchedAt: beneath.matchedAt, generation: beneath.generation };
      if (beneath.cacheKey !== undefined) entry.cacheKey = beneath.cacheKey;
      return entry;
    }
  }
  const verbIndex = 31 - Math.clz32(request.verbBit);
  const key = request.verbBit === VERB_BIT.TRANSREPT
    ? `${classNameOf(request.primary)}\0${request.representationClass === undefined ? '' : className(request.representationClass)}`
    : request.identifier;
  const table = scope.resolutions(verbIndex);
  const cached = table.get(key);
  if (cached !== undefined && cached.generation === topology.generation) return cached;

  const walk = new ScopeWalk(request);
  let found: Resolution | undefined;
  let level: Scope | undefined = scope;
  for (; level; level = level.parent) {
    found = walk.ask(level.space, false);
    if (found) break;
  }
  if (!found || !level) throw walk.failure();

  let evaluationScope = scope;
  for (const space of found.path) evaluationScope = evaluationScope.push(space);
  const entry: ResolutionEntry = { resolution: found, evaluationScope, matchedAt: level.space, generation: topology.generation };
  if (found.cacheable) {
    // Bounded: identifiers full of ids would otherwise grow it without end.
    if (table.size >= MAX_RESOLUTIONS_PER_SCOPE) table.clear();
    table.set(key, entry);
  }
  return entry;
}

/** The state of one resolution walk: what was asked (for the error) and the current path (for cycles). */
class ScopeWalk implements ResolutionContext {
  readonly identifier: string;
  readonly verbBit: number;
  viaImport = false;
  // Allocated on first use: most walks ask one space and find the answer there.
  private onPath: Space[] = [];
  private asked: Map<Space, boolean> | undefined;
  private order: Space[] | undefined;
  private supportedVerbs = 0;
  private nearMisses: Grammar[] | undefined;

  constructor(readonly request: Request) {
    this.identifier = request.identifier;
    this.verbBit = request.verbBit;
  }

  get verb(): Verb {
    return this.request.verb;
  }

  ask(space: Space, viaImport: boolean): Resolution | undefined {
    const onPath = this.onPath;
    if (onPath.includes(space)) return undefined;
    // A space that already answered nothing answers nothing again, unless it now sees more (asked directly after via import).
    const before = this.asked?.get(space);
    if (before !== undefined && (before === false || viaImport)) return undefined;
    if (before === undefined) (this.order ??= []).push(space);
    const outer = this.viaImport;
    this.viaImport = viaImport;
    onPath.push(space);
    try {
      const found = space.resolve(this);
      if (!found) (this.asked ??= new Map()).set(space, viaImport);
      return found;
    } finally {
      onPath.pop();
      this.viaImport = outer;
    }
  }

  argumentMismatch(grammar: Grammar): void {
    if (grammar.kind === 'active') (this.nearMisses ??= []).push(grammar);
  }

  verbMismatch(supportedVerbs: number): void {
    this.supportedVerbs |= supportedVerbs;
  }

  match(endpoint: MountedEndpoint, args: ArgumentList, space?: Space): Resolution {
    return { endpoint, args, path: space ? [space] : [], cacheable: true };
  }

  failure(): RocError {
    const request = this.request;
    if (request.verbBit === VERB_BIT.TRANSREPT) {
      return new RocError('ROC_ERR_TRANSREPT', {
        from: classNameOf(request.primary),
        to: request.representationClass === undefined ? 'nothing' : className(request.representationClass),
        identifier: request.identifier,
      });
    }
    if (this.supportedVerbs !== 0) {
      return new RocError('ROC_ERR_VERB', { verb: request.verb, identifier: request.identifier, supported: verbsOf(this.supportedVerbs & ~VERB_BIT.META).join(', ') });
    }
    for (const grammar of this.nearMisses ?? []) {
      const why = checkActiveArguments(grammar, request.identifier);
      if (why) return why;
    }
    const spaces = (this.order ?? []).map((s) => s.id).join(', ') || 'none';
    return new RocError('ROC_ERR_RESOLUTION', { verb: request.verb, identifier: request.identifier, spaces });
  }
}
