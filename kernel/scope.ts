import type { Space } from './space.ts';
import type { ResolutionEntry } from './resolution.ts';

/**
 * A scope: the spaces a request is resolved against, nearest first, as an immutable linked
 * list. Scopes are interned: pushing the same space onto the same scope gives the same object,
 * so a scope's identity can key caches, and each scope node carries its own resolution cache.
 * Children are held weakly, so a scope made for a per-request space (a `pbv:` space, a
 * session) goes away with it.
 *
 * @example const scope = Scope.of(appSpace).push(injectedSpace); // injectedSpace is nearest
 */
export class Scope {
  private static readonly roots = new WeakMap<Space, Scope>();
  private static nextId = 0;
  // Made on first use: most scopes made per request are never pushed onto or resolved against.
  private children: WeakMap<Space, Scope> | undefined;
  private tables: Map<string, ResolutionEntry>[] | undefined;
  /** A small unique number: scopes are interned, so it names this exact list of spaces. */
  readonly id = Scope.nextId++;
  readonly length: number;

  private constructor(
    readonly space: Space,
    readonly parent: Scope | undefined,
  ) {
    this.length = parent ? parent.length + 1 : 1;
  }

  /** The scope of one space (interned). */
  static of(space: Space): Scope {
    let scope = Scope.roots.get(space);
    if (!scope) {
      scope = new Scope(space, undefined);
      Scope.roots.set(space, scope);
    }
    return scope;
  }

  /** This scope with `space` in front (nearest). Interned; pushing the current head returns this scope. */
  push(space: Space): Scope {
    if (space === this.space) return this;
    const children = (this.children ??= new WeakMap());
    let child = children.get(space);
    if (!child) {
      child = new Scope(space, this);
      children.set(space, child);
    }
    return child;
  }

  /** Resolution cache for one verb: identifier → resolution, valid for one topology generation. */
  resolutions(verbIndex: number): Map<string, ResolutionEntry> {
    const tables = (this.tables ??= []);
    return (tables[verbIndex] ??= new Map());
  }

  /** The spaces, nearest first. */
  *[Symbol.iterator](): IterableIterator<Space> {
    for (let s: Scope | undefined = this; s; s = s.parent) yield s.space;
  }

  toArray(): Space[] {
    return [...this];
  }

  includes(space: Space): boolean {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.space === space) return true;
    return false;
  }

  toString(): string {
    return this.toArray().map((s) => s.id).join(' → ');
  }
}
