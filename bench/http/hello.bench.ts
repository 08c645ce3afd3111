/**
 * Issue 10, scenario 1: hello world over loopback. Raw node:http, Fastify, Express, Hono on
 * @hono/node-server and roc-kernel (the standard frontend fulcrum, HTTPTransport → HTTPBridge,
 * dynamically importing examples/hello: mapper → accessor), each in its own process, loaded by
 * autocannon with 100 connections, without and with pipelining depth 10.
 *
 * Run alone: `node --import tsx bench/http/hello.bench.ts` (BENCH_HTTP_SECONDS=2 for a quick look).
 */
import { emit } from '../lib/report.ts';
import { loadSettings, loadTables, measureServer, ratioVerdict, type ScenarioRun } from './load.ts';
import { IMPLS } from './server.ts';

const runs: ScenarioRun[] = [];
for (const impl of IMPLS) {
  console.log(`  hello: ${impl}`);
  runs.push(await measureServer(impl, 'hello'));
}

emit({
  title: 'HTTP 1 · hello world (autocannon)',
  description:
    '`GET /hello` → `Hello, world!` (text/plain). roc-kernel: `ModuleSystem` deploys modules/http/fulcrum and examples/hello; the request goes ' +
    'HTTPTransport → HTTPBridge → dynamic import → mapper (`res:/hello` → `active:greet`) → the Greeter accessor, whose response the ' +
    'representation cache keeps (every request after the first is a cache hit; the bridge adds an ETag and the security headers). ' +
    'Express runs as fastify/benchmarks runs it (no ETag, no X-Powered-By); Fastify without a logger.',
  settings: await loadSettings(['fastify', 'express', 'hono', '@hono/node-server']),
  tables: loadTables('Hello world', 'Requests/s over the measured run; latency percentiles from autocannon; "req/s ÷ roc-kernel" above 1 means that server is faster.', runs),
  verdicts: [
    ratioVerdict('hello world at least 0.9× raw node:http', runs, 'node', 0.9),
    ratioVerdict('hello world ahead of Fastify', runs, 'fastify', 1, true),
    ratioVerdict('hello world ahead of Hono', runs, 'hono', 1, true),
    ratioVerdict('hello world ahead of Express', runs, 'express', 1, true),
  ],
});
