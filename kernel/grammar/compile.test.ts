import { describe, expect, it } from 'vitest';
import { compileGrammar } from './compile.ts';
import type { GrammarSpec } from './grammar.ts';
import * as grammar from './index.ts';
import { expectRocError } from './testing.ts';

describe('compileGrammar', () => {
  it('compiles a bare string to an exact grammar', () => {
    const g = compileGrammar('res:/hello');
    expect([g.kind, g.source]).toEqual(['exact', 'res:/hello']);
  });

  it.each([
    [{ exact: 'res:/x' }, 'exact', grammar.ExactGrammar],
    [{ simple: 'res:/x/{id}' }, 'simple', grammar.SimpleGrammar],
    [{ active: { identifier: 'active:x' } }, 'active', grammar.ActiveGrammar],
    [{ standard: ['res:/x'] }, 'standard', grammar.StandardGrammar],
  ] as const)('compiles %j to a %s grammar', (spec, kind, type) => {
    const g = compileGrammar(spec);
    expect(g.kind).toBe(kind);
    expect(g).toBeInstanceOf(type);
  });

  it.each([
    [null, 'a grammar is a string or an object'],
    [{}, 'got none'],
    [{ exact: 'a', simple: 'b' }, 'got exact, simple'],
    [{ regex: 'x' }, 'unknown grammar kind "regex"'],
  ])('refuses %j with ROC_ERR_GRAMMAR', (spec, reason) => {
    expectRocError(() => compileGrammar(spec as unknown as GrammarSpec), 'ROC_ERR_GRAMMAR', reason);
  });

  it('exposes the public pieces from index.ts', () => {
    expect(Object.keys(grammar).sort()).toEqual(
      [
        'ACTIVE_SCHEME',
        'ActiveGrammar',
        'ExactGrammar',
        'MAX_INTERLEAVE',
        'REGEX_TYPES',
        'SimpleGrammar',
        'StandardGrammar',
        'appendActiveArguments',
        'checkActiveArguments',
        'compileGrammar',
        'escapeActiveValue',
        'parseActiveURI',
        'unescapeActiveValue',
      ].sort(),
    );
  });
});
