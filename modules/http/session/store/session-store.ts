/**
 * The contract every session store keeps, and the value rules they share. The HTTPSession
 * overlay talks only to this interface (through {@link SessionPolicy}); the in-memory store
 * is the default and the Redis store lets several processes or hosts share one session set.
 *
 * Time is always passed in (`now`, epoch milliseconds) rather than read from a clock, so the
 * limits and expiry of spec §11 are testable without sleeping and every store agrees on them.
 */
import { RocError } from '../../../../kernel/errors.ts';

/** A JSON value: what a session can hold besides bytes. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What a `session:` path can hold: a JSON-serialisable representation or bytes. */
export type SessionValue = JsonValue | Uint8Array;

/** The bookkeeping of one live session; its values are read path by path. */
export interface SessionRecord {
  readonly id: string;
  /** When the session was created (epoch ms). */
  readonly created: number;
  /** When the session was last opened by a request (epoch ms); idle time counts from here. */
  readonly lastAccess: number;
}

/** The §11 limits a creation must respect; passed with each creation so one check is atomic. */
export interface SessionLimits {
  readonly maxSessions: number;
  readonly minDuration: number;
}

/**
 * The outcome of {@link SessionStore.create}: the new session (and the id reclaimed to make
 * room, if any), or a refusal saying when the idle-longest session becomes reclaimable.
 */
export type CreateResult =
  | { readonly ok: true; readonly session: SessionRecord; readonly reclaimed?: string }
  | { readonly ok: false; readonly live: number; readonly reclaimableAt: number };

/**
 * A place sessions live. Every operation is async (a remote store needs it) and atomic on its
 * own; a failing backend raises `ROC_ERR_SESSION_STORE`, a value that cannot be held raises
 * `ROC_ERR_SESSION_VALUE`, a malformed path raises `ROC_ERR_ARGUMENT`. Ids are opaque here:
 * checking their format is the policy's job, before a store is ever asked.
 *
 * Sessions idle for longer than `maxDuration` are gone: `touch`/`get` treat them as absent and
 * remove them, `sweep` removes them in bulk, and a creation sweeps before counting.
 *
 * @example
 * const store = new MemorySessionStore({ maxDuration: 3_000_000 });
 * const made = await store.create(newSessionId(), Date.now(), { maxSessions: 64, minDuration: 300_000 });
 * if (made.ok) await store.write(made.session.id, '/cart', { items: [] });
 */
export interface SessionStore {
  /** A short description for error messages, e.g. `memory` or `redis 127.0.0.1:6379/roc:s`. */
  readonly name: string;
  /** The idle limit (ms) this store enforces. */
  readonly maxDuration: number;
  /**
   * Create an empty session `id` at `now`. With `limits`, first sweep expired sessions, then
   * when `maxSessions` are live reclaim the idle-longest one if it has been idle at least
   * `minDuration`, else refuse; the check and the creation are one atomic step, so concurrent
   * creations never exceed the limit. An `id` already in use is `ROC_ERR_ARGUMENT`.
   */
  create(id: string, now: number, limits?: SessionLimits): Promise<CreateResult>;
  /** The session without touching it, or undefined when unknown or idle past maxDuration. */
  get(id: string, now: number): Promise<SessionRecord | undefined>;
  /** Like {@link get}, and the session's idle clock restarts at `now`. */
  touch(id: string, now: number): Promise<SessionRecord | undefined>;
  /** The value at `path`, or undefined. JSON values come back deeply frozen. */
  read(id: string, path: string): Promise<SessionValue | undefined>;
  /** Store `value` at `path` (a copy: later changes by the caller do not leak in). False when the session is gone. */
  write(id: string, path: string, value: unknown): Promise<boolean>;
  exists(id: string, path: string): Promise<boolean>;
  /** Remove the value at `path`; true when there was one. */
  remove(id: string, path: string): Promise<boolean>;
  /** End the session and drop its values; true when it existed. */
  destroy(id: string): Promise<boolean>;
  /** Move a live session's values to `newId` (log-in flows), restarting its idle clock; undefined when `oldId` is gone. */
  regenerate(oldId: string, newId: string, now: number): Promise<SessionRecord | undefined>;
  /** How many sessions are held (expired ones not yet swept included: call {@link sweep} first for a live count). */
  count(): Promise<number>;
  /** Up to `limit` sessions, idle longest first: the reclaim order. */
  idlest(limit: number): Promise<SessionRecord[]>;
  /** Remove every session idle past maxDuration at `now`; returns how many went. */
  sweep(now: number): Promise<number>;
  /** Release connections and timers; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Longest accepted `session:` path, so one request cannot make a store hold huge keys. */
export const MAX_PATH_LENGTH = 1024;

/** Refuse a path that is not `/` followed by something, or is too long (`ROC_ERR_ARGUMENT`). */
export function checkPath(path: string): void {
  if (typeof path !== 'string' || path.length < 2 || path[0] !== '/' || path.length > MAX_PATH_LENGTH) {
    const shown = typeof path === 'string' ? JSON.stringify(path.slice(0, 64)) : typeof path;
    throw new RocError('ROC_ERR_ARGUMENT', {
      identifier: `session:${shown}`,
      reason: `a session path is "/" followed by at least one character, at most ${MAX_PATH_LENGTH} in all`,
    });
  }
}

function refuse(path: string, reason: string): never {
  throw new RocError('ROC_ERR_SESSION_VALUE', { path, reason });
}

/**
 * Check `value` against the session value rules and return a private, deeply frozen copy
 * (bytes: a fresh Uint8Array). Anything JSON would change or drop is refused rather than
 * silently altered, so every store reads back exactly what was written: undefined, functions,
 * symbols, bigints, non-finite numbers, class instances (Date, Map…), accessors, cycles, and
 * bytes nested inside JSON.
 */
export function copySessionValue(path: string, value: unknown): SessionValue {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  return copyJson(path, value, new Set(), '');
}

function copyJson(path: string, value: unknown, ancestors: Set<object>, at: string): JsonValue {
  const where = at === '' ? '' : ` (at ${at})`;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) refuse(path, `${value} is not a finite number${where}`);
      // JSON has no negative zero; normalise so every store reads back the same number.
      return value === 0 ? 0 : value;
    case 'object':
      break;
    default:
      refuse(path, `a ${typeof value} is not JSON-serialisable${where}`);
  }
  if (value === null) return null;
  if (ancestors.has(value)) refuse(path, `the value contains a cycle${where}`);
  if (value instanceof Uint8Array) refuse(path, `bytes can only be stored as a whole value, not inside JSON${where}`);
  ancestors.add(value);
  let copy: JsonValue;
  if (Array.isArray(value)) {
    // Sized up front, not pushed: push over-allocates the backing store, and 100 000
    // sessions pay for it. A hole reads as undefined and is refused like one.
    const items = new Array<JsonValue>(value.length);
    for (let i = 0; i < value.length; i++) items[i] = copyJson(path, value[i], ancestors, `${at}[${i}]`);
    copy = items;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      refuse(path, `a ${kind} is not plain JSON; convert it first${where}`);
    }
    const out: Record<string, JsonValue> = {};
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'symbol') refuse(path, `symbol keys are not JSON-serialisable${where}`);
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined || !descriptor.enumerable) continue;
      if (!('value' in descriptor)) refuse(path, `accessor property "${key}" is not JSON data${where}`);
      const item = copyJson(path, descriptor.value, ancestors, `${at}.${key}`);
      // Assignment keeps V8's compact shared object shapes; only "__proto__" needs
      // defineProperty, since assigning it would replace the prototype instead of adding a key.
      if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      else out[key] = item;
    }
    copy = out;
  }
  ancestors.delete(value);
  return Object.freeze(copy);
}

/** Deep-freeze a parsed JSON value so every store hands out immutable representations. */
export function freezeJson<T extends JsonValue>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) freezeJson(child as JsonValue);
    Object.freeze(value);
  }
  return value;
}
