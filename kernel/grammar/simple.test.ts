import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRocError } from '../errors.ts';
import { runCommonCases } from './common.case.ts';
import { compileGrammar } from './compile.ts';
import type { GrammarArgument } from './grammar.ts';
import { expectRocError, trickyString } from './testing.ts';

runCommonCases('simple');

describe('simple grammar: matching', () => {
  it('stops a variable at the leftmost occurrence of the literal after it', () => {
    const g = compileGrammar({ simple: 'res:/owners/{o}/pets/{p}' });
    expect(g.parse('res:/owners/a/pets/b/pets/c')).toEqual([['o', 'a'], ['p', 'b/pets/c']]);
  });

  it('does not look past the leftmost occurrence, even when a later one would match', () => {
    const g = compileGrammar({ simple: 'res:/{file}.png' });
    expect(g.parse('res:/a.png')).toEqual([['file', 'a']]);
    expect(g.parse('res:/a.png.png')).toBeNull();
  });

  it('needs the regex of a constrained variable to match the whole capture', () => {
    const g = compileGrammar({ simple: 'res:/{code:[a-z]{2}}/{rest}' });
    expect(g.parse('res:/ab/x/y')).toEqual([['code', 'ab'], ['rest', 'x/y']]);
    expect(g.parse('res:/abc/x')).toBeNull();
    expect(g.parse('res:/a/x')).toBeNull();
  });

  it('reports its prefix, source and argument names', () => {
    const g = compileGrammar({ simple: 'res:/owners/{ownerId}/pets/{petId}' });
    expect([g.prefix, g.source, g.argumentNames]).toEqual(['res:/owners/', 'res:/owners/{ownerId}/pets/{petId}', ['ownerId', 'petId']]);
    expect(compileGrammar({ simple: '{a}/x' }).prefix).toBe('');
    expect(compileGrammar({ simple: 'res:/plain' }).parse('res:/plain')).toEqual([]);
  });

  it('accepts braces, classes and escapes inside a regex', () => {
    const g = compileGrammar({ simple: 'x/{v:[}{]\\}?}/y' });
    expect(g.parse('x/}}/y')).toEqual([['v', '}}']]);
    expect(g.parse('x/{/y')).toEqual([['v', '{']]);
  });
});

describe('simple grammar: bad definitions', () => {
  it.each([
    ['', 'non-empty template'],
    ['res:/{a', '"{" at position 5 is not closed'],
    ['res:/{a:[0-9]+', '"{" of variable "a" at position 5 is not closed'],
    ['res:/{a{b}}', '"{" at position 5 is not closed'],
    ['res:/a}', '"}" at position 6 has no matching "{"'],
    ['res:/{}', 'empty variable name at position 5'],
    ['res:/{:x}', 'empty variable name at position 5'],
    ['res:/{a b}', 'variable name "a b" at position 5'],
    ['res:/{a}/{a}', 'duplicate variable name "a" at position 9'],
    ['res:/{a}{b}', 'variables "a" and the one at position 8 are adjacent'],
    ['res:/{a:(x}', 'regex of variable "a" at position 5 does not compile'],
    ['res:/{a:}', 'variable "a" at position 5 has an empty regex'],
  ])('refuses %j with ROC_ERR_GRAMMAR: %s', (template, reason) => {
    const error = expectRocError(() => compileGrammar({ simple: template }), 'ROC_ERR_GRAMMAR', reason);
    if (template !== '') {
      expect(error.details.grammar).toBe(template);
      expect(error.message).toContain(template);
    }
  });
});

describe('simple grammar: build', () => {
  const g = compileGrammar({ simple: 'res:/owners/{ownerId}/pets/{petId:[a-z]+}' });

  it('substitutes values, from a record or a list', () => {
    expect(g.build({ ownerId: '7', petId: 'rex' })).toBe('res:/owners/7/pets/rex');
    expect(g.build([['petId', 'rex'], ['ownerId', 'a/b']])).toBe('res:/owners/a/b/pets/rex');
  });

  it.each([
    [{ petId: 'rex' }, 'missing argument "ownerId"'],
    [[['ownerId', '1'], ['ownerId', '2'], ['petId', 'rex']], 'argument "ownerId" is given more than once'],
    [{ ownerId: '1', petId: 'rex', x: '1' }, 'unknown argument "x"'],
    [{ ownerId: '', petId: 'rex' }, 'argument "ownerId" is empty'],
    [{ ownerId: 'a/pets/b', petId: 'rex' }, '"ownerId" contains the literal "/pets/"'],
    [{ ownerId: '1', petId: 'Rex' }, 'value "Rex" of "petId" does not match'],
    [{ ownerId: '1', petId: ['a', 'b'] }, 'argument "petId" is given more than once'],
  ] as const)('refuses %j with ROC_ERR_ARGUMENT: %s', (args, reason) => {
    const error = expectRocError(() => g.build(args), 'ROC_ERR_ARGUMENT', reason);
    expect(error.details.identifier).toBe(g.source);
  });

  it('refuses a value that would start the literal inside itself', () => {
    expectRocError(() => compileGrammar({ simple: '{a}--{b}' }).build({ a: 'x-', b: 'y' }), 'ROC_ERR_ARGUMENT', '"a"');
  });
});

describe('simple grammar: properties', () => {
  const templates = ['res:/a/{x}/b/{y}', '{x}.{y}', 'p:{x}--{y}:{z}', 'res:/{x}/pets/{y:[a-z/]+}', 'r:{x}aa{y}'];

  it('never builds an identifier that parses to other arguments; parse(build(args)) equals args', () => {
    fc.assert(
      fc.property(fc.constantFrom(...templates), fc.array(trickyString, { minLength: 3, maxLength: 3 }), (template, values) => {
        const g = compileGrammar({ simple: template });
        const args: GrammarArgument[] = g.argumentNames.map((name, i) => [name, values[i]!]);
        let built: string;
        try {
          built = g.build(args);
        } catch (e) {
          expect(isRocError(e, 'ROC_ERR_ARGUMENT')).toBe(true);
          return;
        }
        expect(g.parse(built)).toEqual(args);
        expect(g.build(g.parse(built)!)).toBe(built);
      }),
    );
  });

  it('builds every non-empty value that holds none of the following literal', () => {
    const g = compileGrammar({ simple: 'res:/a/{x}/b/{y}' });
    const value = trickyString.filter((s) => s !== '' && !s.includes('/b/') && !s.endsWith('/b') && !s.endsWith('/'));
    fc.assert(
      fc.property(value, trickyString.filter((s) => s !== ''), (x, y) => {
        const built = g.build({ x, y });
        expect(built).toBe(`res:/a/${x}/b/${y}`);
        expect(g.parse(built)).toEqual([['x', x], ['y', y]]);
      }),
    );
  });
});
