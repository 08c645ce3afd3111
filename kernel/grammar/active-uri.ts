/**
 * The active URI syntax `active:name+arg1@value1+arg2@value2`. Values are identifiers
 * themselves, so they nest: the characters that would end a value early (`+`, `@`), the
 * escape character `%` and anything invisible (whitespace, control characters) are
 * percent-escaped as UTF-8; every other character stays verbatim so `res:/a/b` stays readable.
 */
import { RocError } from '../errors.ts';
import type { ArgumentList, GrammarArgument } from './grammar.ts';
import { argumentError } from './arguments.ts';

/** The scheme every active URI starts with. */
export const ACTIVE_SCHEME = 'active:';

// \s covers Unicode spaces (NBSP, U+2028, BOM…); \x7F-\x9F adds DEL and the C1 controls.
const NEEDS_ESCAPE = /[%+@\s\x00-\x1F\x7F-\x9F]/;
const NEEDS_ESCAPE_ALL = /[%+@\s\x00-\x1F\x7F-\x9F]/g;

/**
 * Escape a value for use inside an active URI: `%`, `+`, `@`, whitespace and control
 * characters become `%XX` (UTF-8, upper-case hex); everything else is kept. A value that needs
 * no escaping is returned unchanged without allocating.
 *
 * @example
 * escapeActiveValue('active:b+x@y'); // 'active:b%2Bx%40y'
 * escapeActiveValue('res:/a/b');     // 'res:/a/b'
 */
export function escapeActiveValue(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(NEEDS_ESCAPE_ALL, (c) => encodeURIComponent(c)) : value;
}

/**
 * Decode the `%XX` sequences of an active URI value. A `%` not followed by two hex digits,
 * or bytes that are not UTF-8, throw a RocError ROC_ERR_IDENTIFIER naming `identifier`
 * (the value itself when not given).
 *
 * @example
 * unescapeActiveValue('active:b%2Bx%40y'); // 'active:b+x@y'
 */
export function unescapeActiveValue(value: string, identifier: string = value): string {
  const decoded = tryUnescape(value);
  if (decoded === null) {
    throw new RocError('ROC_ERR_IDENTIFIER', { identifier, reason: `malformed %-escape in value "${value}"` });
  }
  return decoded;
}

/** Like {@link unescapeActiveValue} but `null` instead of throwing: grammars must not throw on a non-match. */
export function tryUnescape(value: string): string | null {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * Read the `+name@value` pairs of `identifier` from index `from` (which holds `+`, or is the
 * end). Returns the unescaped pairs, or the reason the text is malformed. Splits a pair at
 * its first `@`, so an unescaped `@` inside a value is tolerated; `build` always escapes it.
 */
export function scanActiveArguments(identifier: string, from: number): GrammarArgument[] | string {
  const args: GrammarArgument[] = [];
  const end = identifier.length;
  let pos = from;
  while (pos < end) {
    const next = identifier.indexOf('+', pos + 1);
    const stop = next === -1 ? end : next;
    let at = pos + 1;
    while (at < stop && identifier.charCodeAt(at) !== 64 /* @ */) at++;
    if (at === stop) return `argument "${identifier.slice(pos + 1, stop)}" has no "@value"`;
    if (at === pos + 1) return `argument at position ${pos} has an empty name`;
    const raw = identifier.slice(at + 1, stop);
    const value = tryUnescape(raw);
    if (value === null) return `malformed %-escape in value "${raw}"`;
    args.push([identifier.slice(pos + 1, at), value]);
    pos = stop;
  }
  return args;
}

/**
 * Split an active URI into its base (`active:name`) and unescaped arguments, in identifier
 * order. Returns `null` when `identifier` does not start with `active:`; throws RocError
 * ROC_ERR_IDENTIFIER when it does but is malformed (empty name, an argument without `@`,
 * an empty argument name, a bad `%` escape).
 *
 * @example
 * parseActiveURI('active:a+op@active:b%2Bx%40y');
 * // { base: 'active:a', args: [['op', 'active:b+x@y']] }
 */
export function parseActiveURI(identifier: string): { base: string; args: ArgumentList } | null {
  if (!identifier.startsWith(ACTIVE_SCHEME)) return null;
  const plus = identifier.indexOf('+', ACTIVE_SCHEME.length);
  const baseEnd = plus === -1 ? identifier.length : plus;
  if (baseEnd === ACTIVE_SCHEME.length) {
    throw new RocError('ROC_ERR_IDENTIFIER', { identifier, reason: 'the active URI has an empty name after "active:"' });
  }
  const args = scanActiveArguments(identifier, baseEnd);
  if (typeof args === 'string') throw new RocError('ROC_ERR_IDENTIFIER', { identifier, reason: args });
  return { base: identifier.slice(0, baseEnd), args };
}

/**
 * Append `+name@value` pairs to `identifier`, escaping each value with
 * {@link escapeActiveValue}. Names are written verbatim, so an empty name or one holding
 * `+` or `@` (which could not be read back) throws RocError ROC_ERR_ARGUMENT.
 *
 * @example
 * appendActiveArguments('active:xslt', [['operator', 'res:/a.xsl'], ['x', '1+1']]);
 * // 'active:xslt+operator@res:/a.xsl+x@1%2B1'
 */
export function appendActiveArguments(identifier: string, args: ArgumentList): string {
  let out = identifier;
  for (const [name, value] of args) {
    const bad = checkActiveArgumentName(name);
    if (bad !== null) throw argumentError(identifier, bad);
    out += '+' + name + '@' + escapeActiveValue(value);
  }
  return out;
}

/** Why `name` cannot be an active argument name, or `null` when it can. */
export function checkActiveArgumentName(name: string): string | null {
  if (name === '') return 'an argument name is empty';
  if (name.includes('+') || name.includes('@')) return `argument name "${name}" contains "+" or "@"`;
  return null;
}
