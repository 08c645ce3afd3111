import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommonCases } from './common.case.ts';
import { expectRocError } from './testing.ts';
import { compileGrammar } from './compile.ts';
import { ExactGrammar } from './exact.ts';

runCommonCases('exact');

describe('exact grammar', () => {
  it('has the whole identifier as prefix and source, and no argument names', () => {
    const g = compileGrammar({ exact: 'res:/hello' });
    expect(g).toBeInstanceOf(ExactGrammar);
    expect([g.prefix, g.source, g.argumentNames]).toEqual(['res:/hello', 'res:/hello', []]);
  });

  it('refuses an empty identifier with ROC_ERR_GRAMMAR', () => {
    expectRocError(() => compileGrammar(''), 'ROC_ERR_GRAMMAR', '""', 'non-empty');
    expectRocError(() => compileGrammar({ exact: '' }), 'ROC_ERR_GRAMMAR', '""');
  });

  it('builds only without arguments, naming the argument it refuses', () => {
    const g = compileGrammar('res:/hello');
    expect(g.build({})).toBe('res:/hello');
    expect(g.build([])).toBe('res:/hello');
    const error = expectRocError(() => g.build({ id: '1' }), 'ROC_ERR_ARGUMENT', 'res:/hello', '"id"');
    expect(error.details.identifier).toBe('res:/hello');
  });

  it('matches its own identifier and nothing else (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (identifier, other) => {
        const g = compileGrammar(identifier);
        expect(g.parse(identifier)).toEqual([]);
        expect(g.build(g.parse(identifier) ?? [])).toBe(identifier);
        expect(g.parse(other)).toBe(other === identifier ? g.parse(identifier) : null);
      }),
    );
  });
});
