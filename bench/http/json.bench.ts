/**
 * Issue 10, scenario 2: a JSON resource computed from three sub-resources (bench/http/summary.ts).
 * roc-kernel serves `res:/api/summary` from bench/http/apps/summary (four accessors: the summary
 * SOURCEs products, rates and stats, stats SOURCEs products); the representation cache keeps the
 * result, so after the first request it is a cache hit. The peers compute the same four
 * functions on every request, as a framework without a resource cache does.
 *
 * Run alone: `node --import tsx bench/http/json.bench.ts`.
 */
import { emit } from '../lib/report.ts';
import { loadSettings, loadTables, measureServer, ratioVerdict, type ScenarioRun } from './load.ts';
import { IMPLS } from './server.ts';
import { computeSummary } from './summary.ts';

// What one computation costs in this process, for the description.
for (let i = 0; i < 500; i++) computeSummary();
const started = performance.now();
for (let i = 0; i < 2000; i++) computeSummary();
const computeMicros = ((performance.now() - started) / 2000) * 1000;

const runs: ScenarioRun[] = [];
for (const impl of IMPLS) {
  console.log(`  json: ${impl}`);
  runs.push(await measureServer(impl, 'json'));
}

emit({
  title: 'HTTP 2 · JSON resource computed from three sub-resources (autocannon)',
  description:
    '`GET /api/summary` → 1.6 KB of JSON: the top 10 of a 100-product catalogue priced in three currencies, plus statistics over the catalogue ' +
    `(bench/http/summary.ts; products, rates and stats are the three sub-resources; about ${computeMicros.toFixed(0)} µs to compute in this process). ` +
    'roc-kernel: four accessors in bench/http/apps/summary behind the standard fulcrum; the representation cache keeps every one of them, so each ' +
    'request after the first is a cache hit (with an ETag; requests here send no If-None-Match). The peers run the same functions on every request.',
  settings: await loadSettings(['fastify', 'express', 'hono', '@hono/node-server']),
  tables: loadTables('Cached JSON resource', 'Requests/s over the measured run; "req/s ÷ roc-kernel" above 1 means that server is faster.', runs),
  verdicts: (['node', 'fastify', 'express', 'hono'] as const).map((peer) =>
    ratioVerdict(`cached JSON resource at least 2× ${peer === 'node' ? 'raw node:http' : peer === 'hono' ? 'Hono' : peer === 'fastify' ? 'Fastify' : 'Express'}`, runs, peer, 2),
  ),
});
