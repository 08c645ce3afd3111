import type { Space } from './space.ts';
import type { MountedEndpoint } from './endpoint.ts';

/**
 * How long a response stays valid. Returning a plain value gives DEPENDENT: valid while
 * everything it was computed from is valid. The constants mirror NetKernel's INKFResponse.
 *
 * @example ctx.createResponseFrom(html).setExpiry('MIN_CONSTANT_DEPENDENT', Date.now() + 60_000)
 */
export type ExpiryKind = 'ALWAYS' | 'NEVER' | 'CONSTANT' | 'DEPENDENT' | 'MIN_CONSTANT_DEPENDENT' | 'FUNCTION';

/** An expiry function: return true once the response must no longer be used. */
export type ExpiryFunction = (now: number) => boolean;

export type Expiry =
  | { readonly kind: 'ALWAYS' | 'NEVER' | 'DEPENDENT' }
  | { readonly kind: 'CONSTANT' | 'MIN_CONSTANT_DEPENDENT'; readonly at: number }
  | { readonly kind: 'FUNCTION'; readonly fn: ExpiryFunction };

export const EXPIRY_ALWAYS: Expiry = { kind: 'ALWAYS' };
export const EXPIRY_NEVER: Expiry = { kind: 'NEVER' };
export const EXPIRY_DEPENDENT: Expiry = { kind: 'DEPENDENT' };

/**
 * A response: the representation plus what the kernel and the requestor need to know about it
 * (mime type, headers, expiry, caching hints). Endpoints make one with
 * `ctx.createResponseFrom(value)` when they want to say more than the value itself.
 *
 * @example
 * return ctx.createResponseFrom('<p>hi</p>').setMimeType('text/html').setHeader('x-by', 'roc');
 */
export class Response<T = unknown> {
  mimeType: string | undefined;
  expiry: Expiry = EXPIRY_DEPENDENT;
  noCache = false;
  boost = 0;
  private headerMap: Map<string, unknown> | undefined;

  // Filled in by the kernel once the response is complete.
  /** Responses of the sub-requests made while computing this one. */
  dependencies: readonly Response[] = NO_DEPENDENCIES;
  /** When the kernel completed it (ms since epoch). */
  completedAt = 0;
  /** Milliseconds spent computing it, sub-requests included: the cache's cost measure. */
  cost = 0;
  /** Set by the cache when something this response depends on changed. */
  invalidated = false;

  // Cache bookkeeping, filled in at completion (kernel/cache/validity.ts) and by the cache.
  /** @internal Earliest time (ms) at which this response or a dependency expires by the clock. */
  expiresAt = Infinity;
  /** @internal True when it can never be reused (ALWAYS, or DEPENDENT on something ALWAYS). */
  alwaysExpired = false;
  /** @internal Responses with FUNCTION expiry this one's validity hangs on (itself included). */
  volatile: Response[] | undefined;
  /** @internal Spaces outside the resolution path the computation used: its response scope. */
  usedSpaces: readonly Space[] | undefined;
  /** @internal Thread keys that invalidate this response when cut (its identifier, golden threads). */
  threads: string[] | undefined;
  /** @internal Retained responses computed from this one (reverse dependency edges). */
  dependents: Set<Response> | undefined;
  /** @internal How many cache entries and retained dependents hold this response. */
  retained = 0;
  /** @internal The cache's write epoch when the computation started. */
  startEpoch = 0;
  /** @internal The endpoint that computed it (for invalidating a reloaded module's responses). */
  endpoint: MountedEndpoint | undefined;

  constructor(public representation: T) {}

  setMimeType(mime: string): this {
    this.mimeType = mime;
    return this;
  }

  /**
   * Set the expiry. `CONSTANT` and `MIN_CONSTANT_DEPENDENT` take an absolute time in ms since
   * the epoch (as NetKernel does); `FUNCTION` takes an `(now) => boolean`.
   */
  setExpiry(kind: 'ALWAYS' | 'NEVER' | 'DEPENDENT'): this;
  setExpiry(kind: 'CONSTANT' | 'MIN_CONSTANT_DEPENDENT', at: number): this;
  setExpiry(kind: 'FUNCTION', fn: ExpiryFunction): this;
  setExpiry(kind: ExpiryKind, arg?: number | ExpiryFunction): this {
    if (kind === 'CONSTANT' || kind === 'MIN_CONSTANT_DEPENDENT') {
      if (typeof arg !== 'number' || !Number.isFinite(arg)) throw new TypeError(`setExpiry('${kind}') needs an absolute time in ms`);
      this.expiry = { kind, at: arg };
    } else if (kind === 'FUNCTION') {
      if (typeof arg !== 'function') throw new TypeError(`setExpiry('FUNCTION') needs a function (now) => boolean`);
      this.expiry = { kind, fn: arg };
    } else {
      this.expiry = kind === 'ALWAYS' ? EXPIRY_ALWAYS : kind === 'NEVER' ? EXPIRY_NEVER : EXPIRY_DEPENDENT;
    }
    return this;
  }

  /** Keep this response out of the cache, without making the responses computed from it uncacheable. */
  setNoCache(): this {
    this.noCache = true;
    return this;
  }

  /** Make the cache keep this response longer (0 = default; negative values count as 0). */
  setCacheBoost(boost: number): this {
    this.boost = Math.max(0, boost);
    return this;
  }

  /** Set a response header (e.g. `mime`, `httpResponse:/code`). `mime` also sets the mime type. */
  setHeader(name: string, value: unknown): this {
    if (name === 'mime' && typeof value === 'string') this.mimeType = value;
    (this.headerMap ??= new Map()).set(name, value);
    return this;
  }

  getHeader(name: string): unknown {
    if (name === 'mime' && this.mimeType !== undefined) return this.mimeType;
    return this.headerMap?.get(name);
  }

  hasHeader(name: string): boolean {
    return this.headerMap?.has(name) === true || (name === 'mime' && this.mimeType !== undefined);
  }

  /** All headers, `mime` included when a mime type is set. */
  get headers(): ReadonlyMap<string, unknown> {
    const all = new Map(this.headerMap);
    if (this.mimeType !== undefined) all.set('mime', this.mimeType);
    return all;
  }

  /** A copy carrying a different representation (used by transreption); headers and hints carry over. */
  withRepresentation<U>(representation: U): Response<U> {
    const copy = new Response(representation);
    copy.expiresAt = Infinity;
    copy.mimeType = this.mimeType;
    copy.expiry = this.expiry;
    copy.noCache = this.noCache;
    copy.boost = this.boost;
    if (this.headerMap) copy.headerMap = new Map(this.headerMap);
    return copy;
  }
}

const NO_DEPENDENCIES: readonly Response[] = Object.freeze([]);
