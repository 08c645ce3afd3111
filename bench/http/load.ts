/**
 * The HTTP load harness shared by bench/http/*.bench.ts: each server runs in its own child
 * process (bench/http/server.ts, one server per process), autocannon runs in the bench process,
 * everything over 127.0.0.1. On a 2-core machine that gives the server one core and the load
 * generator the other, the same for every server; an in-process server would share its core
 * with autocannon and measure the generator as much as the server.
 *
 * Per server: start, warm up (BENCH_HTTP_WARMUP seconds, not recorded), then one measured run
 * per pipelining depth (BENCH_HTTP_SECONDS each, 100 connections), then stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import type { Table, Verdict } from '../lib/report.ts';
import { PATHS, type Impl, type Scenario } from './server.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(dirname(HERE));

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0 (got ${raw})`);
  return value;
}

/** Settings of every load run, from the environment (defaults: issue 10's 100 connections for 10 s). */
export const LOAD = {
  seconds: envNumber('BENCH_HTTP_SECONDS', 10),
  warmup: envNumber('BENCH_HTTP_WARMUP', 2),
  connections: envNumber('BENCH_HTTP_CONNECTIONS', 100),
  pipelinings: [1, 10] as const,
};

export const NAMES: Record<Impl, string> = {
  node: 'raw node:http',
  fastify: 'Fastify',
  express: 'Express',
  hono: 'Hono (@hono/node-server)',
  roc: 'roc-kernel',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export interface RunningServer {
  readonly port: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Start bench/http/server.ts IMPL SCENARIO in a child process; `nodeArgs` go before the script (e.g. `--cpu-prof`). */
export async function startServer(impl: Impl, scenario: Scenario, nodeArgs: readonly string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, join(HERE, 'server.ts'), impl, scenario], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${impl} ${scenario} server did not start within 30 s`)), 30_000);
    child.once('message', (m: { port?: number; error?: string }) => {
      clearTimeout(timer);
      if (m.port !== undefined) done(m.port);
      else fail(new Error(m.error ?? 'server failed'));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${impl} ${scenario} server exited with code ${code} before listening`));
    });
  });
  return {
    port,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LoadResult {
  readonly pipelining: number;
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Responses whose status was not the expected one, plus errors and timeouts. */
  readonly bad: number;
  readonly statuses: Readonly<Record<string, number>>;
}

export interface LoadOptions {
  readonly port: number;
  readonly path: string;
  readonly pipelining: number;
  readonly seconds: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** One cookie per connection (sessions): connection i sends cookies[i % length]. */
  readonly cookies?: readonly string[];
  /** The status every response should have (default 200). */
  readonly status?: number;
}

let autocannonModule: Loose;
async function autocannon(): Promise<Loose> {
  autocannonModule ??= (await import('autocannon' as string)).default;
  return autocannonModule;
}

/** One autocannon run against 127.0.0.1:port. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const run = await autocannon();
  const cookies = options.cookies;
  let nextCookie = 0;
  const request: Record<string, unknown> = { method: 'GET', path: options.path };
  if (cookies !== undefined) {
    // Each connection (autocannon client) keeps its own context: give it its own session.
    request.setupRequest = (req: Loose, context: Loose) => {
      context.cookie ??= cookies[nextCookie++ % cookies.length];
      return { ...req, headers: { ...req.headers, cookie: context.cookie } };
    };
  }
  const result = await run({
    url: `http://127.0.0.1:${options.port}`,
    connections: LOAD.connections,
    pipelining: options.pipelining,
    duration: options.seconds,
    headers: options.headers ?? {},
    requests: [request],
  });
  const expected = String(options.status ?? 200);
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries((result.statusCodeStats ?? {}) as Record<string, { count: number }>)) statuses[code] = stat.count;
  const good = statuses[expected] ?? 0;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    pipelining: options.pipelining,
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: answered - good + result.errors + result.timeouts,
    statuses,
  };
}

/**
 * A plain GET with exactly these headers (fetch would add `Cache-Control: no-cache` to a
 * conditional request, which rightly defeats Express's 304).
 */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((done, fail) => {
    const req = httpGet(url, { headers, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', fail);
  });
}

/** `name=value` of the first Set-Cookie of a fresh request: one new session. */
async function newSessionCookie(port: number, path: string): Promise<string> {
  const response = await get(`http://127.0.0.1:${port}${path}`);
  const cookie = response.headers['set-cookie']?.[0]?.split(';')[0];
  if (!cookie) throw new Error(`no Set-Cookie from ${path}`);
  return cookie;
}

export interface ScenarioRun {
  readonly impl: Impl;
  readonly results?: readonly LoadResult[];
  readonly error?: string;
  readonly notes: string[];
}

/**
 * Everything one server needs: start it, prepare (ETag or session cookies), check it answers
 * as expected, warm up, measure at each pipelining depth, stop.
 */
export async function measureServer(impl: Impl, scenario: Scenario): Promise<ScenarioRun> {
  const path = PATHS[scenario];
  const notes: string[] = [];
  let server: RunningServer | undefined;
  try {
    server = await startServer(impl, scenario);
    const base = `http://127.0.0.1:${server.port}${path}`;
    const first = await get(base);
    if (first.status !== 200) throw new Error(`GET ${path} answered ${first.status}: ${first.body.slice(0, 200)}`);
    let headers: Record<string, string> = {};
    let cookies: string[] | undefined;
    let status = 200;
    if (scenario === 'static') {
      const etag = first.headers.etag;
      if (!etag) throw new Error('no ETag on the static file');
      const check = await get(base, { 'if-none-match': etag });
      if (check.status !== 304) throw new Error(`If-None-Match with its own ETag answered ${check.status}, not 304`);
      headers = { 'if-none-match': etag };
      status = 304;
    }
    if (scenario === 'session') {
      cookies = [];
      for (let i = 0; i < LOAD.connections; i++) cookies.push(await newSessionCookie(server.port, path));
    }
    if (LOAD.warmup > 0) await load({ port: server.port, path, pipelining: 1, seconds: LOAD.warmup, headers, status, ...(cookies ? { cookies } : {}) });
    const results: LoadResult[] = [];
    for (const pipelining of LOAD.pipelinings) {
      results.push(await load({ port: server.port, path, pipelining, seconds: LOAD.seconds, headers, status, ...(cookies ? { cookies } : {}) }));
    }
    if (scenario === 'session' && cookies) {
      // The sessions really were kept: the first connection's counter went far past 1.
      const again = await get(base, { cookie: cookies[0]! });
      const views = (JSON.parse(again.body) as { views: number }).views;
      if (!(views > 2)) throw new Error(`the session was not kept across requests (views ${views})`);
      notes.push(`${NAMES[impl]}: the first connection's session counted ${views.toLocaleString('en-US')} views`);
    }
    return { impl, results, notes };
  } catch (error) {
    return { impl, error: (error as Error).message, notes };
  } finally {
    await server?.stop();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => `${Number.isInteger(n) ? fmt(n) : fmt(n, n < 10 ? 2 : 1)} ms`;

/** Requests/s of `impl` at `pipelining`, or undefined when it did not run. */
export function rpsOf(runs: readonly ScenarioRun[], impl: Impl, pipelining: number): number | undefined {
  return runs.find((r) => r.impl === impl)?.results?.find((r) => r.pipelining === pipelining)?.rps;
}

/** One table per pipelining depth: requests/s, p50/p99 latency, and each server ÷ roc-kernel. */
export function loadTables(title: string, description: string, runs: readonly ScenarioRun[]): Table[] {
  return LOAD.pipelinings.map((pipelining) => {
    const roc = rpsOf(runs, 'roc', pipelining);
    const rows = runs.map((run) => {
      const r = run.results?.find((x) => x.pipelining === pipelining);
      if (!r) return [NAMES[run.impl], 'not run', '', '', '', run.error ?? ''];
      const ratio = run.impl === 'roc' ? 'reference' : roc === undefined ? '' : `${(r.rps / roc).toFixed(2)}×`;
      return [NAMES[run.impl], fmt(r.rps), ms(r.p50), ms(r.p99), ratio, r.bad === 0 ? '0' : `${fmt(r.bad)} (${JSON.stringify(r.statuses)})`];
    });
    return {
      title: `${title}, ${pipelining === 1 ? 'no pipelining' : `pipelining ${pipelining}`}`,
      description,
      columns: ['server', 'requests/s', 'p50', 'p99', 'req/s ÷ roc-kernel', 'bad responses'],
      rows,
      notes: pipelining === LOAD.pipelinings[LOAD.pipelinings.length - 1] ? runs.flatMap((r) => [...r.notes, ...(r.error ? [`${NAMES[r.impl]}: **not measured**: ${r.error}`] : [])]) : [],
    };
  });
}

/** A verdict comparing roc-kernel with one server at every pipelining depth: met when `factor`× is reached at all of them. */
export function ratioVerdict(target: string, runs: readonly ScenarioRun[], peer: Impl, factor: number, strictlyAhead = false): Verdict {
  const parts: string[] = [];
  let met = true;
  for (const pipelining of LOAD.pipelinings) {
    const roc = rpsOf(runs, 'roc', pipelining);
    const other = rpsOf(runs, peer, pipelining);
    const label = pipelining === 1 ? 'no pipelining' : `pipelining ${pipelining}`;
    if (roc === undefined || other === undefined) {
      met = false;
      parts.push(`${label}: not measured`);
      continue;
    }
    const ratio = roc / other;
    if (strictlyAhead ? !(ratio > factor) : !(ratio >= factor)) met = false;
    parts.push(`${label}: ${ratio.toFixed(2)}×`);
  }
  return { target, met, detail: `${parts.join('; ')} (roc-kernel req/s ÷ ${NAMES[peer]} req/s)` };
}

/** A peer's installed version (read from bench/node_modules: some packages do not export their package.json). */
export function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'bench/node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Settings every HTTP bench file reports. */
export async function loadSettings(peers: readonly string[]): Promise<Record<string, string>> {
  const versions = ['autocannon', ...peers].map((p) => `${p} ${installedVersion(p)}`);
  return {
    servers: 'one child process each (node --import tsx bench/http/server.ts), autocannon in the bench process, 127.0.0.1',
    connections: String(LOAD.connections),
    duration: `${LOAD.seconds} s per run after a ${LOAD.warmup} s warm-up (BENCH_HTTP_SECONDS, BENCH_HTTP_WARMUP)`,
    pipelining: LOAD.pipelinings.join(' and '),
    versions: versions.join(', '),
  };
}
