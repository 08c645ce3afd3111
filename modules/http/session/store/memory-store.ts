/**
 * The default session store: everything in this process's memory, gone when it exits.
 *
 * Memory per session is what issue 10 measures against express-session's MemoryStore, so the
 * layout is deliberately lean: one Map from id to a three-field entry, values kept as the
 * frozen copies the caller's data became (no JSON strings, no per-session Map), and no
 * separate index for reclaim. The Map itself is the idle order: touching a session moves it
 * to the end, so the first entry is always the one idle longest.
 */
import { RocError } from '../../../../kernel/errors.ts';
import { checkPath, copySessionValue, type CreateResult, type SessionLimits, type SessionRecord, type SessionStore, type SessionValue } from './session-store.ts';

/** Options of {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** Idle limit in ms (spec §11 maxDuration). */
  readonly maxDuration: number;
}

/**
 * One session. A class rather than object literals so every entry shares one hidden class;
 * `values` stays undefined until the first write because many sessions never hold anything.
 * Values live in an ordinary object keyed by path: sessions written with the same paths share
 * V8 hidden classes, which a Map per session could not do.
 */
class Entry {
  constructor(
    public created: number,
    public lastAccess: number,
    public values: Record<string, SessionValue> | undefined,
  ) {}
}

/**
 * Sessions in a Map, in idle order. Operations complete synchronously inside their promises,
 * so a creation's count-check-reclaim-create is atomic without a lock.
 *
 * `now` is expected not to go backwards; if it does, sweeping and reclaiming only happen
 * later than they could, never to a session younger than the limits allow.
 *
 * @example
 * const store = new MemorySessionStore({ maxDuration: 3_000_000 });
 * const policy = new SessionPolicy(parseSessionConfig({}), store);
 */
export class MemorySessionStore implements SessionStore {
  readonly name = 'memory';
  readonly maxDuration: number;
  readonly #sessions = new Map<string, Entry>();
  /**
   * Entries hold times as offsets from this (the first creation's `now`): V8 keeps small
   * integers unboxed, where epoch milliseconds would cost a heap number per field, and
   * per session. After about 12 days the offsets outgrow that range and are boxed after all,
   * which costs memory, never correctness.
   */
  #epoch: number | undefined;

  constructor(options: MemorySessionStoreOptions) {
    this.maxDuration = options.maxDuration;
  }

  async create(id: string, now: number, limits?: SessionLimits): Promise<CreateResult> {
    if (this.#sessions.has(id)) throw new RocError('ROC_ERR_ARGUMENT', { identifier: 'session:/', reason: 'that session id is already in use' });
    this.#epoch ??= now;
    let reclaimed: string | undefined;
    if (limits !== undefined) {
      this.#sweep(now);
      if (this.#sessions.size >= limits.maxSessions) {
        const oldest = this.#oldest();
        // Reclaim only one: the limit can only be exceeded by one at a time here.
        if (oldest === undefined || now - this.#time(oldest[1].lastAccess) < limits.minDuration) {
          const reclaimableAt = oldest === undefined ? now : this.#time(oldest[1].lastAccess) + limits.minDuration;
          return { ok: false, live: this.#sessions.size, reclaimableAt };
        }
        reclaimed = oldest[0];
        this.#sessions.delete(reclaimed);
      }
    }
    this.#sessions.set(id, new Entry(now - this.#epoch, now - this.#epoch, undefined));
    const session: SessionRecord = { id, created: now, lastAccess: now };
    return reclaimed === undefined ? { ok: true, session } : { ok: true, session, reclaimed };
  }

  async get(id: string, now: number): Promise<SessionRecord | undefined> {
    const entry = this.#live(id, now);
    return entry === undefined ? undefined : { id, created: this.#time(entry.created), lastAccess: this.#time(entry.lastAccess) };
  }

  async touch(id: string, now: number): Promise<SessionRecord | undefined> {
    const entry = this.#live(id, now);
    if (entry === undefined) return undefined;
    entry.lastAccess = this.#offset(now);
    // Re-insert so the Map's order stays the idle order.
    this.#sessions.delete(id);
    this.#sessions.set(id, entry);
    return { id, created: this.#time(entry.created), lastAccess: now };
  }

  async read(id: string, path: string): Promise<SessionValue | undefined> {
    checkPath(path);
    const values = this.#sessions.get(id)?.values;
    if (values === undefined || !Object.hasOwn(values, path)) return undefined;
    const value = values[path];
    // Bytes cannot be frozen, so each reader gets its own copy to keep the stored one intact.
    return value instanceof Uint8Array ? new Uint8Array(value) : value;
  }

  async write(id: string, path: string, value: unknown): Promise<boolean> {
    checkPath(path);
    const copy = copySessionValue(path, value);
    const entry = this.#sessions.get(id);
    if (entry === undefined) return false;
    (entry.values ??= {})[path] = copy;
    return true;
  }

  async exists(id: string, path: string): Promise<boolean> {
    checkPath(path);
    const values = this.#sessions.get(id)?.values;
    return values !== undefined && Object.hasOwn(values, path);
  }

  async remove(id: string, path: string): Promise<boolean> {
    checkPath(path);
    const entry = this.#sessions.get(id);
    if (entry?.values === undefined || !Object.hasOwn(entry.values, path)) return false;
    delete entry.values[path];
    return true;
  }

  async destroy(id: string): Promise<boolean> {
    return this.#sessions.delete(id);
  }

  async regenerate(oldId: string, newId: string, now: number): Promise<SessionRecord | undefined> {
    if (this.#sessions.has(newId)) throw new RocError('ROC_ERR_ARGUMENT', { identifier: 'session:/', reason: 'that session id is already in use' });
    const entry = this.#live(oldId, now);
    if (entry === undefined) return undefined;
    this.#sessions.delete(oldId);
    entry.lastAccess = this.#offset(now);
    this.#sessions.set(newId, entry);
    return { id: newId, created: this.#time(entry.created), lastAccess: now };
  }

  async count(): Promise<number> {
    return this.#sessions.size;
  }

  async idlest(limit: number): Promise<SessionRecord[]> {
    const out: SessionRecord[] = [];
    for (const [id, entry] of this.#sessions) {
      if (out.length >= limit) break;
      out.push({ id, created: this.#time(entry.created), lastAccess: this.#time(entry.lastAccess) });
    }
    return out;
  }

  async sweep(now: number): Promise<number> {
    return this.#sweep(now);
  }

  async close(): Promise<void> {
    this.#sessions.clear();
  }

  #offset(now: number): number {
    return now - (this.#epoch ?? 0);
  }

  #time(offset: number): number {
    return offset + (this.#epoch ?? 0);
  }

  /** The entry if it is live at `now`; an expired one is removed on the way. */
  #live(id: string, now: number): Entry | undefined {
    const entry = this.#sessions.get(id);
    if (entry === undefined) return undefined;
    if (now - this.#time(entry.lastAccess) > this.maxDuration) {
      this.#sessions.delete(id);
      return undefined;
    }
    return entry;
  }

  #oldest(): [string, Entry] | undefined {
    for (const pair of this.#sessions) return pair;
    return undefined;
  }

  #sweep(now: number): number {
    let removed = 0;
    // Idle order means the expired sessions are a prefix of the Map.
    for (const [id, entry] of this.#sessions) {
      if (now - this.#time(entry.lastAccess) <= this.maxDuration) break;
      this.#sessions.delete(id);
      removed++;
    }
    return removed;
  }
}
