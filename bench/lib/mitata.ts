/**
 * Run in-process benchmarks with mitata and turn its statistics into report tables. Cases are
 * grouped in sections; each section may name a reference case that the other rows are
 * compared with (time per operation, so "3.0× slower" means three times the time).
 */
import { bench, group, run } from 'mitata';
import type { Cell, Table } from './report.ts';

export interface Case {
  readonly name: string;
  /**
   * One operation, handed to mitata as it is (a Promise it returns is awaited and timed).
   * Pass its result to mitata's `do_not_optimize`, so the work cannot be optimised away, and
   * write each case as its own function literal: a wrapper shared by every case would share
   * V8's call-site feedback and slow them all down.
   */
  readonly fn: () => unknown;
  /** The case this one is compared with, when not the section's reference. */
  readonly versus?: string;
}

export interface Section {
  readonly title: string;
  readonly description?: string;
  readonly cases: readonly Case[];
  /** The name of the case the others are compared with. */
  readonly reference?: string;
  readonly notes?: readonly string[];
}

export interface Measured {
  /** Mean time per operation, nanoseconds. */
  readonly avg: number;
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
}

export interface SectionResult {
  readonly section: Section;
  readonly measured: ReadonlyMap<string, Measured>;
}

/** Measure every case of every section in one mitata run (its progress goes to stdout). */
export async function measureSections(sections: readonly Section[]): Promise<SectionResult[]> {
  const order: { section: Section; name: string }[] = [];
  for (const section of sections) {
    group(section.title, () => {
      for (const c of section.cases) {
        bench(c.name, c.fn);
        order.push({ section, name: c.name });
      }
    });
  }
  const { benchmarks } = await run({ throw: true });
  if (benchmarks.length !== order.length) throw new Error(`mitata ran ${benchmarks.length} benchmarks, ${order.length} were registered`);
  const bySection = new Map<Section, Map<string, Measured>>(sections.map((s) => [s, new Map()]));
  benchmarks.forEach((trial, i) => {
    const { section, name } = order[i]!;
    const stats = trial.runs[0]?.stats;
    if (trial.alias !== name || stats === undefined) throw new Error(`benchmark ${name} did not produce statistics`);
    bySection.get(section)!.set(name, { avg: stats.avg, p50: stats.p50, p99: stats.p99, samples: stats.samples.length });
  });
  return sections.map((section) => ({ section, measured: bySection.get(section)! }));
}

/** A report table for a measured section: time per op, ops/s, p50, p99, and the comparison with its reference. */
export function sectionTable(result: SectionResult): Table {
  const { section, measured } = result;
  const compared = section.reference !== undefined || section.cases.some((c) => c.versus !== undefined);
  const columns = ['case', 'avg / op', 'ops/s', 'p50', 'p99', ...(compared ? ['compared'] : [])];
  const rows: Cell[][] = section.cases.map((c) => {
    const m = measured.get(c.name)!;
    const row: Cell[] = [c.name, formatTime(m.avg), formatRate(1e9 / m.avg), formatTime(m.p50), formatTime(m.p99)];
    if (compared) {
      const versus = c.versus ?? section.reference;
      const other = versus === undefined ? undefined : measured.get(versus);
      row.push(versus === undefined || other === undefined ? '' : c.name === versus ? 'reference' : `${compare(m.avg, other.avg)} than ${versus}`);
    }
    return row;
  });
  return { title: section.title, ...(section.description ? { description: section.description } : {}), columns, rows, ...(section.notes ? { notes: section.notes } : {}) };
}

/** "2.50× slower" / "4.00× faster": how the time of `avg` compares with `reference`. */
export function compare(avg: number, reference: number): string {
  return avg >= reference ? `${(avg / reference).toFixed(2)}× slower` : `${(reference / avg).toFixed(2)}× faster`;
}

export function formatTime(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(1)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}
