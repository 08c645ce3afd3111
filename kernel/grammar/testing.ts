/**
 * Test support shared by the grammar tests: an assertion for RocErrors and fast-check
 * arbitraries for values that need escaping. Not a test file itself.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { RocError, type RocErrorCode } from '../errors.ts';
import { appendActiveArguments } from './active-uri.ts';

/**
 * Run `fn` and assert it throws a RocError with `code` whose message contains every fragment
 * (the grammar, the variable, the position…). Returns the error for further checks.
 */
export function expectRocError(fn: () => unknown, code: RocErrorCode, ...fragments: string[]): RocError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RocError);
  const error = caught as RocError;
  expect(error.code).toBe(code);
  for (const f of fragments) expect(error.message).toContain(f);
  return error;
}

/** Strings rich in the characters escaping is about, plus arbitrary Unicode. */
export const trickyString = fc.oneof(
  fc.string({ unit: fc.constantFrom('%', '+', '@', ' ', '\t', '\n', '\u0000', '\u007f', '\u00a0', '\u2028', 'a', '/', ':', 'é', '😀', '2', 'B') }),
  fc.string({ unit: 'grapheme' }),
);

/** Argument names an active URI can carry: non-empty, without `+` or `@`. */
export const argName = fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', 'x', '-', '_', '1', '.', 'é') });

/** Active URIs with one or two arguments, to nest as values inside other active URIs. */
export const nestedActiveURI = fc
  .array(fc.tuple(argName, trickyString), { minLength: 1, maxLength: 2 })
  .map((args) => appendActiveArguments('active:inner', args));

/** A value for an active argument: tricky text or a nested active URI. */
export const activeValue = fc.oneof(trickyString, nestedActiveURI);
