/**
 * The report every benchmark file produces: a title, the settings it ran with, and tables.
 * `run.ts` starts each `*.bench.ts` file in its own process with `BENCH_REPORT` naming a JSON
 * file to write; a file started by hand (no `BENCH_REPORT`) prints its tables as markdown.
 * In-process (mitata) and HTTP load (autocannon) benchmarks share this shape, so the runner
 * and results.md never need to know which kind a file is.
 */
import { writeFileSync } from 'node:fs';

export type Cell = string | number;

export interface Table {
  readonly title: string;
  /** What the rows measure, in a sentence or two: shown above the table. */
  readonly description?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly notes?: readonly string[];
}

/** A stated target, checked against this run's numbers. */
export interface Verdict {
  readonly target: string;
  readonly met: boolean;
  /** The measured ratio and what it compares, e.g. "12.3× (…)". */
  readonly detail: string;
}

export interface BenchReport {
  readonly title: string;
  readonly description?: string;
  readonly settings: Readonly<Record<string, Cell>>;
  readonly tables: readonly Table[];
  readonly verdicts?: readonly Verdict[];
}

/** Hand the report to the runner, or print it when the file was started by hand. */
export function emit(report: BenchReport): void {
  const target = process.env.BENCH_REPORT;
  if (target) writeFileSync(target, JSON.stringify(report, null, 2));
  else process.stdout.write(`\n${reportToMarkdown(report)}\n`);
}

export function reportToMarkdown(report: BenchReport): string {
  const out: string[] = [`## ${report.title}`, ''];
  if (report.description) out.push(report.description, '');
  const settings = Object.entries(report.settings);
  if (settings.length > 0) out.push(`Settings: ${settings.map(([k, v]) => `${k} ${v}`).join('; ')}.`, '');
  for (const table of report.tables) {
    out.push(`### ${table.title}`, '');
    if (table.description) out.push(table.description, '');
    out.push(tableToMarkdown(table.columns, table.rows), '');
    for (const note of table.notes ?? []) out.push(`- ${note}`);
    if (table.notes?.length) out.push('');
  }
  if (report.verdicts?.length) {
    out.push('### Targets', '', tableToMarkdown(['target', 'met', 'measured'], report.verdicts.map((v) => [v.target, v.met ? 'yes' : '**no**', v.detail])), '');
  }
  return out.join('\n');
}

export function tableToMarkdown(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const escape = (c: Cell) => String(c).replaceAll('|', '\\|');
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d.,]+\s*(ns|µs|ms|s|×.*)?$/.test(String(r[i] ?? ''))));
  return [
    `| ${columns.map(escape).join(' | ')} |`,
    `| ${columns.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((_, i) => escape(r[i] ?? '')).join(' | ')} |`),
  ].join('\n');
}
