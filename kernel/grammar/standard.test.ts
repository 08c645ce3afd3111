import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommonCases } from './common.case.ts';
import { compileGrammar } from './compile.ts';
import type { GrammarArgument, StandardNode, StandardRegexType } from './grammar.ts';
import { REGEX_TYPES } from './standard-compile.ts';
import { StandardGrammar } from './standard.ts';
import { activeValue, expectRocError } from './testing.ts';
import { escapeActiveValue, parseActiveURI, unescapeActiveValue } from './active-uri.ts';

runCommonCases('standard');

const standard = (...nodes: StandardNode[]) => compileGrammar({ standard: nodes });
const typed = (name: string, regexType: StandardRegexType, extra: { min?: number; max?: number | 'unbounded' } = {}) => ({
  group: [{ regexType }],
  name,
  ...extra,
});

/** NetKernel's data: scheme grammar (layer1), in plain-data form. */
const dataScheme = standard({
  group: [
    '\n  data:\n  ',
    {
      group: [
        { group: [{ regexType: 'nmtoken' }, '/', { regexType: 'nmtoken' }], name: 'mimetype' },
        { group: [';charset=', typed('charset', 'nmtoken')], min: 0 },
      ],
      min: 0,
    },
    { group: [';base64'], min: 0, name: 'encoding' },
    ',',
    typed('data', 'anything'),
  ],
});

describe('standard grammar: NetKernel examples', () => {
  it('parses and builds data: URIs, with whitespace around literals ignored', () => {
    expect(dataScheme).toBeInstanceOf(StandardGrammar);
    expect(dataScheme.prefix).toBe('data:');
    expect(dataScheme.argumentNames).toEqual(['mimetype', 'charset', 'encoding', 'data']);
    expect(dataScheme.parse('data:text/plain;charset=utf-8;base64,SGk=')).toEqual([
      ['mimetype', 'text/plain'],
      ['charset', 'utf-8'],
      ['encoding', ';base64'],
      ['data', 'SGk='],
    ]);
    expect(dataScheme.parse('data:,Hello, world')).toEqual([['data', 'Hello, world']]);
    expect(dataScheme.parse('data:text;x,y')).toBeNull();
    expect(dataScheme.build({ mimetype: 'text/plain', data: 'Hi' })).toBe('data:text/plain,Hi');
    expect(dataScheme.build({ data: 'Hi', charset: 'utf-8', mimetype: 'text/plain' })).toBe('data:text/plain;charset=utf-8,Hi');
  });

  it('parses httpRequest:/<type> and keeps the literal prefix', () => {
    const g = standard({ group: ['httpRequest:/', typed('type', 'path-segment')] });
    expect(g.prefix).toBe('httpRequest:/');
    expect(g.parse('httpRequest:/method')).toEqual([['type', 'method']]);
    expect(g.parse('httpRequest:/a/b')).toBeNull();
    expect(g.source).toBe('<group>httpRequest:/<group name="type"><regex type="path-segment"/></group></group>');
  });

  it('takes the literal start of a bare regex as prefix, and refuses to build it', () => {
    const g = standard({ regex: 'res:/algorithmtest/(naive|extrinsic)/(15|20|25)' });
    expect(g.prefix).toBe('res:/algorithmtest/');
    expect(g.parse('res:/algorithmtest/naive/20')).toEqual([]);
    expect(g.parse('res:/algorithmtest/naive/21')).toBeNull();
    expectRocError(() => g.build({}), 'ROC_ERR_ARGUMENT', 'cannot build <regex>res:/algorithmtest/');
    expect(standard({ regex: 'ab?c' }).prefix).toBe('a');
    expect(standard({ regex: 'ab|cd' }).prefix).toBe('');
  });

  it('builds an unnamed regex that may be empty as nothing', () => {
    const g = standard('res:/etc/system', { regexType: 'anything' });
    expect(g.parse('res:/etc/system/x')).toEqual([]);
    expect(g.build({})).toBe('res:/etc/system');
  });
});

describe('standard grammar: regex types', () => {
  const samples: Record<StandardRegexType, [matches: string[], rejects: string[]]> = {
    anything: [['', 'a b\nc/+@'], []],
    integer: [['0', '42', '-7', '+3'], ['', '1.5', 'a', '1-']],
    alphanum: [['abc', 'A1'], ['', 'a-b', 'a b', 'é']],
    'path-segment': [['a', 'a.b c'], ['', 'a/b']],
    path: [['a/b/c', '/x'], ['', 'a?b', 'a#b']],
    nmtoken: [['text', 'a.b-c_d:e', 'été'], ['', 'a/b', 'a b', 'a;b', 'a,b']],
    'active-escaped-uri-loose': [['res:/a/b', 'active:b%2Bx%40y'], ['', 'a+b', 'a@b', 'a b']],
    uri: [['res:/a', 'http://x.org/p?q#f', 'urn:a:b'], ['', '/a', '1a:b', 'a b:c']],
  };
  it.each(Object.entries(samples))('%s', (type, [good, bad]) => {
    const g = standard('<', typed('v', type as StandardRegexType, { min: 0 }), '>');
    for (const s of good) expect(g.parse(`<${s}>`), s).toEqual(s === '' ? [] : [['v', s]]);
    for (const s of bad) if (s !== '') expect(g.parse(`<${s}>`), s).toBeNull();
    expect(Object.keys(REGEX_TYPES)).toContain(type);
  });
});

describe('standard grammar: structure', () => {
  it('captures a repeated named group as one argument', () => {
    const g = standard('n:', { group: [{ regex: '[a-z]' }], name: 'letters', min: 2, max: 3 });
    expect(g.parse('n:ab')).toEqual([['letters', 'ab']]);
    expect(g.parse('n:a')).toBeNull();
    expect(g.parse('n:abcd')).toBeNull();
    expect(g.build({ letters: 'xyz' })).toBe('n:xyz');
    expectRocError(() => g.build({ letters: 'wxyz' }), 'ROC_ERR_ARGUMENT', '"letters"', 'does not match');
  });

  it('emits optional parts only when one of their arguments is supplied', () => {
    const g = standard('res:/u/', typed('id', 'integer'), { optional: ['/posts/', typed('post', 'path-segment')] });
    expect(g.build({ id: '1' })).toBe('res:/u/1');
    expect(g.build({ id: '1', post: 'p' })).toBe('res:/u/1/posts/p');
    expect(g.parse('res:/u/1/posts/p')).toEqual([['id', '1'], ['post', 'p']]);
  });

  it('builds the first choice branch that uses the supplied arguments', () => {
    const g = standard('x:', { choice: ['none', { group: ['id/', typed('id', 'integer')] }, { group: ['name/', typed('name', 'alphanum')] }] });
    expect(g.build({})).toBe('x:none');
    expect(g.build({ id: '4' })).toBe('x:id/4');
    expect(g.build({ name: 'bob' })).toBe('x:name/bob');
    expectRocError(() => g.build({ id: '4', name: 'bob' }), 'ROC_ERR_ARGUMENT', 'x:', '"name"');
  });

  it('builds interleaved parts in declared order and parses any order', () => {
    const g = standard('q?', { interleave: [{ group: ['a=', typed('a', 'integer'), ';'] }, { group: ['b=', typed('b', 'integer'), ';'] }, 'c;'] });
    expect(g.build({ b: '2', a: '1' })).toBe('q?a=1;b=2;c;');
    expect(g.parse('q?c;b=2;a=1;')).toEqual([['b', '2'], ['a', '1']]);
  });

  it.each([
    [{ id: 'x' }, 'value "x" of "id" does not match'],
    [{}, 'missing argument "id"'],
    [{ id: '1', other: '2' }, 'unknown argument "other"'],
    [{ id: ['1', '2'] }, 'argument "id" is given more times than the grammar uses it'],
  ] as const)('refuses to build %j with ROC_ERR_ARGUMENT', (args, reason) => {
    const g = standard('res:/u/', typed('id', 'integer'));
    const error = expectRocError(() => g.build(args), 'ROC_ERR_ARGUMENT', reason);
    expect(error.details.identifier).toBe(g.source);
  });

  it('refuses to build values that would parse back differently', () => {
    const g = standard(typed('a', 'anything'), typed('b', 'anything'));
    expectRocError(() => g.build({ a: 'x', b: 'y' }), 'ROC_ERR_ARGUMENT', '"xy"', 'does not parse back');
  });
});

describe('standard grammar: bad definitions', () => {
  const six = Array.from({ length: 6 }, (_, i) => String(i));
  it.each([
    [[], '<standard/>', 'at least one node'],
    [[{ regexType: 'decimal' as StandardRegexType }], '<regex type="decimal"/>', 'unknown regex type "decimal"'],
    [['a', { regex: '(x' }], '<regex>(x</regex>', 'grammar child 2: <regex>(x</regex> does not compile'],
    [[{ regex: '' }], '<regex></regex>', 'the regex is empty'],
    [[{ regex: '(a)\\1' }], '<regex>(a)\\1</regex>', 'numbered back-reference'],
    [[{ group: ['x'], name: 'g', min: 3, max: 2 }], '<group name="g" min="3" max="2">', '<group name="g"> min 3 exceeds max 2'],
    [[{ group: ['x'], max: 0 }], '<group max="0">', 'max 0'],
    [[{ group: ['x'], name: '' }], '<group name="">', 'a group name is empty'],
    [[{ interleave: six }], '<interleave>012345</interleave>', '<interleave> has 6 children; at most 5'],
    [[{ choice: [] }], '<choice></choice>', '<choice> has no branches'],
    [['a', 42 as unknown as StandardNode], '<?42?>', 'grammar child 2 is not a grammar node'],
    [[{ bogus: [] } as unknown as StandardNode], '<?{"bogus":[]}?>', 'is not a grammar node'],
  ])('refuses %j with ROC_ERR_GRAMMAR', (nodes, grammar, reason) => {
    const error = expectRocError(() => compileGrammar({ standard: nodes as StandardNode[] }), 'ROC_ERR_GRAMMAR', grammar, reason);
    expect(String(error.details.grammar)).toContain(grammar);
  });
});

describe('standard grammar: properties', () => {
  const g = standard(
    'res:/u/',
    typed('id', 'integer'),
    { optional: ['/posts/', { group: [{ regex: '[^/?.]+' }], name: 'post' }] },
    { choice: [{ group: ['.', typed('ext', 'alphanum')] }, ''] },
    { optional: ['?q=', typed('q', 'anything')] },
  );
  const segment = fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }).filter((s) => !/[/?.]/.test(s));
  const args = fc
    .record(
      {
        id: fc.integer().map(String),
        post: segment,
        ext: fc.stringMatching(/^[A-Za-z0-9]{1,5}$/),
        q: fc.string({ maxLength: 10, unit: 'grapheme' }),
      },
      { requiredKeys: ['id'] },
    )
    .map((r) => (['id', 'post', 'ext', 'q'] as const).flatMap((k): GrammarArgument[] => (r[k] === undefined ? [] : [[k, r[k]]])));

  it('parse(build(args)) deep-equals args', () => {
    fc.assert(
      fc.property(args, (list) => {
        expect(g.parse(g.build(list))).toEqual(list);
      }),
    );
  });

  it('build(parse(x)) === x for every canonical identifier x', () => {
    fc.assert(
      fc.property(args, (list) => {
        const x = g.build(list);
        expect(g.build(g.parse(x)!)).toBe(x);
      }),
    );
  });

  it('carries escaped active values, nested active URIs included, through interleaved groups', () => {
    const pair = standard('active:pair', {
      interleave: [
        { group: ['+a@', typed('a', 'active-escaped-uri-loose')] },
        { group: ['+b@', typed('b', 'active-escaped-uri-loose')] },
      ],
    });
    const escaped = activeValue.map(escapeActiveValue).filter((v) => v !== '');
    fc.assert(
      fc.property(escaped, escaped, (a, b) => {
        const x = pair.build({ a, b });
        expect(pair.parse(x)).toEqual([['a', a], ['b', b]]);
        expect(pair.build(pair.parse(x)!)).toBe(x);
        expect(parseActiveURI(x)?.args).toEqual([['a', unescapeActiveValue(a)], ['b', unescapeActiveValue(b)]]);
      }),
    );
  });
});
