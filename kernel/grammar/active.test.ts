import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActiveGrammar, checkActiveArguments } from './active.ts';
import { runCommonCases } from './common.case.ts';
import { compileGrammar } from './compile.ts';
import type { ActiveArgumentSpec, GrammarArgument } from './grammar.ts';
import { activeValue, argName, expectRocError } from './testing.ts';

runCommonCases('active');

const sql = compileGrammar({
  active: {
    identifier: 'active:sql',
    arguments: [{ name: 'query' }, { name: 'param', min: 0, max: 'unbounded' }, { name: 'accept', min: 0, max: 1 }],
  },
});

describe('active grammar: definition', () => {
  it('has its base identifier as prefix and a readable source', () => {
    expect(sql).toBeInstanceOf(ActiveGrammar);
    expect(sql.prefix).toBe('active:sql');
    expect(sql.source).toBe('active:sql(query, param*, accept?)');
    expect(sql.argumentNames).toEqual(['query', 'param', 'accept']);
    const other = compileGrammar({ active: { identifier: 'nk4um:sendmail', arguments: [{ name: 'to', min: 1, max: 3 }], varargs: true } });
    expect(other.source).toBe('nk4um:sendmail(to{1,3}, varargs)');
    expect(other.parse('nk4um:sendmail+to@a+to@b+cc@c')).toEqual([['to', 'a'], ['to', 'b'], ['cc', 'c']]);
  });

  it.each([
    [{ identifier: '' }, '""()', 'the identifier is empty'],
    [{ identifier: 'active:a+b' }, 'active:a+b()', 'contains "+"'],
    [{ identifier: 'active:x', arguments: [{ name: '' }] }, 'active:x()', 'argument 1: an argument name is empty'],
    [{ identifier: 'active:x', arguments: [{ name: 'a@b' }] }, 'active:x(a@b)', '"a@b" contains'],
    [{ identifier: 'active:x', arguments: [{ name: 'a' }, { name: 'a', min: 0 }] }, 'active:x(a, a?)', 'argument "a" is declared twice'],
    [{ identifier: 'active:x', arguments: [{ name: 'a', min: -1 }] }, 'active:x', 'argument "a": min -1'],
    [{ identifier: 'active:x', arguments: [{ name: 'a', min: 0.5 }] }, 'active:x', 'argument "a": min 0.5'],
    [{ identifier: 'active:x', arguments: [{ name: 'a', max: 0 }] }, 'active:x', 'argument "a": max 0'],
    [{ identifier: 'active:x', arguments: [{ name: 'a', min: 3, max: 2 }] }, 'active:x', 'argument "a": min 3 exceeds max 2'],
    [{ identifier: 'active:x', arguments: [{ name: 'a', max: 'lots' as 'unbounded' }] }, 'active:x', 'argument "a": max lots'],
  ] as const)('refuses %j with ROC_ERR_GRAMMAR', (spec, grammar, reason) => {
    const error = expectRocError(() => compileGrammar({ active: spec as { identifier: string; arguments?: ActiveArgumentSpec[] } }), 'ROC_ERR_GRAMMAR', grammar, reason);
    expect(String(error.details.grammar)).toContain(grammar);
  });

  it('reads min alone as min..max(min, 1)', () => {
    const g = compileGrammar({ active: { identifier: 'active:x', arguments: [{ name: 'a', min: 2 }] } });
    expect(g.parse('active:x+a@1+a@2')).toEqual([['a', '1'], ['a', '2']]);
    expect(g.parse('active:x+a@1')).toBeNull();
    expect(g.parse('active:x+a@1+a@2+a@3')).toBeNull();
  });
});

describe('active grammar: build', () => {
  it('writes the canonical form: declared order, repeated values in given order, escaped', () => {
    expect(sql.build([['accept', 'json'], ['param', 'p 1'], ['query', 'res:/q.sql'], ['param', 'p+2']])).toBe(
      'active:sql+query@res:/q.sql+param@p%201+param@p%2B2+accept@json',
    );
    expect(sql.build({ query: 'active:b+x@y', param: ['1', '2'] })).toBe('active:sql+query@active:b%2Bx%40y+param@1+param@2');
  });

  it('puts varargs after the declared arguments, in the order given', () => {
    const g = compileGrammar({ active: { identifier: 'active:xslt', arguments: [{ name: 'operator' }], varargs: true } });
    expect(g.build([['z', '1'], ['operator', 'o'], ['a', '2'], ['z', '3']])).toBe('active:xslt+operator@o+z@1+a@2+z@3');
  });

  it.each([
    [{ param: '1' }, 'missing argument "query"'],
    [{ query: 'q', accept: ['a', 'b'] }, 'argument "accept" is given 2 times, at most 1 allowed'],
    [{ query: 'q', other: 'x' }, 'unknown argument "other"'],
  ] as const)('refuses %j with ROC_ERR_ARGUMENT: %s', (args, reason) => {
    const error = expectRocError(() => sql.build(args), 'ROC_ERR_ARGUMENT', 'active:sql', reason);
    expect(error.details.reason).toBe(reason + (reason.startsWith('missing') ? ' (needs at least 1)' : ''));
  });

  it('refuses a vararg name that could not be read back', () => {
    const g = compileGrammar({ active: { identifier: 'active:v', varargs: true } });
    expectRocError(() => g.build({ 'a+b': '1' }), 'ROC_ERR_ARGUMENT', '"a+b"');
  });
});

describe('active grammar: explaining a non-match', () => {
  it.each([
    ['active:sql', 'ROC_ERR_ARGUMENT', 'missing argument "query"'],
    ['active:sql+query@a+query@b', 'ROC_ERR_ARGUMENT', 'argument "query" is given 2 times, at most 1 allowed'],
    ['active:sql+query@a+nope@b', 'ROC_ERR_ARGUMENT', 'unknown argument "nope"'],
    ['active:sql+query', 'ROC_ERR_IDENTIFIER', 'argument "query" has no "@value"'],
    ['active:sql+query@%xx', 'ROC_ERR_IDENTIFIER', 'malformed %-escape'],
  ] as const)('%s: %s %s', (identifier, code, reason) => {
    expect(sql.parse(identifier)).toBeNull();
    const error = checkActiveArguments(sql, identifier);
    expect(error?.code).toBe(code);
    expect(error?.details).toEqual({ identifier, reason: expect.stringContaining(reason) });
  });

  it('says nothing for a match, another base, or a grammar of another kind', () => {
    expect(checkActiveArguments(sql, 'active:sql+query@q')).toBeNull();
    expect(checkActiveArguments(sql, 'active:sqlx+query@q')).toBeNull();
    expect(checkActiveArguments(sql, 'res:/x')).toBeNull();
    expect(checkActiveArguments(compileGrammar('active:sql'), 'active:sql+a@b')).toBeNull();
  });
});

describe('active grammar: properties', () => {
  const declared = [{ name: 'one' }, { name: 'opt', min: 0, max: 1 }, { name: 'many', min: 0, max: 'unbounded' as const }];
  const grammar = compileGrammar({ active: { identifier: 'active:prop', arguments: declared, varargs: true } });
  const pair = (name: string) => activeValue.map((v): GrammarArgument => [name, v]);
  /** Arguments in canonical order: declared in declared order, then varargs. */
  const canonicalArgs = fc
    .tuple(
      pair('one'),
      fc.option(pair('opt'), { nil: undefined }),
      fc.array(pair('many'), { maxLength: 3 }),
      fc.array(fc.tuple(argName.filter((n) => !['one', 'opt', 'many'].includes(n)), activeValue), { maxLength: 3 }),
    )
    .map(([one, opt, many, varargs]) => [one, ...(opt === undefined ? [] : [opt]), ...many, ...(varargs as GrammarArgument[])]);

  it('parse(build(args)) deep-equals args, values needing escapes and nested active URIs included', () => {
    fc.assert(
      fc.property(canonicalArgs, (args) => {
        expect(grammar.parse(grammar.build(args))).toEqual(args);
      }),
    );
  });

  it('build(parse(x)) === x for every canonical identifier x', () => {
    fc.assert(
      fc.property(canonicalArgs, (args) => {
        const x = grammar.build(args);
        expect(grammar.build(grammar.parse(x)!)).toBe(x);
      }),
    );
  });

  it('any order of the same arguments builds the same canonical identifier', () => {
    fc.assert(
      fc.property(canonicalArgs.chain((args) => fc.tuple(fc.constant(args), fc.shuffledSubarray(args, { minLength: args.length }))), ([args, shuffled]) => {
        const varargsOf = (list: readonly GrammarArgument[]) => list.filter(([n]) => !['one', 'opt', 'many'].includes(n));
        // Varargs keep their given order, so only compare when the shuffle kept it.
        fc.pre(JSON.stringify(varargsOf(args)) === JSON.stringify(varargsOf(shuffled)));
        const many = (list: readonly GrammarArgument[]) => list.filter(([n]) => n === 'many');
        fc.pre(JSON.stringify(many(args)) === JSON.stringify(many(shuffled)));
        expect(grammar.build(shuffled)).toBe(grammar.build(args));
      }),
    );
  });
});
