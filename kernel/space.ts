import type { ArgumentList, Grammar } from './grammar/grammar.ts';
import type { MountedEndpoint } from './endpoint.ts';
import type { Request } from './request.ts';
import type { Verb } from './verbs.ts';

/**
 * A space: something the kernel can ask "who handles this request?". The built-in
 * {@link StandardSpace} is an ordered list of endpoints, but `Space` is a public interface:
 * a space backed by a database, computed on the fly or remote only has to answer `resolve`.
 * Mount it with an import or an overlay, or use it as a scope, like any built-in space.
 *
 * A space whose answers change must call {@link topologyChanged} (the kernel caches
 * resolutions), or return resolutions with `cacheable: false`.
 *
 * @example
 * const computed: Space = {
 *   id: 'urn:example:squares',
 *   resolve(rc) {
 *     const m = /^square:(\d+)$/.exec(rc.identifier);
 *     return m ? rc.match(squareEndpoint, [['n', m[1]!]]) : undefined;
 *   },
 * };
 */
export interface Space {
  /** A name for messages and scopes: a rootspace URI, or a generated id. */
  readonly id: string;
  /** The resolution for `rc`'s request, or undefined when nothing here handles it. */
  resolve(rc: ResolutionContext): Resolution | undefined;
  /**
   * Optional promise about what this space can answer: false means it never resolves
   * `identifier`, whatever the verb. Spaces injected per request (`pbv:`, `httpRequest:`,
   * sessions) declare it, so resolution passes them by and keeps using the resolution cache of
   * the long-lived scope beneath them.
   */
  claims?(identifier: string): boolean;
}

/**
 * The answer of a space: the endpoint that will be evaluated, the arguments its grammar parsed,
 * and the path of spaces the request went through to reach it (outermost first). The kernel
 * pushes the path onto the request scope to make the endpoint's evaluation scope.
 */
export interface Resolution {
  readonly endpoint: MountedEndpoint;
  readonly args: ArgumentList;
  readonly path: readonly Space[];
  /** False when the answer must not be kept in the resolution cache (it depends on more than identifier and verb). */
  readonly cacheable: boolean;
}

/** What a space is asked, and the means to delegate (imports, overlays). */
export interface ResolutionContext {
  readonly request: Request;
  readonly identifier: string;
  readonly verb: Verb;
  readonly verbBit: number;
  /** True while a space is asked through an import: private endpoints and imports stay hidden. */
  readonly viaImport: boolean;
  /**
   * Ask another space (an import's target, an overlay's inner space). A space already being
   * asked on this path answers undefined, so circular imports terminate.
   */
  ask(space: Space, viaImport: boolean): Resolution | undefined;
  /** Note that an endpoint matched the identifier but does not support the verb (for a precise error). */
  verbMismatch(supportedVerbs: number): void;
  /**
   * Note that a grammar's literal prefix matched but its arguments did not, so that a failed
   * resolution can say which argument was wrong instead of "not found". Cheap: it only keeps
   * the grammar until the walk ends.
   */
  argumentMismatch(grammar: Grammar): void;
  /** A resolution to `endpoint` with `args`, found in `space`. */
  match(endpoint: MountedEndpoint, args: ArgumentList, space?: Space): Resolution;
}

/**
 * The generation of the resolution topology. Anything that changes what a space resolves
 * (mounting, unmounting, reloading a module) calls {@link topologyChanged}, which makes every
 * cached resolution stale at once.
 */
export const topology = { generation: 0 };

/** Invalidate all cached resolutions. Call it after changing what a custom space resolves. */
export function topologyChanged(): void {
  topology.generation++;
}
