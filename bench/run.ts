/**
 * The benchmark runner behind `npm run bench`: runs every `*.bench.ts` file under bench/, each
 * in its own Node process (a fresh JIT and heap per file, and room for HTTP benchmarks that
 * start servers), and writes bench/results.md with the machine, Node version, date and each
 * file's tables.
 *
 *   npm run bench                          # everything
 *   node --import tsx bench/run.ts kernel  # only files whose path contains "kernel"
 *
 * Each file writes its report (lib/report.ts) to the JSON path in BENCH_REPORT. A file that
 * fails or runs past BENCH_FILE_TIMEOUT_MS (default 5 minutes) is reported as failed, and the
 * runner exits non-zero.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, arch, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportToMarkdown, tableToMarkdown, type BenchReport } from './lib/report.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const FILE_TIMEOUT_MS = Number(process.env.BENCH_FILE_TIMEOUT_MS ?? 5 * 60_000);
const SKIP_DIRS = new Set(['node_modules', 'lib', 'fixtures']);

function findBenchFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) found.push(...findBenchFiles(join(dir, entry.name)));
    } else if (entry.name.endsWith('.bench.ts')) {
      found.push(join(dir, entry.name));
    }
  }
  return found.sort();
}

type Outcome = { file: string; seconds: number } & ({ report: BenchReport } | { error: string });

async function runFile(file: string, reportPath: string): Promise<Outcome> {
  const started = performance.now();
  const name = relative(ROOT, file);
  // --expose-gc lets mitata collect garbage between benchmarks, so one case's garbage is not billed to the next.
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
    cwd: ROOT,
    env: { ...process.env, BENCH_REPORT: reportPath },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, FILE_TIMEOUT_MS);
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  if (timedOut) return { file: name, seconds, error: `stopped after ${FILE_TIMEOUT_MS / 1000} s (BENCH_FILE_TIMEOUT_MS)` };
  if (code !== 0) return { file: name, seconds, error: `exited with code ${code}` };
  try {
    return { file: name, seconds, report: JSON.parse(readFileSync(reportPath, 'utf8')) as BenchReport };
  } catch (error) {
    return { file: name, seconds, error: `wrote no report (${(error as Error).message})` };
  }
}

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function machine(): [string, string][] {
  const cpu = cpus();
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--', 'kernel', 'spaces', 'modules', 'bench');
  return [
    ['CPU', `${cpu[0]?.model.trim() ?? 'unknown'}`],
    ['Cores', `${cpu.length} (logical, as os.cpus() reports them)`],
    ['Memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${platform()} ${release()} ${arch()}`],
    // Other work on the machine moves the numbers; a load near the core count means they were shared.
    ['Load average at start', loadavg().map((l) => l.toFixed(2)).join(', ') + ' (1, 5, 15 min)'],
    ['Node', process.version],
    ['Date', new Date().toISOString()],
    ['Commit', commit === undefined ? 'unknown' : `${commit}${dirty ? ' with uncommitted changes' : ''}`],
  ];
}

const filters = process.argv.slice(2);
const files = findBenchFiles(BENCH_DIR).filter((f) => filters.length === 0 || filters.some((s) => relative(ROOT, f).includes(s)));
if (files.length === 0) {
  console.error(`no benchmark files${filters.length ? ` matching ${filters.join(', ')}` : ''} under ${BENCH_DIR}`);
  process.exit(1);
}

const machineAtStart = machine();
const work = mkdtempSync(join(tmpdir(), 'roc-bench-'));
const outcomes: Outcome[] = [];
try {
  for (const [i, file] of files.entries()) {
    console.log(`\n▶ ${relative(ROOT, file)}`);
    const outcome = await runFile(file, join(work, `report-${i}.json`));
    if ('error' in outcome) console.error(`✗ ${outcome.file}: ${outcome.error}`);
    outcomes.push(outcome);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const lines = [
  '# roc-kernel benchmark results',
  '',
  'Written by `npm run bench` (bench/run.ts); see bench/README.md for what each benchmark measures. ' +
    'Numbers from one machine and one run: compare rows within a run, not across machines.',
  '',
  tableToMarkdown(['', ''], machineAtStart),
  '',
  `Files: ${outcomes.map((o) => `${o.file} (${o.seconds.toFixed(0)} s${'error' in o ? ', FAILED' : ''})`).join(', ')}` +
    `${filters.length ? `; filtered by ${filters.map((f) => `"${f}"`).join(', ')}` : ''}. Each file runs in its own process: \`node --expose-gc --import tsx FILE\`.`,
  '',
];
for (const outcome of outcomes) {
  if ('report' in outcome) lines.push(reportToMarkdown(outcome.report));
  else lines.push(`## ${outcome.file}`, '', `**Failed**: ${outcome.error}.`, '');
}
const out = join(BENCH_DIR, 'results.md');
writeFileSync(out, `${lines.join('\n').trimEnd()}\n`);
console.log(`\nwrote ${relative(ROOT, out)}`);
if (outcomes.some((o) => 'error' in o)) process.exitCode = 1;
