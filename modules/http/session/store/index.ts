/**
 * Session storage for the HTTPSession overlay (spec §11): the store contract, the in-memory
 * and Redis stores, and the store-independent policy (config, ids, open/regenerate/end/sweep).
 */
export { MAX_PATH_LENGTH, checkPath, copySessionValue, freezeJson } from './session-store.ts';
export type { CreateResult, JsonValue, SessionLimits, SessionRecord, SessionStore, SessionValue } from './session-store.ts';
export { MemorySessionStore, type MemorySessionStoreOptions } from './memory-store.ts';
export { FAIL_FAST_REDIS_OPTIONS, RedisSessionStore, type RedisClientOptions, type RedisSessionStoreOptions } from './redis-store.ts';
export { SessionConfigSchema, SessionPolicy, isSessionId, newSessionId, parseSessionConfig, type OpenedSession, type SessionConfig } from './session-policy.ts';
