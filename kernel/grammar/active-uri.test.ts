import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendActiveArguments, escapeActiveValue, parseActiveURI, unescapeActiveValue } from './active-uri.ts';
import { activeValue, argName, expectRocError, trickyString } from './testing.ts';
import type { GrammarArgument } from './grammar.ts';

describe('escapeActiveValue / unescapeActiveValue', () => {
  it('escapes %, +, @, whitespace and control characters and nothing else', () => {
    expect(escapeActiveValue('res:/a/b')).toBe('res:/a/b');
    expect(escapeActiveValue('active:b+x@y')).toBe('active:b%2Bx%40y');
    expect(escapeActiveValue('100% a\tb\nc')).toBe('100%25%20a%09b%0Ac');
    expect(escapeActiveValue('\u0000\u007f\u0085\u00a0\u2028')).toBe('%00%7F%C2%85%C2%A0%E2%80%A8');
    expect(escapeActiveValue('é/ü?x=1&y=2#f')).toBe('é/ü?x=1&y=2#f');
  });

  it('decodes %XX sequences, upper or lower case', () => {
    expect(unescapeActiveValue('active:b%2bx%40y')).toBe('active:b+x@y');
    expect(unescapeActiveValue('%C3%A9')).toBe('é');
    expect(unescapeActiveValue('plain')).toBe('plain');
  });

  it.each(['%', '%2', '%zz', 'a%G0', '%C3'])('refuses the malformed escape %j with ROC_ERR_IDENTIFIER', (value) => {
    const error = expectRocError(() => unescapeActiveValue(value, 'active:x+a@' + value), 'ROC_ERR_IDENTIFIER', 'active:x+a@' + value);
    expect(error.details.identifier).toBe('active:x+a@' + value);
  });

  it('round-trips any string, and the escaped form has no separators or bare %', () => {
    fc.assert(
      fc.property(trickyString, (s) => {
        const escaped = escapeActiveValue(s);
        expect(unescapeActiveValue(escaped)).toBe(s);
        expect(escaped).not.toMatch(/[+@\s\x00-\x1f\x7f-\x9f]|%(?![0-9A-F]{2})/);
      }),
    );
  });
});

describe('parseActiveURI', () => {
  it('returns null for identifiers that are not active URIs', () => {
    expect(parseActiveURI('res:/a')).toBeNull();
    expect(parseActiveURI('activex:a')).toBeNull();
    expect(parseActiveURI('')).toBeNull();
  });

  it('splits base and unescaped arguments in identifier order', () => {
    expect(parseActiveURI('active:a')).toEqual({ base: 'active:a', args: [] });
    expect(parseActiveURI('active:a+op@active:b%2Bx%40y')).toEqual({ base: 'active:a', args: [['op', 'active:b+x@y']] });
    expect(parseActiveURI('active:a+y@2+x@1+y@3')).toEqual({ base: 'active:a', args: [['y', '2'], ['x', '1'], ['y', '3']] });
    expect(parseActiveURI('active:a+x@')).toEqual({ base: 'active:a', args: [['x', '']] });
  });

  it.each([
    ['active:', 'empty name'],
    ['active:+a@b', 'empty name'],
    ['active:a+b', '"b" has no "@value"'],
    ['active:a+', 'has no "@value"'],
    ['active:a+@b', 'empty name'],
    ['active:a+x@1++y@2', 'has no "@value"'],
    ['active:a+x@%4', 'malformed %-escape'],
  ])('refuses %j with ROC_ERR_IDENTIFIER (%s)', (identifier, reason) => {
    const error = expectRocError(() => parseActiveURI(identifier), 'ROC_ERR_IDENTIFIER', identifier, reason);
    expect(error.details.identifier).toBe(identifier);
  });
});

describe('appendActiveArguments', () => {
  it('appends +name@value pairs with escaped values', () => {
    expect(appendActiveArguments('active:xslt', [['operator', 'res:/a.xsl'], ['x', '1+1']])).toBe('active:xslt+operator@res:/a.xsl+x@1%2B1');
    expect(appendActiveArguments('active:a', [['op', appendActiveArguments('active:b', [['x', 'y z']])]])).toBe('active:a+op@active:b%2Bx%40y%2520z');
    expect(appendActiveArguments('active:a', [])).toBe('active:a');
  });

  it.each(['', 'a+b', 'a@b'])('refuses the argument name %j with ROC_ERR_ARGUMENT', (name) => {
    expectRocError(() => appendActiveArguments('active:a', [[name, 'v']]), 'ROC_ERR_ARGUMENT', 'active:a');
  });

  it('parses back what it appends, nested active URIs included', () => {
    const args = fc.array(fc.tuple(argName, activeValue), { maxLength: 5 });
    fc.assert(
      fc.property(args, (list: GrammarArgument[]) => {
        expect(parseActiveURI(appendActiveArguments('active:outer', list))).toEqual({ base: 'active:outer', args: list });
      }),
    );
  });
});
