/**
 * CPU-profile one benchmark scenario and print the functions with the most self time.
 *
 *   node --import tsx bench/profile.ts uncached-100-cold [--seconds 5] [--out /tmp/roc-profile]
 *
 * It starts itself again under `node --cpu-prof` (profile written to --out, default a fresh
 * directory in the system temp dir), runs the scenario in a loop for the given time, then
 * summarises the profile: overall, and for kernel/ and spaces/ code alone.
 * Line numbers are those of tsx's transpiled output (close to, not always equal to, the source).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kernel, Request, topologyChanged } from '../kernel/index.ts';
import { cardIdentifiers, nestedApp, uncachedRouteKernel } from './fixtures/kernels.ts';
import { identifiers } from './fixtures/routes.ts';
import { selfTimes } from './lib/cpuprofile.ts';
import { tableToMarkdown } from './lib/report.ts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Each scenario builds its fixture and returns one operation (which may return a Promise). */
const SCENARIOS: Record<string, { description: string; setup: () => () => unknown }> = {
  'uncached-100-cold': {
    description: 'kernel.issue of 4,096 identifiers over the 100-route space, caching off, resolution cache invalidated before each (bench section 3)',
    setup: () => {
      const { kernel, scope } = uncachedRouteKernel();
      const ids = identifiers(4096, 1000);
      let i = 0;
      return () => (topologyChanged(), kernel.issue(new Request(ids[i++ & 4095]!), scope, undefined));
    },
  },
  'uncached-100-warm': {
    description: 'kernel.issue of 64 repeated identifiers over the 100-route space, caching off (bench section 2)',
    setup: () => {
      const { kernel, scope } = uncachedRouteKernel();
      const ids = identifiers(64);
      let i = 0;
      return () => kernel.issue(new Request(ids[i++ & 63]!), scope, undefined);
    },
  },
  'cached-nested': {
    description: 'kernel.issue of a cached card through three nested spaces (bench section 1)',
    setup: () => nestedOp(new Kernel(), false),
  },
  'uncached-nested': {
    description: 'kernel.issue of the same card with caching off (bench section 1)',
    setup: () => nestedOp(new Kernel({ cache: { maxEntries: 0 } }), false),
  },
  'cached-nested-async': {
    description: 'await kernel.source of a cached card (bench section 1)',
    setup: () => nestedOp(new Kernel(), true),
  },
};

function nestedOp(kernel: Kernel, async: boolean): () => unknown {
  const { scope } = nestedApp(kernel);
  const ids = cardIdentifiers(16);
  let i = 0;
  return async ? () => kernel.source(ids[i++ & 15]!, { scope }) : () => kernel.issue(new Request(ids[i++ & 15]!), scope, undefined);
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const scenarioName = process.argv[2] ?? '';
const scenario = SCENARIOS[scenarioName];
if (!scenario) {
  console.error(`usage: node --import tsx bench/profile.ts SCENARIO [--seconds N] [--out DIR]\nscenarios:\n${Object.entries(SCENARIOS).map(([n, s]) => `  ${n}: ${s.description}`).join('\n')}`);
  process.exit(2);
}
const seconds = Number(option('seconds', '5'));

if (process.env.ROC_PROFILE_CHILD === '1') {
  // The profiled process: warm up for a second, then loop.
  const op = scenario.setup();
  for (const [until, label] of [[1, 'warm-up'], [seconds, 'profiled']] as const) {
    const end = performance.now() + until * 1000;
    let n = 0;
    while (performance.now() < end) {
      for (let k = 0; k < 1000; k++) {
        const r = op();
        if (r instanceof Promise) await r;
      }
      n += 1000;
    }
    console.log(`${label}: ${n.toLocaleString('en-US')} operations in ${until} s (${((until * 1e9) / n).toFixed(0)} ns/op, profiler on)`);
  }
} else {
  const out = option('out', '') || mkdtempSync(join(tmpdir(), 'roc-profile-'));
  const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, '--import', 'tsx', fileURLToPath(import.meta.url), scenarioName, '--seconds', String(seconds)], {
    cwd: ROOT,
    env: { ...process.env, ROC_PROFILE_CHILD: '1' },
    stdio: 'inherit',
    timeout: (seconds + 60) * 1000,
  });
  if (child.status !== 0) {
    console.error(`profiled run failed (${child.error?.message ?? `exit ${child.status}`})`);
    process.exit(1);
  }
  // One profile per thread (tsx runs a loader thread too): keep the busiest.
  const busy = (list: ReturnType<typeof selfTimes>) => list.filter((t) => t.functionName !== '(idle)').reduce((sum, t) => sum + t.selfMs, 0);
  const profiles = readdirSync(out)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => ({ file: join(out, f), times: selfTimes(join(out, f), ROOT) }))
    .sort((a, b) => busy(b.times) - busy(a.times));
  if (profiles.length === 0) throw new Error(`no .cpuprofile in ${out}`);
  const { file, times } = profiles[0]!;
  const rows = (list: typeof times) => list.map((t) => [t.percent.toFixed(1), t.selfMs.toFixed(0), t.functionName, t.location]);
  console.log(`\n${scenarioName}: ${scenario.description}\nprofile: ${file} (open it in Chrome DevTools or speedscope)\n`);
  console.log(`Top self time, all code:\n\n${tableToMarkdown(['self %', 'self ms', 'function', 'where'], rows(times.slice(0, 25)))}\n`);
  const ours = times.filter((t) => /^(kernel|spaces|modules)\//.test(t.location));
  console.log(`Top self time in kernel/, spaces/ and modules/:\n\n${tableToMarkdown(['self %', 'self ms', 'function', 'where'], rows(ours.slice(0, 20)))}`);
}
