/**
 * One behavioural case table every session store runs (like the grammars' common.case.ts):
 * the store contract here, and spec §11 as the policy applies it in `policy.case.ts`. Each
 * case gets a fresh, empty store from the harness; time is injected (`T0` onwards), never
 * slept. `memory-store.test.ts` and `redis-store.test.ts` call {@link runStoreCases}.
 */
import { describe, expect, it } from 'vitest';
import { countingStore, expectRejects, made, MAX, MIN, T0, type StoreCase } from './case-support.ts';
import { POLICY_CASES } from './policy.case.ts';
import { newSessionId, parseSessionConfig, SessionPolicy } from './session-policy.ts';
import type { SessionStore } from './session-store.ts';

export { T0, expectRejects } from './case-support.ts';

/** Makes fresh stores for one kind and disposes of what they left behind. */
export interface StoreHarness {
  make(maxDuration: number): Promise<SessionStore>;
  /** Called after each case with the stores it made (already closed). */
  dispose(stores: readonly SessionStore[]): Promise<void>;
}

class Instance {
  constructor(readonly n: number) {}
}

const UNSTORABLE: readonly [string, unknown, string][] = [
  ['undefined', undefined, 'undefined'],
  ['a function', () => 1, 'function'],
  ['a symbol', Symbol('s'), 'symbol'],
  ['a bigint', 10n, 'bigint'],
  ['NaN', Number.NaN, 'NaN'],
  ['Infinity', { n: Number.POSITIVE_INFINITY }, 'Infinity'],
  ['a Date', new Date(0), 'Date'],
  ['a Map', new Map([['a', 1]]), 'Map'],
  ['a class instance', new Instance(1), 'Instance'],
  ['nested undefined', { a: [1, undefined] }, 'a[1]'],
  ['a sparse array', [1, , 3], '[1]'], // eslint-disable-line no-sparse-arrays
  ['nested bytes', { b: new Uint8Array(2) }, 'bytes'],
  ['a getter', Object.defineProperty({}, 'g', { get: () => 1, enumerable: true }), 'accessor'],
  ['a symbol key', { [Symbol('k')]: 1 }, 'symbol'],
  ['a cycle', (() => { const o: Record<string, unknown> = {}; o.self = o; return o; })(), 'cycle'],
];

export const STORE_CASES: readonly StoreCase[] = [
  {
    title: 'create, get and touch: touch restarts the idle clock, get does not',
    run: async ({ store }) => {
      const id = await made(store);
      expect(await store.get(id, T0 + 10)).toEqual({ id, created: T0, lastAccess: T0 });
      expect(await store.touch(id, T0 + 20)).toEqual({ id, created: T0, lastAccess: T0 + 20 });
      expect(await store.get(id, T0 + 30)).toEqual({ id, created: T0, lastAccess: T0 + 20 });
      expect(await store.count()).toBe(1);
    },
  },
  {
    title: 'an unknown session has nothing, and a write does not bring it into being',
    run: async ({ store }) => {
      const id = newSessionId();
      expect(await store.get(id, T0)).toBeUndefined();
      expect(await store.touch(id, T0)).toBeUndefined();
      expect(await store.read(id, '/a')).toBeUndefined();
      expect(await store.write(id, '/a', 1)).toBe(false);
      expect(await store.exists(id, '/a')).toBe(false);
      expect(await store.remove(id, '/a')).toBe(false);
      expect(await store.destroy(id)).toBe(false);
      expect(await store.get(id, T0)).toBeUndefined();
      expect(await store.count()).toBe(0);
    },
  },
  {
    title: 'JSON values and bytes read back exactly as written',
    run: async ({ store }) => {
      const id = await made(store);
      const values: [string, unknown][] = [
        ['/counter', 1],
        ['/user/name', 'Zoë 😀 "quoted" \n\u2028'],
        ['/float', -12.5e-7],
        ['/zero', -0],
        ['/flags', [true, false, null]],
        ['/empty', ''],
        ['/cart', { items: [{ sku: 'a', qty: 2 }], total: 9.99, meta: {} }],
        ['/proto', JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}')],
        ['/bytes', new Uint8Array([0, 1, 254, 255])],
        ['/no-bytes', new Uint8Array(0)],
        ['/view', new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 3)],
        ['/weird path/ü?x=1#y', 'ok'],
      ];
      for (const [path, value] of values) expect(await store.write(id, path, value)).toBe(true);
      for (const [path, value] of values) {
        const expected = path === '/zero' ? 0 : value;
        expect(await store.read(id, path), path).toEqual(expected);
      }
      expect(Object.is(await store.read(id, '/zero'), 0)).toBe(true);
      expect(Object.hasOwn((await store.read(id, '/proto')) as object, '__proto__')).toBe(true);
      expect(await store.read(id, '/bytes')).toBeInstanceOf(Uint8Array);
    },
  },
  {
    title: 'values are copies: the writer and readers cannot change what is stored',
    run: async ({ store }) => {
      const id = await made(store);
      const cart = { items: ['a'] };
      await store.write(id, '/cart', cart);
      cart.items.push('b');
      const read = (await store.read(id, '/cart')) as { items: string[] };
      expect(read).toEqual({ items: ['a'] });
      expect(Object.isFrozen(read) && Object.isFrozen(read.items)).toBe(true);
      const bytes = new Uint8Array([1, 2]);
      await store.write(id, '/b', bytes);
      bytes[0] = 9;
      const out = (await store.read(id, '/b')) as Uint8Array;
      out[1] = 9;
      expect(await store.read(id, '/b')).toEqual(new Uint8Array([1, 2]));
    },
  },
  {
    title: 'exists, overwrite and remove',
    run: async ({ store }) => {
      const id = await made(store);
      expect(await store.exists(id, '/a')).toBe(false);
      await store.write(id, '/a', 1);
      await store.write(id, '/a', { v: 2 });
      expect([await store.exists(id, '/a'), await store.read(id, '/a')]).toEqual([true, { v: 2 }]);
      expect(await store.remove(id, '/a')).toBe(true);
      expect(await store.remove(id, '/a')).toBe(false);
      expect([await store.exists(id, '/a'), await store.read(id, '/a')]).toEqual([false, undefined]);
      expect(await store.get(id, T0)).toBeDefined();
    },
  },
  {
    title: 'a value the store cannot hold is ROC_ERR_SESSION_VALUE naming the path, and changes nothing',
    run: async ({ store }) => {
      const id = await made(store);
      await store.write(id, '/v', 'before');
      for (const [what, value, fragment] of UNSTORABLE) {
        const error = await expectRejects(store.write(id, '/v', value), 'ROC_ERR_SESSION_VALUE', '/v', fragment);
        expect(error.details.path, what).toBe('/v');
      }
      expect(await store.read(id, '/v')).toBe('before');
    },
  },
  {
    title: 'a malformed path is ROC_ERR_ARGUMENT for every value operation',
    run: async ({ store }) => {
      const id = await made(store);
      for (const path of ['', '/', 'cart', `/${'x'.repeat(1024)}`]) {
        await expectRejects(store.write(id, path, 1), 'ROC_ERR_ARGUMENT');
        await expectRejects(store.read(id, path), 'ROC_ERR_ARGUMENT');
        await expectRejects(store.exists(id, path), 'ROC_ERR_ARGUMENT');
        await expectRejects(store.remove(id, path), 'ROC_ERR_ARGUMENT');
      }
    },
  },
  {
    title: 'two sessions never see each other’s values',
    run: async ({ store }) => {
      const a = await made(store);
      const b = await made(store);
      await store.write(a, '/who', 'a');
      expect(await store.read(b, '/who')).toBeUndefined();
      await store.write(b, '/who', 'b');
      expect([await store.read(a, '/who'), await store.read(b, '/who')]).toEqual(['a', 'b']);
    },
  },
  {
    title: 'destroy drops the session and its values; the id is then free again',
    run: async ({ store }) => {
      const id = await made(store);
      await store.write(id, '/a', 1);
      expect(await store.destroy(id)).toBe(true);
      expect([await store.get(id, T0), await store.read(id, '/a'), await store.count()]).toEqual([undefined, undefined, 0]);
      await made(store, T0, id);
      expect(await store.read(id, '/a')).toBeUndefined();
    },
  },
  {
    title: 'creating an id already in use is ROC_ERR_ARGUMENT',
    run: async ({ store }) => {
      const id = await made(store);
      await expectRejects(store.create(id, T0 + 1), 'ROC_ERR_ARGUMENT', 'already in use');
    },
  },
  {
    title: 'regenerate keeps the values under a new id and retires the old one',
    run: async ({ store }) => {
      const oldId = await made(store);
      await store.write(oldId, '/user', 'ann');
      const newId = newSessionId();
      expect(await store.regenerate(oldId, newId, T0 + 5)).toEqual({ id: newId, created: T0, lastAccess: T0 + 5 });
      expect(await store.read(newId, '/user')).toBe('ann');
      expect([await store.get(oldId, T0 + 5), await store.read(oldId, '/user'), await store.count()]).toEqual([undefined, undefined, 1]);
      expect(await store.regenerate(oldId, newSessionId(), T0 + 6)).toBeUndefined();
      const other = await made(store);
      await expectRejects(store.regenerate(other, newId, T0 + 7), 'ROC_ERR_ARGUMENT');
      expect(await store.read(newId, '/user')).toBe('ann');
    },
  },
  {
    title: 'a session idle past maxDuration is gone, values included; idle exactly maxDuration is not',
    run: async ({ store }) => {
      const id = await made(store);
      await store.write(id, '/a', 1);
      expect(await store.touch(id, T0 + MAX)).toBeDefined();
      expect(await store.get(id, T0 + 2 * MAX + 1)).toBeUndefined();
      expect([await store.touch(id, T0 + MAX), await store.read(id, '/a'), await store.count()]).toEqual([undefined, undefined, 0]);
    },
  },
  {
    title: 'sweep removes exactly the sessions idle past maxDuration',
    run: async ({ store }) => {
      const old = await made(store, T0);
      const young = await made(store, T0 + 1000);
      expect(await store.sweep(T0 + MAX)).toBe(0);
      expect(await store.sweep(T0 + MAX + 1)).toBe(1);
      expect([await store.get(old, T0 + MAX + 1), (await store.get(young, T0 + MAX + 1))?.id, await store.count()]).toEqual([undefined, young, 1]);
    },
  },
  {
    title: 'idlest lists sessions idle longest first',
    run: async ({ store }) => {
      const a = await made(store, T0);
      const b = await made(store, T0 + 1);
      const c = await made(store, T0 + 2);
      await store.touch(a, T0 + 3);
      expect((await store.idlest(10)).map((r) => r.id)).toEqual([b, c, a]);
      expect(await store.idlest(1)).toEqual([{ id: b, created: T0 + 1, lastAccess: T0 + 1 }]);
    },
  },
  {
    title: 'create within limits: refuses when all are young, reclaims the idlest once idle ≥ minDuration',
    run: async ({ store }) => {
      const limits = { maxSessions: 2, minDuration: MIN };
      const a = await made(store, T0);
      await store.write(a, '/x', 1);
      const b = await made(store, T0 + 100);
      expect(await store.create(newSessionId(), T0 + MIN - 1, limits)).toEqual({ ok: false, live: 2, reclaimableAt: T0 + MIN });
      const c = newSessionId();
      expect(await store.create(c, T0 + MIN, limits)).toEqual({ ok: true, session: { id: c, created: T0 + MIN, lastAccess: T0 + MIN }, reclaimed: a });
      expect([await store.get(a, T0 + MIN), await store.read(a, '/x'), await store.count()]).toEqual([undefined, undefined, 2]);
      expect((await store.get(b, T0 + MIN))?.id).toBe(b);
    },
  },
];

/** Run every case of {@link STORE_CASES} and {@link POLICY_CASES} against stores from `harness`. */
export function runStoreCases(kind: string, harness: StoreHarness): void {
  describe(`session store cases: ${kind}`, () => {
    for (const c of [...STORE_CASES, ...POLICY_CASES]) {
      it(c.title, async () => {
        const store = await harness.make(MAX);
        try {
          await c.run({
            store,
            policy: (config = {}) => new SessionPolicy(parseSessionConfig({ maxDuration: MAX, ...config }), store),
            counting: () => countingStore(store),
          });
        } finally {
          await store.close();
          await harness.dispose([store]);
        }
      });
    }
  });
}
