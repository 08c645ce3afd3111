import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from './redis-store.ts';
import { deleteByPrefix, SHARED_REDIS, uniquePrefix } from './redis-testing.ts';
import { newSessionId, parseSessionConfig, SessionPolicy } from './session-policy.ts';
import { expectRejects, runStoreCases, T0 } from './store.case.ts';

const prefixes = new Map<object, string>();

runStoreCases('redis', {
  make: async (maxDuration) => {
    const prefix = uniquePrefix();
    const store = new RedisSessionStore({ maxDuration, redis: SHARED_REDIS, prefix });
    prefixes.set(store, prefix);
    return store;
  },
  dispose: async (stores) => {
    for (const s of stores) await deleteByPrefix(SHARED_REDIS, prefixes.get(s) ?? 'never-matches');
  },
});

describe('redis store', () => {
  const MAX = 3_000_000;
  let prefix = uniquePrefix();
  let raw: Redis;
  const open: RedisSessionStore[] = [];
  const store = (maxDuration = MAX): RedisSessionStore => {
    const s = new RedisSessionStore({ maxDuration, redis: SHARED_REDIS, prefix });
    open.push(s);
    return s;
  };

  beforeAll(() => {
    raw = new Redis(SHARED_REDIS, { maxRetriesPerRequest: 0 });
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await deleteByPrefix(SHARED_REDIS, prefix);
    prefix = uniquePrefix();
  });
  afterAll(() => {
    raw.disconnect();
  });

  it('two store instances (two processes) sharing one Redis see the same session', async () => {
    const a = new SessionPolicy(parseSessionConfig({}), store());
    const b = new SessionPolicy(parseSessionConfig({}), store());
    const { session } = await a.open(undefined, T0);
    await a.store.write(session.id, '/cart', ['apple']);
    expect(await b.open(session.id, T0 + 1)).toMatchObject({ session: { id: session.id, lastAccess: T0 + 1 }, created: false });
    expect(await b.store.read(session.id, '/cart')).toEqual(['apple']);
    await b.store.write(session.id, '/cart', ['apple', 'pear']);
    expect(await a.store.read(session.id, '/cart')).toEqual(['apple', 'pear']);
    await b.end(session.id);
    expect(await a.store.get(session.id, T0 + 2)).toBeUndefined();
  });

  it('values survive the store being closed and a new one created (a process restart)', async () => {
    const first = store();
    const id = newSessionId();
    await first.create(id, T0);
    await first.write(id, '/user', { name: 'ann' });
    await first.write(id, '/avatar', new Uint8Array([1, 2, 3]));
    await first.close();
    const second = store();
    expect(await second.touch(id, T0 + 10)).toEqual({ id, created: T0, lastAccess: T0 + 10 });
    expect(await second.read(id, '/user')).toEqual({ name: 'ann' });
    expect(await second.read(id, '/avatar')).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('maxSessions holds across instances: 2 × 50 concurrent first requests, maxSessions 10', async () => {
    const config = parseSessionConfig({ maxSessions: 10 });
    const policies = [new SessionPolicy(config, store()), new SessionPolicy(config, store())];
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => policies[i % 2]!.open(undefined, T0 + i)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(await raw.zcard(`${prefix}/index`)).toBe(10);
  });

  it('Redis enforces expiry: every session hash carries a PEXPIRE of maxDuration, renewed on touch', async () => {
    const s = store(60_000);
    const id = newSessionId();
    await s.create(id, Date.now());
    const ttl = await raw.pttl(`${prefix}:${id}`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await raw.pexpire(`${prefix}:${id}`, 1000);
    await s.touch(id, Date.now());
    expect(await raw.pttl(`${prefix}:${id}`)).toBeGreaterThan(55_000);
  });

  it('an index member whose hash Redis already expired is not counted toward maxSessions', async () => {
    const s = store();
    const ids = [newSessionId(), newSessionId()];
    // Redis expires the idlest hash first (its TTL runs from its last access), so the ghost is at the head.
    for (const [i, id] of ids.entries()) await s.create(id, T0 + i);
    await raw.del(`${prefix}:${ids[0]}`); // what Redis's own expiry does when no process sweeps
    const result = await s.create(newSessionId(), T0 + 2, { maxSessions: 2, minDuration: 300_000 });
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.reclaimed).toBeFalsy();
    expect((await s.idlest(5)).map((r) => r.id)).toContain(ids[1]);
    expect(await s.count()).toBe(2);
  });

  it('stores JSON tagged "j" and bytes as base64 tagged "b", so neither can pass for the other', async () => {
    const s = store();
    const id = newSessionId();
    await s.create(id, T0);
    await s.write(id, '/j', { $bytes: 'AAEC' });
    await s.write(id, '/b', new Uint8Array([0, 1, 2]));
    expect(await raw.hmget(`${prefix}:${id}`, '/j', '/b')).toEqual(['j{"$bytes":"AAEC"}', 'bAAEC']);
    expect(await s.read(id, '/j')).toEqual({ $bytes: 'AAEC' });
  });

  it('a value not in the store format (written by someone else) is ROC_ERR_SESSION_STORE', async () => {
    const s = store();
    const id = newSessionId();
    await s.create(id, T0);
    await raw.hset(`${prefix}:${id}`, '/x', 'plain text');
    await expectRejects(s.read(id, '/x'), 'ROC_ERR_SESSION_STORE', '/x', "this store's format");
  });

  it('a closed store fails with ROC_ERR_SESSION_STORE; a client passed in is left open', async () => {
    const client = new Redis(SHARED_REDIS, { maxRetriesPerRequest: 0 });
    const s = new RedisSessionStore({ maxDuration: MAX, redis: client, prefix });
    await s.create(newSessionId(), T0);
    await s.close();
    await expectRejects(s.count(), 'ROC_ERR_SESSION_STORE', 'closed');
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  });

  it('refuses a store whose idle limit differs from the config (expiry would disagree)', () => {
    expect(() => new SessionPolicy(parseSessionConfig({ maxDuration: 1000, minDuration: 10 }), store())).toThrow(/expires after 3000000 ms but maxDuration is 1000 ms/);
  });
});
