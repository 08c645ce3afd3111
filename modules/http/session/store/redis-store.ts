/**
 * A session store in Redis (through ioredis), for several processes or hosts serving one
 * session set: values survive a process restart, Redis enforces expiry (PEXPIRE), and the
 * maxSessions limit is counted across every process. The key layout and the atomic scripts
 * are described in `redis-scripts.ts`.
 *
 * Failure policy: an operation never waits on an absent Redis for longer than one connection
 * attempt (bounded by `connectTimeout`) or a stalled one for longer than `commandTimeout`; it
 * fails with `ROC_ERR_SESSION_STORE` instead. The client keeps reconnecting in the background,
 * so service resumes by itself when Redis is back, and a command whose outcome is unknown is
 * never re-sent later behind the caller's back (autoResendUnfulfilledCommands off).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { RocError } from '../../../../kernel/errors.ts';
import { CREATE, IDLEST, OPEN, REGENERATE, SWEEP, WRITE, type LuaScript } from './redis-scripts.ts';
import {
  checkPath,
  copySessionValue,
  freezeJson,
  type CreateResult,
  type JsonValue,
  type SessionLimits,
  type SessionRecord,
  type SessionStore,
  type SessionValue,
} from './session-store.ts';

/** ioredis options the store accepts (reply mapping changes reply shapes the scripts rely on). */
export type RedisClientOptions = Omit<RedisOptions, 'replyMapping'>;

/** Options of {@link RedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** Idle limit in ms (spec §11 maxDuration); Redis expires a session this long after its last access. */
  readonly maxDuration: number;
  /**
   * Where Redis is: a `redis://` URL, ioredis options (merged over the store's fail-fast
   * defaults), or a client you own (the store then leaves its options and its lifetime to you).
   * Default `redis://127.0.0.1:6379`.
   */
  readonly redis?: string | RedisClientOptions | Redis;
  /** Key prefix; every key the store writes starts with it. Default `roc:session`. */
  readonly prefix?: string;
}

/**
 * ioredis settings that turn "Redis is away" into a prompt error instead of a hang: commands
 * wait in the offline queue only until the next connection attempt fails
 * (maxRetriesPerRequest 0), attempts are bounded and retried forever with capped back-off.
 */
export const FAIL_FAST_REDIS_OPTIONS: RedisClientOptions = {
  connectTimeout: 2_000,
  commandTimeout: 2_000,
  maxRetriesPerRequest: 0,
  enableOfflineQueue: true,
  autoResendUnfulfilledCommands: false,
  retryStrategy: (attempt: number) => Math.min(50 * attempt, 500),
};

// Tags of encoded values: a first character says how to decode the rest, so a JSON object can
// never be mistaken for bytes, whatever keys it has.
const JSON_TAG = 'j';
const BYTES_TAG = 'b';

/**
 * Sessions in Redis: one hash per session and a sorted set index, all under `prefix`.
 *
 * @example
 * const store = new RedisSessionStore({ maxDuration: 3_000_000, redis: 'redis://127.0.0.1:6379', prefix: 'myapp:session' });
 * const policy = new SessionPolicy(parseSessionConfig({ maxSessions: 1000 }), store);
 * // …
 * await policy.close(); // closes the store and its connection
 */
export class RedisSessionStore implements SessionStore {
  readonly name: string;
  readonly maxDuration: number;
  readonly prefix: string;
  readonly #client: Redis;
  readonly #ownsClient: boolean;
  readonly #index: string;
  #lastError: Error | undefined;
  #closed = false;

  constructor(options: RedisSessionStoreOptions) {
    this.maxDuration = options.maxDuration;
    this.prefix = options.prefix ?? 'roc:session';
    this.#index = `${this.prefix}/index`;
    const redis = options.redis ?? 'redis://127.0.0.1:6379';
    if (redis instanceof Redis) {
      this.#client = redis;
      this.#ownsClient = false;
    } else {
      this.#client = typeof redis === 'string' ? new Redis(redis, FAIL_FAST_REDIS_OPTIONS) : new Redis({ ...FAIL_FAST_REDIS_OPTIONS, ...redis });
      this.#ownsClient = true;
    }
    const { host, port } = this.#client.options;
    this.name = `redis ${host ?? '127.0.0.1'}:${port ?? 6379}/${this.prefix}`;
    // Without a listener ioredis prints every failed reconnection; keep the last one as the reason.
    this.#client.on('error', (error: Error) => {
      this.#lastError = error;
    });
    this.#client.on('ready', () => {
      this.#lastError = undefined;
    });
  }

  /**
   * Wait until Redis answers, failing with `ROC_ERR_SESSION_STORE` when it does not; useful
   * at start-up to report a missing Redis early. Operations do not need it.
   */
  async ready(): Promise<void> {
    await this.#run(() => this.#client.ping());
  }

  async create(id: string, now: number, limits?: SessionLimits): Promise<CreateResult> {
    const reply = (await this.#eval(CREATE, [this.#index, this.#key(id)], [
      this.prefix, id, now, this.maxDuration, limits?.maxSessions ?? -1, limits?.minDuration ?? 0,
    ])) as string[];
    switch (reply[0]) {
      case 'taken':
        throw new RocError('ROC_ERR_ARGUMENT', { identifier: 'session:/', reason: 'that session id is already in use' });
      case 'full':
        return { ok: false, live: Number(reply[1]), reclaimableAt: Number(reply[2]) };
      default: {
        const session: SessionRecord = { id, created: now, lastAccess: now };
        return reply[1] ? { ok: true, session, reclaimed: reply[1] } : { ok: true, session };
      }
    }
  }

  async get(id: string, now: number): Promise<SessionRecord | undefined> {
    return this.#open(id, now, false);
  }

  async touch(id: string, now: number): Promise<SessionRecord | undefined> {
    return this.#open(id, now, true);
  }

  async read(id: string, path: string): Promise<SessionValue | undefined> {
    checkPath(path);
    const encoded = await this.#run(() => this.#client.hget(this.#key(id), path));
    return encoded === null ? undefined : this.#decode(path, encoded);
  }

  async write(id: string, path: string, value: unknown): Promise<boolean> {
    checkPath(path);
    const encoded = encode(copySessionValue(path, value));
    return (await this.#eval(WRITE, [this.#key(id)], [path, encoded])) === 1;
  }

  async exists(id: string, path: string): Promise<boolean> {
    checkPath(path);
    return (await this.#run(() => this.#client.hexists(this.#key(id), path))) === 1;
  }

  async remove(id: string, path: string): Promise<boolean> {
    checkPath(path);
    return (await this.#run(() => this.#client.hdel(this.#key(id), path))) === 1;
  }

  async destroy(id: string): Promise<boolean> {
    const replies = await this.#run(() => this.#client.multi().del(this.#key(id)).zrem(this.#index, id).exec());
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (failed) throw this.#storeError(failed);
    return replies?.[0]?.[1] === 1;
  }

  async regenerate(oldId: string, newId: string, now: number): Promise<SessionRecord | undefined> {
    const reply = (await this.#eval(REGENERATE, [this.#index, this.#key(oldId), this.#key(newId)], [oldId, newId, now, this.maxDuration])) as string[];
    if (reply[0] === 'taken') throw new RocError('ROC_ERR_ARGUMENT', { identifier: 'session:/', reason: 'that session id is already in use' });
    return reply[0] === 'ok' ? { id: newId, created: Number(reply[1]), lastAccess: now } : undefined;
  }

  async count(): Promise<number> {
    return this.#run(() => this.#client.zcard(this.#index));
  }

  async idlest(limit: number): Promise<SessionRecord[]> {
    if (limit < 1) return [];
    const flat = (await this.#eval(IDLEST, [this.#index], [this.prefix, Math.floor(limit)])) as string[];
    const out: SessionRecord[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) out.push({ id: flat[i]!, created: Number(flat[i + 1]), lastAccess: Number(flat[i + 2]) });
    return out;
  }

  async sweep(now: number): Promise<number> {
    return (await this.#eval(SWEEP, [this.#index], [this.prefix, now, this.maxDuration])) as number;
  }

  /** Close the connection (when the store opened it). Stored sessions stay in Redis. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#ownsClient) return;
    try {
      await this.#client.quit();
    } catch {
      // Redis already unreachable: nothing to say goodbye to.
      this.#client.disconnect();
    }
  }

  #key(id: string): string {
    return `${this.prefix}:${id}`;
  }

  async #open(id: string, now: number, touch: boolean): Promise<SessionRecord | undefined> {
    const reply = (await this.#eval(OPEN, [this.#index, this.#key(id)], [id, now, this.maxDuration, touch ? '1' : '0'])) as string[] | null;
    return reply === null ? undefined : { id, created: Number(reply[0]), lastAccess: Number(reply[1]) };
  }

  #decode(path: string, encoded: string): SessionValue {
    const body = encoded.slice(1);
    if (encoded[0] === BYTES_TAG) return new Uint8Array(Buffer.from(body, 'base64'));
    if (encoded[0] === JSON_TAG) return freezeJson(JSON.parse(body) as JsonValue);
    // Someone else wrote under our prefix: say so rather than return garbage.
    throw new RocError('ROC_ERR_SESSION_STORE', { store: this.name, reason: `the value at ${path} is not in this store's format` });
  }

  /** EVALSHA, loading the script with EVAL the first time a server has not seen it. */
  async #eval(lua: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    return this.#run(async () => {
      try {
        return await this.#client.evalsha(lua.sha, lua.keys, ...keys, ...args);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return this.#client.eval(lua.source, lua.keys, ...keys, ...args);
        throw error;
      }
    });
  }

  /** Run a Redis call, turning any failure of the backend into ROC_ERR_SESSION_STORE. */
  async #run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new RocError('ROC_ERR_SESSION_STORE', { store: this.name, reason: 'the store has been closed' });
    try {
      return await call();
    } catch (error) {
      throw this.#storeError(error);
    }
  }

  #storeError(error: unknown): RocError {
    if (error instanceof RocError) return error;
    const own = error instanceof Error ? error.message : String(error);
    // "Reached the max retries per request limit" says little; the connection error says why.
    const reason = this.#lastError !== undefined && error instanceof Error && error.name === 'MaxRetriesPerRequestError' ? this.#lastError.message : own;
    return new RocError('ROC_ERR_SESSION_STORE', { store: this.name, reason }, { cause: error });
  }
}

function encode(value: SessionValue): string {
  if (value instanceof Uint8Array) return BYTES_TAG + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return JSON_TAG + JSON.stringify(value);
}
