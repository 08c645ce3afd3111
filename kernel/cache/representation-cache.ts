import type { MountedEndpoint } from '../endpoint.ts';
import type { Logger } from '../logger.ts';
import type { Response } from '../response.ts';
import type { Scope } from '../scope.ts';
import { estimateBytes, deepFreeze } from './size.ts';
import { followsDependencies, isExpired } from './validity.ts';

/** How many recent cuts the stale-write check remembers by thread before it forgets them all. */
const MAX_CUT_EPOCHS = 10_000;

export interface CacheOptions {
  /** Most entries kept (default 10,000). 0 disables caching; everything still works. */
  readonly maxEntries?: number;
  /** Approximate bytes of representations kept (default 64 MiB). */
  readonly maxBytes?: number;
  /** Deep-freeze cached JSON representations, so an endpoint that mutates one fails loudly (default false). */
  readonly freeze?: boolean;
}

/** Counters readable from code: `kernel.cache.stats`. */
export interface CacheStats {
  hits: number;
  misses: number;
  stores: number;
  culls: number;
  invalidations: number;
  coalesced: number;
  entries: number;
  bytes: number;
}

interface Entry {
  readonly key: string;
  readonly response: Response;
  readonly endpoint: MountedEndpoint;
  readonly bytes: number;
  readonly storedAt: number;
  hits: number;
}

/**
 * The representation cache (spec §6). Entries are keyed by verb, canonical identifier and
 * requested class; an entry is reused only for the same resolved endpoint and when every
 * space of its response scope is in the new request's scope (two sessions never share).
 *
 * Invalidation is pushed, not polled: a stored response retains its dependencies, which
 * remember their dependents and are registered under their thread keys (their identifier and
 * any golden threads). Cutting a key marks those responses and everything computed from
 * them invalid and evicts them, so a hit costs a few comparisons.
 *
 * @example
 * const { hits, misses } = kernel.cache.stats;
 */
export class RepresentationCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  private readonly freeze: boolean;
  private readonly buckets = new Map<string, Entry[]>();
  private readonly byResponse = new Map<Response, Entry>();
  private readonly threads = new Map<string, Set<Response>>();
  /** When each recently cut thread was cut; bounded (see {@link MAX_CUT_EPOCHS}). */
  private readonly cutEpochs = new Map<string, number>();
  /** Computations started before this epoch may have missed a forgotten cut: they are not stored. */
  private forgottenBefore = 0;
  /** Bumped by every cut: a computation that saw the epoch change re-checks before it is stored. */
  epoch = 0;
  private counters: CacheStats = { hits: 0, misses: 0, stores: 0, culls: 0, invalidations: 0, coalesced: 0, entries: 0, bytes: 0 };

  constructor(
    options: CacheOptions,
    private readonly logger: Logger,
    /** Called with each cut thread key (golden-thread cut listeners hang on it). */
    private readonly onCut: (key: string) => void = () => undefined,
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.freeze = options.freeze === true;
    if (!(this.maxEntries >= 0) || !(this.maxBytes >= 0)) throw new RangeError('cache limits must be numbers >= 0');
  }

  get stats(): Readonly<CacheStats> {
    return { ...this.counters, entries: this.byResponse.size };
  }

  /** @internal */
  countCoalesced(): void {
    this.counters.coalesced++;
  }

  /** A valid stored response for `key` computed by `endpoint` whose response scope lies within `scope`. */
  lookup(key: string, endpoint: MountedEndpoint, scope: Scope, identifier: string): Response | undefined {
    const bucket = this.buckets.get(key);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) {
        const entry = bucket[i]!;
        if (entry.endpoint !== endpoint || !withinScope(entry.response, scope)) continue;
        const r = entry.response;
        // Most responses expire by nothing but invalidation: only read the clock for those that can expire by time.
        const expired = r.invalidated || r.alwaysExpired || ((r.expiresAt !== Infinity || r.volatile !== undefined) && isExpired(r, Date.now(), this.logger, identifier));
        if (expired) {
          this.remove(entry);
          i--;
          continue;
        }
        entry.hits++;
        this.counters.hits++;
        return entry.response;
      }
    }
    this.counters.misses++;
    return undefined;
  }

  /** Keep `response` (if it may be reused and nothing it read was written meanwhile). */
  store(key: string, endpoint: MountedEndpoint, response: Response): boolean {
    if (this.maxEntries === 0 || this.maxBytes === 0) return false;
    if (response.noCache || response.alwaysExpired || response.invalidated) return false;
    if (response.startEpoch !== this.epoch && this.isStale(response)) return false;
    const bytes = estimateBytes(response.representation);
    if (bytes > this.maxBytes) return false;
    if (this.freeze) deepFreeze(response.representation);
    const entry: Entry = { key, response, endpoint, bytes, storedAt: Date.now(), hits: 0 };
    const bucket = this.buckets.get(key);
    if (bucket) bucket.push(entry);
    else this.buckets.set(key, [entry]);
    this.byResponse.set(response, entry);
    this.counters.stores++;
    this.counters.bytes += bytes;
    this.retain(response);
    if (this.byResponse.size > this.maxEntries || this.counters.bytes > this.maxBytes) this.cull();
    return true;
  }

  /** Invalidate every retained response registered under `key`, and what was computed from them. */
  cut(key: string): void {
    this.epoch++;
    if (this.cutEpochs.size >= MAX_CUT_EPOCHS && !this.cutEpochs.has(key)) {
      // Forget the old cuts rather than grow forever; what started before now is judged stale.
      this.cutEpochs.clear();
      this.forgottenBefore = this.epoch;
    }
    this.cutEpochs.delete(key); // keep insertion order = cut order
    this.cutEpochs.set(key, this.epoch);
    const registered = this.threads.get(key);
    if (registered !== undefined) this.invalidateAll([...registered]);
    this.onCut(key);
  }

  /**
   * Invalidate every retained response for which `which` is true (a reloaded module's
   * endpoints, say), and what was computed from them.
   */
  invalidateWhere(which: (response: Response) => boolean): void {
    this.epoch++;
    const found = new Set<Response>();
    for (const set of this.threads.values()) for (const r of set) if (which(r)) found.add(r);
    for (const entry of this.byResponse.values()) if (which(entry.response)) found.add(entry.response);
    this.invalidateAll([...found]);
  }

  private invalidateAll(responses: Response[]): void {
    {
      const stack = responses;
      while (stack.length > 0) {
        const response = stack.pop()!;
        if (response.invalidated) continue;
        response.invalidated = true;
        this.counters.invalidations++;
        for (const dependent of response.dependents ?? []) if (followsDependencies(dependent)) stack.push(dependent);
        const entry = this.byResponse.get(response);
        if (entry) this.remove(entry);
      }
    }
  }

  /** Drop every entry. */
  clear(): void {
    for (const entry of [...this.byResponse.values()]) this.remove(entry);
  }

  /** True when a thread something in the response's dependency tree hangs on was cut after it started. */
  private isStale(response: Response): boolean {
    if (response.startEpoch < this.forgottenBefore) return true;
    const seen = new Set<Response>();
    const stack = [response];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (seen.has(r)) continue;
      seen.add(r);
      if (r.invalidated) return true;
      for (const key of r.threads ?? []) if ((this.cutEpochs.get(key) ?? -1) > response.startEpoch) return true;
      stack.push(...r.dependencies);
    }
    return false;
  }

  private remove(entry: Entry): void {
    if (this.byResponse.get(entry.response) !== entry) return;
    this.byResponse.delete(entry.response);
    const bucket = this.buckets.get(entry.key);
    if (bucket) {
      const at = bucket.indexOf(entry);
      if (at >= 0) bucket.splice(at, 1);
      if (bucket.length === 0) this.buckets.delete(entry.key);
    }
    this.counters.bytes -= entry.bytes;
    this.release(entry.response);
  }

  /** Cull the least valuable entries (cost × hits × boost; oldest first on ties) down to 90% of the limits. */
  private cull(): void {
    const entries = [...this.byResponse.values()];
    const value = (e: Entry) => Math.max(e.response.cost, 0.001) * (e.hits + 1) * (e.response.boost + 1);
    entries.sort((a, b) => value(a) - value(b) || a.storedAt - b.storedAt);
    const entryTarget = Math.floor(this.maxEntries * 0.9);
    const byteTarget = Math.floor(this.maxBytes * 0.9);
    for (const entry of entries) {
      if (this.byResponse.size <= entryTarget && this.counters.bytes <= byteTarget) break;
      this.remove(entry);
      this.counters.culls++;
    }
  }

  // Retention: a stored response holds its dependency tree; each retained response is
  // registered under its thread keys so that a cut finds it.
  private retain(response: Response): void {
    const stack: [Response, Response | undefined][] = [[response, undefined]];
    while (stack.length > 0) {
      const [r, dependent] = stack.pop()!;
      if (dependent) (r.dependents ??= new Set()).add(dependent);
      if (r.retained++ > 0) continue;
      for (const key of r.threads ?? []) {
        let set = this.threads.get(key);
        if (!set) this.threads.set(key, (set = new Set()));
        set.add(r);
      }
      for (const dep of r.dependencies) stack.push([dep, r]);
    }
  }

  private release(response: Response): void {
    const stack: [Response, Response | undefined][] = [[response, undefined]];
    while (stack.length > 0) {
      const [r, dependent] = stack.pop()!;
      if (dependent) r.dependents?.delete(dependent);
      if (--r.retained > 0) continue;
      for (const key of r.threads ?? []) {
        const set = this.threads.get(key);
        set?.delete(r);
        if (set?.size === 0) this.threads.delete(key);
      }
      for (const dep of r.dependencies) stack.push([dep, r]);
    }
  }
}

function withinScope(response: Response, scope: Scope): boolean {
  const used = response.usedSpaces;
  if (used === undefined) return true;
  for (const space of used) if (!scope.includes(space)) return false;
  return true;
}
