/**
 * Spec §11 as {@link SessionPolicy} applies it, run against every store through
 * `runStoreCases` (store.case.ts): cookies, autoReconnect, limits, concurrency, regeneration.
 * Time is injected from `T0`, never slept.
 */
import { expect } from 'vitest';
import { isRocError } from '../../../../kernel/errors.ts';
import { expectRejects, MAX, MIN, T0, type StoreCase } from './case-support.ts';
import { newSessionId, SessionPolicy } from './session-policy.ts';

export const POLICY_CASES: readonly StoreCase[] = [
  {
    title: 'policy: no cookie opens a new session; its cookie reopens it and restarts the idle clock',
    run: async ({ policy }) => {
      const p = policy();
      const first = await p.open(undefined, T0);
      expect(first.created).toBe(true);
      const again = await p.open(first.session.id, T0 + 50);
      expect(again).toEqual({ session: { id: first.session.id, created: T0, lastAccess: T0 + 50 }, created: false });
    },
  },
  {
    title: 'policy: an expired or unknown cookie starts a fresh session (autoReconnect) and is never adopted',
    run: async ({ policy, store }) => {
      const p = policy();
      const { session } = await p.open(undefined, T0);
      const later = await p.open(session.id, T0 + MAX + 1);
      expect(later.created).toBe(true);
      expect(later.session.id).not.toBe(session.id);
      const planted = newSessionId();
      const fresh = await p.open(planted, T0 + MAX + 2);
      expect(fresh.session.id).not.toBe(planted);
      expect(await store.get(planted, T0 + MAX + 2)).toBeUndefined();
    },
  },
  {
    title: 'policy: with autoReconnect off an expired, unknown or malformed cookie is ROC_ERR_SESSION_EXPIRED',
    run: async ({ policy }) => {
      const p = policy({ autoReconnect: 'false' });
      const { session } = await p.open(undefined, T0);
      const error = await expectRejects(p.open(session.id, T0 + MAX + 1), 'ROC_ERR_SESSION_EXPIRED', session.id);
      expect(error.details.id).toBe(session.id);
      const junk = await expectRejects(p.open('<script>\r\nSet-Cookie: x', T0), 'ROC_ERR_SESSION_EXPIRED', '(malformed)');
      expect(junk.message).not.toContain('script');
      expect((await p.open(undefined, T0)).created).toBe(true);
    },
  },
  {
    title: 'policy: tampered, truncated, oversized and duplicated cookies',
    run: async ({ policy, counting }) => {
      const { store, calls } = counting();
      const p = new SessionPolicy(policy().config, store);
      const { session } = await p.open(undefined, T0);
      const id = session.id;
      const flip = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1);
      const malformed = [id.slice(0, -1), `${id}A`, id + id, `${id},${id}`, `${id} `, flip(id, 3, '.'), flip(id, 21, 'B'), `${id}%00`, 'x'.repeat(10_000), ''];
      calls.length = 0;
      for (const cookie of malformed) {
        const opened = await p.open(cookie, T0 + 1);
        expect(opened.created, JSON.stringify(cookie.slice(0, 50))).toBe(true);
        expect(opened.session.id).not.toBe(id);
      }
      expect(calls.filter((c) => c === 'touch')).toEqual([]);
      const tampered = flip(id, 0, id[0] === 'A' ? 'B' : 'A');
      expect((await p.open(tampered, T0 + 2)).session.id).not.toBe(id);
      expect(await p.open([id, id], T0 + 3)).toMatchObject({ session: { id }, created: false });
      expect(await p.open(['junk', tampered, id], T0 + 4)).toMatchObject({ session: { id }, created: false });
    },
  },
  {
    title: 'policy: maxSessions all young is ROC_ERR_TOO_MANY_SESSIONS with a Retry-After; an old one is reclaimed',
    run: async ({ policy, store }) => {
      const p = policy({ maxSessions: 3, minDuration: String(MIN) });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await p.open(undefined, T0 + i * 1000)).session.id);
      const error = await expectRejects(p.open(undefined, T0 + 10_500), 'ROC_ERR_TOO_MANY_SESSIONS', 'retry after 290 s');
      expect(error.details).toMatchObject({ max: 3, minDuration: MIN, retryAfter: 290 });
      await expectRejects(p.open(undefined, T0 + MIN - 1), 'ROC_ERR_TOO_MANY_SESSIONS', 'retry after 1 s');
      await p.open(ids[0], T0 + MIN - 1); // the oldest is used again: the next idlest is reclaimed
      const opened = await p.open(undefined, T0 + MIN + 1000);
      expect(opened.created).toBe(true);
      expect(await store.get(ids[1]!, T0 + MIN + 1000)).toBeUndefined();
      expect((await store.get(ids[0]!, T0 + MIN + 1000))?.id).toBe(ids[0]);
      expect(await store.count()).toBe(3);
    },
  },
  {
    title: 'policy: sessions past maxDuration do not count toward maxSessions',
    run: async ({ policy, store }) => {
      const p = policy({ maxSessions: 2, minDuration: MAX });
      await p.open(undefined, T0);
      await p.open(undefined, T0);
      await expectRejects(p.open(undefined, T0 + MAX - 1), 'ROC_ERR_TOO_MANY_SESSIONS');
      const opened = await p.open(undefined, T0 + MAX + 1);
      expect(opened.created).toBe(true);
      expect(await store.count()).toBe(1);
    },
  },
  {
    title: 'policy: 100 concurrent first requests with maxSessions 10 make exactly 10 sessions',
    run: async ({ policy, store }) => {
      const p = policy({ maxSessions: 10 });
      const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => p.open(undefined, T0 + i)));
      const opened = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(opened).toHaveLength(10);
      expect(refused.every((r) => isRocError(r.reason, 'ROC_ERR_TOO_MANY_SESSIONS'))).toBe(true);
      expect(await store.count()).toBe(10);
    },
  },
  {
    title: 'policy: regenerate keeps the data under a new id; the old cookie no longer opens it',
    run: async ({ policy, store }) => {
      const p = policy({ autoReconnect: false });
      const { session } = await p.open(undefined, T0);
      await store.write(session.id, '/user', 'ann');
      const moved = await p.regenerate(session.id, T0 + 1);
      expect(moved.id).not.toBe(session.id);
      expect(await store.read(moved.id, '/user')).toBe('ann');
      await expectRejects(p.open(session.id, T0 + 2), 'ROC_ERR_SESSION_EXPIRED');
      await expectRejects(p.regenerate(session.id, T0 + 2), 'ROC_ERR_SESSION_EXPIRED');
      await expectRejects(p.regenerate('nonsense', T0 + 2), 'ROC_ERR_SESSION_EXPIRED', '(malformed)');
    },
  },
  {
    title: 'policy: end destroys the session; sweep clears the expired',
    run: async ({ policy, store }) => {
      const p = policy();
      const a = (await p.open(undefined, T0)).session.id;
      const b = (await p.open(undefined, T0 + 10)).session.id;
      expect([await p.end(a), await p.end(a), await p.end('junk')]).toEqual([true, false, false]);
      expect(await p.sweep(T0 + 10 + MAX + 1)).toBe(1);
      expect([await store.get(b, T0), await store.count()]).toEqual([undefined, 0]);
    },
  },
];
