/**
 * Helpers every grammar shares: turning `build` input into one shape, and making the two
 * errors grammars raise. Internal to kernel/grammar; `index.ts` re-exports only what callers need.
 */
import { RocError } from '../errors.ts';
import type { ArgumentList, BuildArguments, GrammarArgument } from './grammar.ts';

/** The result of a match without arguments; shared so a match allocates nothing. */
export const NO_ARGUMENTS: ArgumentList = Object.freeze([]) as ArgumentList;

/** The argument names of a grammar that has none. */
export const NO_NAMES: readonly string[] = Object.freeze([]) as readonly string[];

/**
 * Normalise {@link BuildArguments} to a list of name/value pairs: a list is returned as is,
 * a record is flattened in key order with array values repeating the name. Values that are
 * not strings (possible from plain JavaScript callers) are refused, naming `identifier`.
 *
 * @example
 * toArgumentList({ a: '1', b: ['2', '3'] }, 'active:x'); // [['a','1'], ['b','2'], ['b','3']]
 */
export function toArgumentList(args: BuildArguments, identifier: string): ArgumentList {
  if (Array.isArray(args)) {
    const list = args as ArgumentList;
    for (const pair of list) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        throw argumentError(identifier, `argument ${JSON.stringify(pair)} is not a [name, value] pair of strings`);
      }
    }
    return list;
  }
  const out: GrammarArgument[] = [];
  const record = args as Readonly<Record<string, string | readonly string[]>>;
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (typeof value === 'string') {
      out.push([name, value]);
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      for (const v of value as readonly string[]) out.push([name, v]);
    } else {
      throw argumentError(identifier, `value of "${name}" must be a string or an array of strings`);
    }
  }
  return out;
}

/** A ROC_ERR_ARGUMENT naming what was being built (`identifier`) and why it was refused. */
export function argumentError(identifier: string, reason: string): RocError {
  return new RocError('ROC_ERR_ARGUMENT', { identifier, reason });
}

/** A ROC_ERR_GRAMMAR naming the grammar's source and what in it cannot compile. */
export function grammarError(grammar: string, reason: string): RocError {
  return new RocError('ROC_ERR_GRAMMAR', { grammar, reason });
}

/** Quote a value for an error message: JSON quoting keeps control characters visible. */
export function quote(value: string): string {
  return JSON.stringify(value);
}
