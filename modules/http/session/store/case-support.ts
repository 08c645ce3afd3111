/**
 * What the shared session case tables (`store.case.ts`, `policy.case.ts`) have in common: the
 * injected clock, the shape of a case, and assertion helpers. Not a test file itself.
 */
import { expect } from 'vitest';
import { isRocError, RocError, type RocErrorCode } from '../../../../kernel/errors.ts';
import { newSessionId, type SessionPolicy } from './session-policy.ts';
import type { SessionStore } from './session-store.ts';

/** A fixed epoch for injected clocks: far from 0 so arithmetic on real timestamps is exercised. */
export const T0 = 1_700_000_000_000;
/** The idle limit (maxDuration) of every case's store. */
export const MAX = 3_000_000;
/** The default minDuration of spec §11. */
export const MIN = 300_000;

/** What a case is given: a fresh, empty store and ways to build on it. */
export interface CaseContext {
  /** The store of this case, with maxDuration {@link MAX}. */
  readonly store: SessionStore;
  /** A policy over this case's store (config overrides merged over defaults). */
  policy(config?: Record<string, unknown>): SessionPolicy;
  /** This case's store wrapped so the case can see which operations reached it. */
  counting(): { store: SessionStore; calls: string[] };
}

/** One behaviour every store must show. */
export interface StoreCase {
  readonly title: string;
  readonly run: (ctx: CaseContext) => Promise<void>;
}

/** Await `promise` and assert it rejects with a RocError of `code`; returns the error. */
export async function expectRejects(promise: Promise<unknown>, code: RocErrorCode, ...fragments: string[]): Promise<RocError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isRocError(error), `expected ${code}, got ${String(error)}`).toBe(true);
  const rocError = error as RocError;
  expect(rocError.code).toBe(code);
  for (const f of fragments) expect(rocError.message).toContain(f);
  return rocError;
}

/** Create a session without limits and return its id. */
export async function made(store: SessionStore, now = T0, id = newSessionId()): Promise<string> {
  const result = await store.create(id, now);
  if (!result.ok) throw new Error('create refused without limits');
  return result.session.id;
}

/** Wrap a store so a case can see which operations reached it. */
export function countingStore(store: SessionStore): { store: SessionStore; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}
