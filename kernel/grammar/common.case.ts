/**
 * One case table every grammar kind runs (after Hono's router/common.case.test.ts). A case
 * gives, per kind, the grammar that expresses it, or a skip with the reason the kind cannot;
 * then identifiers with the arguments they must parse to, or `null` for no match. Each
 * `<kind>.test.ts` calls {@link runCommonCases}.
 */
import { describe, expect, it } from 'vitest';
import { compileGrammar } from './compile.ts';
import type { ArgumentList, GrammarKind, GrammarSpec } from './grammar.ts';

interface Skip {
  readonly skip: string;
}
type Expectation = readonly [identifier: string, args: ArgumentList | null];
interface CommonCase {
  readonly title: string;
  readonly grammars: { readonly [K in GrammarKind]: GrammarSpec | Skip };
  readonly expect: readonly Expectation[];
}

const NO_ARGS = 'an exact grammar has no arguments';
const ESCAPED = 'values here are %-escaped active values; only the active grammar unescapes them';
const segment = (name: string) => ({ group: [{ regexType: 'path-segment' as const }], name });
const escapedValue = (name: string) => ({ group: [{ regexType: 'active-escaped-uri-loose' as const }], name });

export const COMMON_CASES: readonly CommonCase[] = [
  {
    title: 'a fixed identifier',
    grammars: {
      exact: 'res:/hello',
      simple: { simple: 'res:/hello' },
      active: { active: { identifier: 'res:/hello' } },
      standard: { standard: ['res:/hello'] },
    },
    expect: [
      ['res:/hello', []],
      ['res:/hello/', null],
      ['res:/hell', null],
      ['RES:/hello', null],
      ['', null],
      ['res:/hello+a@b', null],
    ],
  },
  {
    title: 'a trailing variable takes the rest, slashes included',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { simple: 'res:/owners/{ownerId}' },
      active: { skip: 'active arguments are +name@value pairs, not path text' },
      standard: { standard: ['res:/owners/', { group: [{ regex: '[\\s\\S]+' }], name: 'ownerId' }] },
    },
    expect: [
      ['res:/owners/42', [['ownerId', '42']]],
      ['res:/owners/a/b/c', [['ownerId', 'a/b/c']]],
      ['res:/owners/a b+c@d%20', [['ownerId', 'a b+c@d%20']]],
      ['res:/owners/', null],
      ['res:/owners', null],
      ['res:/owner/42', null],
    ],
  },
  {
    title: 'two variables separated by literal text',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { simple: 'res:/owners/{ownerId}/pets/{petId}' },
      active: { skip: 'active arguments are +name@value pairs, not path text' },
      standard: { standard: ['res:/owners/', segment('ownerId'), '/pets/', segment('petId')] },
    },
    expect: [
      ['res:/owners/7/pets/rex', [['ownerId', '7'], ['petId', 'rex']]],
      ['res:/owners/7/pets/', null],
      ['res:/owners//pets/rex', null],
      ['res:/owners/7/cats/rex', null],
      ['res:/owners/7', null],
    ],
  },
  {
    title: 'a variable constrained by a regex',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { simple: 'res:/items/{id:[0-9]+}' },
      active: { skip: 'active argument values are not constrained by a regex' },
      standard: { standard: ['res:/items/', { group: [{ regex: '[0-9]+' }], name: 'id' }] },
    },
    expect: [
      ['res:/items/12', [['id', '12']]],
      ['res:/items/12a', null],
      ['res:/items/a12', null],
      ['res:/items/', null],
    ],
  },
  {
    title: 'several variables and an alternation, no literal prefix',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { simple: '{owner}/{id}.{extension:(rdf|ttl)}' },
      active: { skip: 'an active grammar has a literal base identifier' },
      standard: {
        standard: [segment('owner'), '/', { group: [{ regex: '[^/.]+' }], name: 'id' }, '.', { group: [{ choice: ['rdf', 'ttl'] }], name: 'extension' }],
      },
    },
    expect: [
      ['me/x.rdf', [['owner', 'me'], ['id', 'x'], ['extension', 'rdf']]],
      ['me/x.ttl', [['owner', 'me'], ['id', 'x'], ['extension', 'ttl']]],
      ['me/x.json', null],
      ['me/x.', null],
      ['me/.rdf', null],
    ],
  },
  {
    title: 'one of a fixed set of words',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { simple: 'res:/algo/{algo:naive|extrinsic}' },
      active: { skip: 'an active grammar cannot restrict a value to a set of words' },
      standard: { standard: ['res:/algo/', { group: [{ choice: ['naive', 'extrinsic'] }], name: 'algo' }] },
    },
    expect: [
      ['res:/algo/naive', [['algo', 'naive']]],
      ['res:/algo/extrinsic', [['algo', 'extrinsic']]],
      ['res:/algo/naivex', null],
      ['res:/algo/', null],
    ],
  },
  {
    title: 'an optional literal tail',
    grammars: {
      exact: { skip: 'an exact grammar matches one identifier' },
      simple: { skip: 'a simple template has no optional parts' },
      active: { skip: 'an active grammar has a literal base identifier' },
      standard: { standard: ['res:/nk4um/', { optional: ['index'] }] },
    },
    expect: [
      ['res:/nk4um/', []],
      ['res:/nk4um/index', []],
      ['res:/nk4um/other', null],
    ],
  },
  {
    title: 'a required active argument, values unescaped and nested',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { skip: ESCAPED },
      active: { active: { identifier: 'active:greet', arguments: [{ name: 'name' }] } },
      standard: { skip: ESCAPED },
    },
    expect: [
      ['active:greet+name@world', [['name', 'world']]],
      ['active:greet+name@res:/a/b', [['name', 'res:/a/b']]],
      ['active:greet+name@a%2Bb%40c%25%20', [['name', 'a+b@c% ']]],
      ['active:greet+name@active:b%2Bx%40y', [['name', 'active:b+x@y']]],
      ['active:greet', null],
      ['active:greet+name@a+name@b', null],
      ['active:greet+other@x', null],
      ['active:greeting+name@x', null],
      ['active:greet+name', null],
      ['active:greet+name@%zz', null],
    ],
  },
  {
    title: 'optional and repeated active arguments',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { skip: ESCAPED },
      active: {
        active: {
          identifier: 'active:sql',
          arguments: [{ name: 'query' }, { name: 'param', min: 0, max: 'unbounded' }, { name: 'accept', min: 0, max: 1 }],
        },
      },
      standard: { skip: 'a standard group repeats as one argument, not one per occurrence' },
    },
    expect: [
      ['active:sql+query@q', [['query', 'q']]],
      ['active:sql+query@q+param@1+param@2', [['query', 'q'], ['param', '1'], ['param', '2']]],
      ['active:sql+param@1+query@q+accept@json', [['param', '1'], ['query', 'q'], ['accept', 'json']]],
      ['active:sql+query@q+accept@a+accept@b', null],
      ['active:sql+param@1', null],
    ],
  },
  {
    title: 'varargs accept unknown argument names',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { skip: ESCAPED },
      active: { active: { identifier: 'active:xslt', arguments: [{ name: 'operator' }], varargs: true } },
      standard: { skip: 'a standard grammar names every argument it captures' },
    },
    expect: [
      ['active:xslt+operator@res:/a.xsl+x@1+y@2', [['operator', 'res:/a.xsl'], ['x', '1'], ['y', '2']]],
      ['active:xslt+x@1+operator@o', [['x', '1'], ['operator', 'o']]],
      ['active:xslt+x@1', null],
      ['active:xsltx+operator@a', null],
    ],
  },
  {
    title: 'arguments in any order',
    grammars: {
      exact: { skip: NO_ARGS },
      simple: { skip: 'a simple template fixes the order of its variables' },
      active: { active: { identifier: 'active:pair', arguments: [{ name: 'a' }, { name: 'b' }] } },
      standard: {
        standard: ['active:pair', { interleave: [{ group: ['+a@', escapedValue('a')] }, { group: ['+b@', escapedValue('b')] }] }],
      },
    },
    expect: [
      ['active:pair+a@1+b@2', [['a', '1'], ['b', '2']]],
      ['active:pair+b@2+a@1', [['b', '2'], ['a', '1']]],
      ['active:pair+a@1', null],
      ['active:pair+a@1+a@2', null],
      ['active:pair+a@1+b@2+c@3', null],
    ],
  },
];

function isSkip(spec: GrammarSpec | Skip): spec is Skip {
  return typeof spec === 'object' && 'skip' in spec;
}

/** Arguments sorted by name (stable), for comparisons where only build's order differs. */
function byName(args: ArgumentList | null): ArgumentList | null {
  return args === null ? null : [...args].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/**
 * Register the common cases for one grammar kind: each expressible case checks every
 * expectation, that matches start with the grammar's prefix, and that building from the
 * parsed arguments gives an identifier that parses back to them.
 */
export function runCommonCases(kind: GrammarKind): void {
  describe(`${kind} grammar: common cases`, () => {
    for (const c of COMMON_CASES) {
      const spec = c.grammars[kind];
      if (isSkip(spec)) {
        it.skip(`${c.title} (not expressible: ${spec.skip})`, () => {});
        continue;
      }
      describe(c.title, () => {
        const grammar = compileGrammar(spec);
        it(`compiles to a ${kind} grammar`, () => {
          expect(grammar.kind).toBe(kind);
        });
        for (const [identifier, expected] of c.expect) {
          it(`${expected === null ? 'does not match' : 'parses'} ${JSON.stringify(identifier)}`, () => {
            const parsed = grammar.parse(identifier);
            expect(parsed).toEqual(expected);
            if (parsed === null) return;
            expect(identifier.startsWith(grammar.prefix)).toBe(true);
            expect(byName(grammar.parse(grammar.build(parsed)))).toEqual(byName(parsed));
          });
        }
      });
    }
  });
}
