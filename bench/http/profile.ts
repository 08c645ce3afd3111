/**
 * CPU-profile a roc-kernel HTTP server under load and print where its time goes:
 *
 *   node --import tsx bench/http/profile.ts [hello|json|static|session] [--seconds 5] [--pipelining 1] [--impl roc] [--out DIR]
 *
 * Starts bench/http/server.ts roc SCENARIO under `node --cpu-prof` (one server process, as in
 * the benchmarks), warms it up, loads it with autocannon for the given time, stops it (the
 * profile is written on exit) and lists the functions with the most self time: overall, and
 * those in kernel/, spaces/ and modules/. `--impl node` (or another peer) profiles that server instead,
 * for comparison. Line numbers are those of tsx's transpiled output.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selfTimes } from '../lib/cpuprofile.ts';
import { tableToMarkdown } from '../lib/report.ts';
import { load, startServer } from './load.ts';
import { IMPLS, PATHS, SCENARIOS, type Impl, type Scenario } from './server.ts';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const scenario = (process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'hello') as Scenario;
if (!SCENARIOS.includes(scenario)) {
  console.error(`usage: node --import tsx bench/http/profile.ts [${SCENARIOS.join('|')}] [--seconds 5] [--pipelining 1] [--out DIR]`);
  process.exit(2);
}
const seconds = Number(option('seconds', '5'));
const impl = option('impl', 'roc') as Impl;
if (!IMPLS.includes(impl)) throw new Error(`--impl must be one of ${IMPLS.join(', ')}`);
const pipelining = Number(option('pipelining', '1'));
const out = option('out', '') || mkdtempSync(join(tmpdir(), 'roc-http-profile-'));

const server = await startServer(impl, scenario, ['--cpu-prof', '--cpu-prof-dir', out]);
let headers: Record<string, string> = {};
if (scenario === 'static') {
  const etag = (await fetch(`http://127.0.0.1:${server.port}${PATHS.static}`)).headers.get('etag');
  if (etag) headers = { 'if-none-match': etag };
}
const status = scenario === 'static' ? 304 : 200;
await load({ port: server.port, path: PATHS[scenario], pipelining, seconds: 1, headers, status });
const result = await load({ port: server.port, path: PATHS[scenario], pipelining, seconds, headers, status });
await server.stop();

const file = readdirSync(out).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(out, f))[0];
if (!file) throw new Error(`no .cpuprofile in ${out}`);
const times = selfTimes(file, ROOT);
const row = (t: (typeof times)[number]) => [t.functionName, t.location, `${t.selfMs.toFixed(0)} ms`, `${t.percent.toFixed(1)} %`];
console.log(`\n${impl} ${scenario}, ${pipelining === 1 ? 'no pipelining' : `pipelining ${pipelining}`}: ${Math.round(result.rps).toLocaleString('en-US')} requests/s under the profiler; profile ${file}\n`);
console.log('All functions, most self time first:\n');
console.log(tableToMarkdown(['function', 'where', 'self', 'share'], times.slice(0, 25).map(row)));
console.log('\nIn kernel/, spaces/ and modules/:\n');
const ours = times.filter((t) => /^(kernel|spaces|modules)\//.test(t.location));
console.log(tableToMarkdown(['function', 'where', 'self', 'share'], ours.slice(0, 25).map(row)));
const share = ours.reduce((a, t) => a + t.percent, 0);
console.log(`\nroc-kernel code (kernel/, spaces/, modules/) holds ${share.toFixed(1)} % of the self time; the rest is Node (HTTP parsing, sockets, timers), V8 (GC) and idle.`);
