import { RocError } from '../errors.ts';
import type { ActiveArgumentSpec, ArgumentList, BuildArguments, Grammar, GrammarArgument } from './grammar.ts';
import { appendActiveArguments, checkActiveArgumentName, scanActiveArguments } from './active-uri.ts';
import { argumentError, grammarError, toArgumentList } from './arguments.ts';

/** The plain-data definition of an active grammar (`{ active: … }` in a GrammarSpec). */
export interface ActiveGrammarSpec {
  readonly identifier: string;
  readonly arguments?: readonly ActiveArgumentSpec[];
  readonly varargs?: boolean;
}

interface DeclaredArgument {
  readonly name: string;
  readonly min: number;
  /** `Infinity` for 'unbounded'. */
  readonly max: number;
}

/** Why an identifier with this grammar's base is not a match; `malformed` when its syntax is wrong. */
interface Mismatch {
  readonly malformed: boolean;
  readonly reason: string;
}

/**
 * NetKernel's active grammar: a base identifier (usually `active:name`, but any text without
 * `+`) followed by `+name@value` arguments in any order. Each declared argument occurs
 * between `min` and `max` times (default exactly once); unknown names are a non-match unless
 * `varargs` is set. `parse` returns unescaped values in identifier order; `build` writes the
 * canonical form: declared arguments in declared order, then varargs in the order given,
 * values escaped. Use {@link ActiveGrammar.explain} to learn why an identifier did not match.
 *
 * @example
 * const g = new ActiveGrammar({ identifier: 'active:xslt', arguments: [{ name: 'operator' }], varargs: true });
 * g.parse('active:xslt+p@1+operator@res:/a.xsl'); // [['p','1'], ['operator','res:/a.xsl']]
 * g.build([['p', '1'], ['operator', 'res:/a.xsl']]); // 'active:xslt+operator@res:/a.xsl+p@1'
 */
export class ActiveGrammar implements Grammar {
  readonly kind = 'active' as const;
  readonly source: string;
  readonly prefix: string;
  readonly argumentNames: readonly string[];
  readonly varargs: boolean;
  private readonly declared: readonly DeclaredArgument[];
  private readonly index: ReadonlyMap<string, number>;
  // Reused by every parse: parse is synchronous, so no two calls can share it at once.
  private readonly counts: Uint32Array;

  constructor(spec: ActiveGrammarSpec) {
    const declared = (spec?.arguments ?? []).map((a) => ({ name: a?.name, min: a?.min, max: a?.max }));
    this.source = describe(spec?.identifier, declared, spec?.varargs === true);
    const base = spec?.identifier;
    if (typeof base !== 'string' || base === '') throw grammarError(this.source, 'the identifier is empty');
    if (base.includes('+')) throw grammarError(this.source, `the identifier "${base}" contains "+", which starts an argument`);
    const index = new Map<string, number>();
    this.declared = declared.map((a, i) => {
      const checked = checkDeclaration(a, i, this.source);
      if (index.has(checked.name)) throw grammarError(this.source, `argument "${checked.name}" is declared twice`);
      index.set(checked.name, i);
      return checked;
    });
    this.prefix = base;
    this.varargs = spec.varargs === true;
    this.index = index;
    this.counts = new Uint32Array(this.declared.length);
    this.argumentNames = Object.freeze(this.declared.map((a) => a.name));
  }

  parse(identifier: string): ArgumentList | null {
    const result = this.match(identifier);
    return result === null || !Array.isArray(result) ? null : result;
  }

  /**
   * Why `identifier` does not match although it names this grammar's base: a RocError
   * ROC_ERR_ARGUMENT (missing, repeated or unknown argument) or ROC_ERR_IDENTIFIER (malformed
   * argument syntax). `null` when it matches, or when its base is another endpoint's.
   *
   * @example
   * new ActiveGrammar({ identifier: 'active:x', arguments: [{ name: 'a' }] }).explain('active:x')?.message;
   * // 'Bad argument for active:x: missing argument "a" (needs at least 1)'
   */
  explain(identifier: string): RocError | null {
    const result = this.match(identifier);
    if (result === null || Array.isArray(result)) return null;
    const m = result as Mismatch;
    return new RocError(m.malformed ? 'ROC_ERR_IDENTIFIER' : 'ROC_ERR_ARGUMENT', { identifier, reason: m.reason });
  }

  build(args: BuildArguments): string {
    const given = toArgumentList(args, this.source);
    const perName: string[][] = this.declared.map(() => []);
    const extra: GrammarArgument[] = [];
    for (const pair of given) {
      const i = this.index.get(pair[0]);
      if (i !== undefined) perName[i]!.push(pair[1]);
      else if (this.varargs) extra.push(pair);
      else throw argumentError(this.source, `unknown argument "${pair[0]}"`);
    }
    const ordered: GrammarArgument[] = [];
    this.declared.forEach((a, i) => {
      const values = perName[i]!;
      const bad = cardinalityProblem(a, values.length);
      if (bad !== null) throw argumentError(this.source, bad);
      for (const v of values) ordered.push([a.name, v]);
    });
    for (const pair of extra) ordered.push(pair);
    return appendActiveArguments(this.prefix, ordered);
  }

  /** The arguments, a Mismatch when the base matches but the arguments do not, `null` otherwise. */
  private match(identifier: string): ArgumentList | Mismatch | null {
    const base = this.prefix;
    if (!identifier.startsWith(base)) return null;
    if (identifier.length > base.length && identifier.charCodeAt(base.length) !== 43 /* + */) return null;
    const args = scanActiveArguments(identifier, base.length);
    if (typeof args === 'string') return { malformed: true, reason: args };
    const counts = this.counts;
    counts.fill(0);
    for (const [name] of args) {
      const i = this.index.get(name);
      if (i !== undefined) counts[i]!++;
      else if (!this.varargs) return { malformed: false, reason: `unknown argument "${name}"` };
    }
    for (let i = 0; i < this.declared.length; i++) {
      const bad = cardinalityProblem(this.declared[i]!, counts[i]!);
      if (bad !== null) return { malformed: false, reason: bad };
    }
    return args;
  }
}

/**
 * Why `identifier` does not match `grammar` when `grammar` is an {@link ActiveGrammar} whose
 * base it names (see {@link ActiveGrammar.explain}); `null` for a match, another base, or a
 * grammar of another kind. The kernel calls it after resolution fails, to answer "bad
 * argument" instead of "not found". The error is returned, not thrown, so the caller decides.
 *
 * @example
 * const err = checkActiveArguments(grammar, 'active:x+a@1+a@2');
 * if (err) throw err; // ROC_ERR_ARGUMENT: argument "a" is given 2 times, at most 1 allowed
 */
export function checkActiveArguments(grammar: Grammar, identifier: string): RocError | null {
  return grammar instanceof ActiveGrammar ? grammar.explain(identifier) : null;
}

function cardinalityProblem(a: DeclaredArgument, count: number): string | null {
  if (count < a.min) return count === 0 ? `missing argument "${a.name}" (needs at least ${a.min})` : `argument "${a.name}" is given ${count} times, at least ${a.min} needed`;
  if (count > a.max) return `argument "${a.name}" is given ${count} times, at most ${a.max} allowed`;
  return null;
}

/** Validate one declaration. `min` alone sets max to max(min, 1); `max` alone keeps min 1. */
function checkDeclaration(a: { name: unknown; min: unknown; max: unknown }, i: number, source: string): DeclaredArgument {
  if (typeof a.name !== 'string') throw grammarError(source, `argument ${i + 1} has no name`);
  const bad = checkActiveArgumentName(a.name);
  if (bad !== null) throw grammarError(source, `argument ${i + 1}: ${bad}`);
  const min = a.min === undefined ? 1 : a.min;
  if (typeof min !== 'number' || !Number.isInteger(min) || min < 0) {
    throw grammarError(source, `argument "${a.name}": min ${String(a.min)} is not a whole number >= 0`);
  }
  const max = a.max === undefined ? Math.max(min, 1) : a.max === 'unbounded' ? Infinity : a.max;
  if (typeof max !== 'number' || !(Number.isInteger(max) || max === Infinity) || max < 1) {
    throw grammarError(source, `argument "${a.name}": max ${String(a.max)} is not a whole number >= 1 or "unbounded"`);
  }
  if (min > max) throw grammarError(source, `argument "${a.name}": min ${min} exceeds max ${max}`);
  return { name: a.name, min, max };
}

/** A readable source such as `active:x(a, b?, c*, varargs)` for messages and META. */
function describe(base: unknown, declared: readonly { name: unknown; min: unknown; max: unknown }[], varargs: boolean): string {
  const parts = declared.map((a) => {
    const min = a.min ?? 1;
    const max = a.max ?? (typeof min === 'number' ? Math.max(min, 1) : 1);
    const unbounded = max === 'unbounded';
    let suffix = `{${String(min)},${unbounded ? '' : String(max)}}`;
    if (min === 1 && max === 1) suffix = '';
    else if (min === 0 && max === 1) suffix = '?';
    else if (min === 0 && unbounded) suffix = '*';
    else if (min === 1 && unbounded) suffix = '+';
    return String(a.name) + suffix;
  });
  if (varargs) parts.push('varargs');
  const shown = typeof base === 'string' && base !== '' ? base : String(JSON.stringify(base));
  return `${shown}(${parts.join(', ')})`;
}
