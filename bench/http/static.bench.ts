/**
 * Issue 10, scenario 4: a static file with conditional requests. Every request carries the
 * file's current ETag in If-None-Match and is answered 304 Not Modified.
 *
 * roc-kernel: examples/hello's fileset (`res:/static/(.*)` → `res:/resources/$1`) behind the
 * standard fulcrum; the bridge answers If-None-Match from the representation cache (the file is
 * read once; a 304 costs a cache lookup). Raw node:http and Fastify stat the file per request and
 * compare a size-mtime validator (Fastify has no @fastify/static among the peers); Express uses
 * express.static (serve-static, which does the same); Hono uses serveStatic with its etag
 * middleware (a SHA-1 of the body).
 *
 * Run alone: `node --import tsx bench/http/static.bench.ts`.
 */
import { emit } from '../lib/report.ts';
import { loadSettings, loadTables, measureServer, type ScenarioRun } from './load.ts';
import { IMPLS } from './server.ts';

const runs: ScenarioRun[] = [];
for (const impl of IMPLS) {
  console.log(`  static: ${impl}`);
  runs.push(await measureServer(impl, 'static'));
}

emit({
  title: 'HTTP 4 · static file, conditional requests → 304 (autocannon)',
  description:
    '`GET /static/style.css` (examples/hello/resources/style.css) with `If-None-Match: <its ETag>`; every answer must be 304. ' +
    'roc-kernel: a fileset in examples/hello through the HTTPBridge, which validates against the representation cache (the file is read once). ' +
    'Raw node:http and Fastify: `fs.stat` per request and a size-mtime validator; Express: `express.static`; Hono: `serveStatic` + `etag()`. ' +
    'No target in issue 10; reported for completeness.',
  settings: await loadSettings(['fastify', 'express', 'hono', '@hono/node-server']),
  tables: loadTables('Static file, 304', 'Requests/s over the measured run (all 304); "req/s ÷ roc-kernel" above 1 means that server is faster.', runs),
});
