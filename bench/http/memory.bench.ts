/**
 * Issue 10, memory: heap and RSS of 100,000 live sessions in roc-kernel's MemorySessionStore
 * against express-session's MemoryStore holding the same data, and the representation cache
 * filled past its byte bound. Each measurement runs in its own process (memory-child.ts), so
 * neither store is billed for the other's garbage, code or JIT state.
 *
 * Run alone: `node --import tsx bench/http/memory.bench.ts` (BENCH_SESSIONS to change the count).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit } from '../lib/report.ts';
import { installedVersion } from './load.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(dirname(HERE));
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100_000);
const CACHE_BOUND = 16 * 1024 * 1024;

interface Measured {
  what: string;
  heapUsed: number;
  rss: number;
  sessions?: number;
  entries?: number;
  bytes?: number;
  culls?: number;
  requests?: number;
  maxBytes?: number;
}

function measure(...args: string[]): Measured {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(HERE, 'memory-child.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as Measured;
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const per = (n: number, count: number) => `${Math.round(n / count).toLocaleString('en-US')} B`;

console.log(`  memory: ${SESSIONS.toLocaleString('en-US')} sessions, roc-kernel`);
const roc = measure('roc-sessions', String(SESSIONS));
console.log('  memory: express-session');
const express = measure('express-sessions', String(SESSIONS));
console.log('  memory: cache');
const cache = measure('cache', String(CACHE_BOUND));
for (const m of [roc, express]) if (m.sessions !== SESSIONS) throw new Error(`${m.what} held ${m.sessions} sessions, not ${SESSIONS}`);

const heapRatio = roc.heapUsed / express.heapUsed;
const rssRatio = roc.rss / express.rss;

emit({
  title: 'Memory · 100,000 sessions and the cache bound',
  description:
    'Each line measured in its own process (`node --expose-gc`, bench/http/memory-child.ts): memory after three full collections, ' +
    'minus the same before filling. Every session holds the same data, `views` (a number) and `user` (`{ id, name, roles: ["reader"] }`), ' +
    'under its store\'s own id format: roc-kernel `newSessionId()` (16 random bytes, base64url), express-session `uid-safe` (24 bytes, base64url). ' +
    'express-session\'s MemoryStore keeps each session as a JSON string with its cookie (as express-session saves it); ' +
    'roc-kernel\'s MemorySessionStore keeps frozen values per path and two times.',
  settings: { sessions: SESSIONS.toLocaleString('en-US'), 'express-session': installedVersion('express-session'), 'cache bound': `${mib(CACHE_BOUND)} (maxBytes), maxEntries 1,000,000` },
  tables: [
    {
      title: `${SESSIONS.toLocaleString('en-US')} live sessions`,
      columns: ['store', 'heap used', 'RSS', 'heap per session', 'heap vs express-session'],
      rows: [
        ['roc-kernel MemorySessionStore', mib(roc.heapUsed), mib(roc.rss), per(roc.heapUsed, SESSIONS), `${heapRatio.toFixed(2)}×`],
        ['express-session MemoryStore', mib(express.heapUsed), mib(express.rss), per(express.heapUsed, SESSIONS), 'reference'],
      ],
      notes: [`RSS: roc-kernel ${rssRatio.toFixed(2)}× express-session's. RSS includes memory V8 has reserved and not returned, so it moves more between runs than heap used.`],
    },
    {
      title: 'Representation cache against its byte bound',
      description:
        `A kernel with \`cache: { maxBytes: ${CACHE_BOUND} }\` SOURCEs ${cache.requests?.toLocaleString('en-US')} distinct resources of 2,048 characters ` +
        '(the estimate counts 2 bytes a character plus 16, about 4 KiB each): three times the bound.',
      columns: ['measure', 'value'],
      rows: [
        ['bound (maxBytes)', mib(CACHE_BOUND)],
        ['bytes held by the cache\'s own estimate', `${mib(cache.bytes ?? 0)} (${(((cache.bytes ?? 0) / CACHE_BOUND) * 100).toFixed(1)} % of the bound)`],
        ['entries held / stored', `${cache.entries?.toLocaleString('en-US')} / ${cache.requests?.toLocaleString('en-US')}`],
        ['culls', String(cache.culls?.toLocaleString('en-US'))],
        ['heap used after filling (measured)', `${mib(cache.heapUsed)} (${((cache.heapUsed / CACHE_BOUND) * 100).toFixed(1)} % of the bound)`],
        ['RSS after filling (measured)', mib(cache.rss)],
      ],
      notes: [
        'The estimate counts 2 bytes per character; V8 stores these (ASCII) strings in one byte each, so the heap holds less than the estimate says: the bound is conservative for ASCII text.',
      ],
    },
  ],
  verdicts: [
    { target: `${SESSIONS.toLocaleString('en-US')} sessions use no more memory than express-session's MemoryStore: heap`, met: heapRatio <= 1, detail: `${heapRatio.toFixed(2)}× (${mib(roc.heapUsed)} vs ${mib(express.heapUsed)})` },
    { target: 'the same: RSS', met: rssRatio <= 1, detail: `${rssRatio.toFixed(2)}× (${mib(roc.rss)} vs ${mib(express.rss)})` },
    { target: 'cache bytes stay within the configured bound', met: (cache.bytes ?? Infinity) <= CACHE_BOUND, detail: `${mib(cache.bytes ?? 0)} by estimate, ${mib(cache.heapUsed)} measured heap, bound ${mib(CACHE_BOUND)}` },
  ],
});
