/**
 * One memory measurement, in a process of its own (started by memory.bench.ts with
 * `node --expose-gc --import tsx`), so no other store's garbage or JIT state is counted:
 *
 *   roc-sessions N      N live sessions in roc-kernel's MemorySessionStore
 *   express-sessions N  N live sessions in express-session's MemoryStore, holding the same data
 *   cache MAX_BYTES     a kernel representation cache with that byte bound, filled to 3× the bound
 *
 * Memory is read after three full garbage collections, before and after filling; the difference
 * is what the data costs. Prints one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const [what, countArg] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function settle(): NodeJS.MemoryUsage {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage();
}

/** The data every session holds, the same in both stores: a counter and a small user record. */
function sessionData(i: number) {
  return { views: i % 1000, user: { id: i, name: `user-${i}`, roles: ['reader'] } };
}

const keep: unknown[] = [];
let detail: Record<string, unknown> = {};
let before: NodeJS.MemoryUsage;
let after: NodeJS.MemoryUsage;

if (what === 'roc-sessions') {
  const { MemorySessionStore, newSessionId } = await import('../../modules/http/session/store/index.ts');
  const n = Number(countArg);
  const store = new MemorySessionStore({ maxDuration: 3_000_000 });
  keep.push(store);
  before = settle();
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const id = newSessionId();
    const made = await store.create(id, now, { maxSessions: n, minDuration: 300_000 });
    if (!made.ok) throw new Error('session refused');
    const data = sessionData(i);
    await store.write(id, '/views', data.views);
    await store.write(id, '/user', data.user);
  }
  after = settle();
  detail = { sessions: await store.count() };
} else if (what === 'express-sessions') {
  const require = createRequire(new URL('../package.json', import.meta.url));
  const { MemoryStore, Cookie } = require('express-session') as { MemoryStore: new () => ExpressStore; Cookie: new (options?: object) => object };
  interface ExpressStore {
    set(id: string, session: object, cb: (err?: unknown) => void): void;
    length(cb: (err: unknown, n: number) => void): void;
  }
  const n = Number(countArg);
  const store = new MemoryStore();
  keep.push(store);
  before = settle();
  for (let i = 0; i < n; i++) {
    // express-session's own id (uid-safe: 24 random bytes, base64url) and its session shape: the cookie plus the data.
    const id = randomBytes(24).toString('base64url');
    await new Promise<void>((done, fail) => store.set(id, { cookie: new Cookie(), ...sessionData(i) }, (err) => (err ? fail(err) : done())));
  }
  after = settle();
  detail = { sessions: await new Promise<number>((done) => store.length((_e, len) => done(len))) };
} else if (what === 'cache') {
  const { Kernel, StandardSpace } = await import('../../kernel/index.ts');
  const maxBytes = Number(countArg);
  const kernel = new Kernel({ cache: { maxBytes, maxEntries: 1_000_000 } });
  const space = new StandardSpace('urn:bench:cache');
  // 4 KiB of distinct text per resource (2,048 hex characters, estimated at 2 bytes a character).
  space.mount({ grammar: { simple: 'res:/blob/{n}' }, onSource: () => randomBytes(1024).toString('hex') });
  keep.push(kernel, space);
  before = settle();
  const perEntry = 16 + 2048 * 2;
  const requests = Math.ceil((3 * maxBytes) / perEntry);
  for (let i = 0; i < requests; i++) await kernel.source(`res:/blob/${i}`, { scope: space });
  after = settle();
  const stats = kernel.cache.stats;
  detail = { requests, entries: stats.entries, bytes: stats.bytes, culls: stats.culls, stores: stats.stores, maxBytes };
} else {
  throw new Error(`unknown measurement ${what}`);
}

console.log(
  JSON.stringify({
    what,
    ...detail,
    heapUsed: after.heapUsed - before.heapUsed,
    rss: after.rss - before.rss,
    heapUsedAfter: after.heapUsed,
    rssAfter: after.rss,
  }),
);
