/**
 * Runs the examples in docs/*.md, so the guides cannot drift from the code.
 *
 * Convention: a ```ts block whose first line is exactly `// runnable` is a complete program.
 * It imports from `roc-kernel` (rewritten here to kernel/index.ts) and `roc-kernel/spaces/NAME`
 * (rewritten to spaces/NAME.ts), checks its own results with node:assert, and must finish without an error.
 * Other ```ts blocks are fragments and are not run.
 *
 * Each runnable block is written to test/.docs-tmp/<pid>/ (removed afterwards). A few worker
 * processes (`node --import tsx`) each import their share of the files one after another, so
 * the kernel loads once per worker rather than once per example; an example passes when its
 * module evaluates without an exception, a rejection or an unhandled rejection, and every
 * worker must exit 0.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(ROOT, 'docs');
const TMP = join(ROOT, 'test', '.docs-tmp');
/** This run's folder inside TMP, so that two runs never delete each other's files. */
const RUN_DIR = join(TMP, String(process.pid));
const MARKER = '// runnable';
const TIMEOUT_MS = 15_000;
const RESULT = '[docs-example] ';
/** The guides that must each carry at least one runnable example. */
const GUIDES = ['concepts.md', 'endpoint-api.md', 'grammars.md', 'caching.md', 'spaces.md'];

interface Example {
  /** `file.md:line` of the opening fence. */
  readonly name: string;
  readonly doc: string;
  readonly code: string;
}

interface Outcome {
  readonly ok: boolean;
  readonly output: string;
}

/** The ```ts blocks of a markdown text, with whether each is marked runnable. */
export function extractBlocks(markdown: string, doc: string): { example: Example; runnable: boolean }[] {
  const lines = markdown.split('\n');
  const blocks: { example: Example; runnable: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    const runnable = body[0]?.trim() === MARKER;
    blocks.push({ example: { name: `${doc}:${start + 1}`, doc, code: body.join('\n') + '\n' }, runnable });
  }
  return blocks;
}

/** Point `roc-kernel` and `roc-kernel/spaces/NAME` imports at the source tree. */
export function rewriteImports(code: string, root: string): string {
  return code.replace(/(['"])roc-kernel(\/spaces\/[\w-]+)?(?:\.ts)?\1/g, (_whole, quote: string, spaces: string | undefined) => {
    const target = spaces === undefined ? join(root, 'kernel', 'index.ts') : join(root, `${spaces.slice(1)}.ts`);
    return `${quote}${target}${quote}`;
  });
}

function collect(): Example[] {
  const docs = readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort();
  return docs.flatMap((doc) =>
    extractBlocks(readFileSync(join(DOCS, doc), 'utf8'), doc)
      .filter((b) => b.runnable)
      .map((b) => b.example),
  );
}

/**
 * The program each worker process runs: it imports the example files named on its command
 * line one after another (the kernel's modules load once per worker, which keeps the run
 * short) and prints one result line per example. An exception, a rejected top-level await or
 * an unhandled rejection fails the example; a hang stops the worker.
 */
const RUNNER = `
import { pathToFileURL } from 'node:url';
const late = [];
process.on('unhandledRejection', (e) => late.push(e));
process.on('uncaughtException', (e) => late.push(e));
const show = (e) => (e && e.stack) || String(e);
let failed = false;
for (const file of process.argv.slice(2)) {
  let error;
  let timer;
  try {
    await Promise.race([
      import(pathToFileURL(file).href),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out after ${TIMEOUT_MS} ms')), ${TIMEOUT_MS}); }),
    ]);
  } catch (e) {
    error = e;
  }
  clearTimeout(timer);
  await new Promise((r) => setTimeout(r, 0));
  if (error === undefined && late.length > 0) error = late[0];
  late.length = 0;
  if (error !== undefined) failed = true;
  console.log('${RESULT}' + JSON.stringify({ file, ok: error === undefined, error: error === undefined ? '' : show(error) }));
  if (error instanceof Error && error.message.startsWith('timed out')) process.exit(1);
}
process.exit(failed ? 1 : 0);
`;

function run(files: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(RUN_DIR, 'runner.mjs'), ...files], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => done({ code, output }));
  });
}

async function runAll(examples: readonly Example[]): Promise<Map<string, Outcome>> {
  writeFileSync(join(RUN_DIR, 'runner.mjs'), RUNNER);
  const fileOf = new Map<string, string>();
  for (const example of examples) {
    const file = join(RUN_DIR, `${basename(example.doc, '.md')}-${example.name.split(':')[1]}.mts`);
    writeFileSync(file, rewriteImports(example.code, ROOT));
    fileOf.set(example.name, file);
  }
  const width = Math.max(1, Math.min(availableParallelism(), 4, examples.length));
  const groups: Example[][] = Array.from({ length: width }, () => []);
  examples.forEach((e, i) => groups[i % width]!.push(e));
  const outcomes = new Map<string, Outcome>();
  await Promise.all(
    groups.map(async (group) => {
      const { code, output } = await run(group.map((e) => fileOf.get(e.name)!));
      const results = new Map<string, { ok: boolean; error: string }>();
      for (const line of output.split('\n')) {
        if (!line.startsWith(RESULT)) continue;
        const r = JSON.parse(line.slice(RESULT.length)) as { file: string; ok: boolean; error: string };
        results.set(r.file, r);
      }
      for (const e of group) {
        const r = results.get(fileOf.get(e.name)!);
        outcomes.set(e.name, r === undefined ? { ok: false, output: `did not run (worker exited with ${code}):\n${output}` } : { ok: r.ok, output: r.error });
      }
      runnerCodes.push(code);
    }),
  );
  return outcomes;
}

const examples = collect();
let outcomes = new Map<string, Outcome>();
const runnerCodes: (number | null)[] = [];

beforeAll(async () => {
  mkdirSync(RUN_DIR, { recursive: true });
  outcomes = await runAll(examples);
}, 120_000);

afterAll(() => {
  rmSync(RUN_DIR, { recursive: true, force: true });
  if (readdirSync(TMP).length === 0) rmSync(TMP, { recursive: true, force: true });
});

describe('docs examples', () => {
  it('the extractor finds marked blocks and rewrites package imports', () => {
    const md = ['```ts', '// runnable', "import { Kernel } from 'roc-kernel';", '```', '```ts', 'fragment();', '```'].join('\n');
    const blocks = extractBlocks(md, 'x.md');
    expect(blocks.map((b) => [b.example.name, b.runnable])).toEqual([['x.md:1', true], ['x.md:5', false]]);
    const code = rewriteImports("import { Kernel } from 'roc-kernel';\nimport { Import } from 'roc-kernel/spaces/import';", '/r');
    expect(code).toBe("import { Kernel } from '/r/kernel/index.ts';\nimport { Import } from '/r/spaces/import.ts';");
  });

  it('every guide has runnable examples', () => {
    for (const guide of GUIDES) expect(examples.some((e) => e.doc === guide), guide).toBe(true);
  });

  it.each(examples.map((e) => [e.name] as const))('%s runs without error', (name) => {
    const outcome = outcomes.get(name);
    expect(outcome, `${name} did not run`).toBeDefined();
    expect(outcome!.ok, `${name} failed:\n${outcome!.output}`).toBe(true);
  });

  it('every worker process exits 0', () => {
    expect(runnerCodes.length).toBeGreaterThan(0);
    for (const code of runnerCodes) expect(code).toBe(0);
  });
});
