import { describe, expect, it } from 'vitest';
import { RocError } from '../../../kernel/index.ts';
import { compareSpecificity, PathPattern } from './pattern.ts';

const seg = (path: string) => (path === '' ? [] : path.split('/'));
const match = (pattern: string, path: string) => PathPattern.compile(pattern).match(seg(path));

describe('REST path patterns', () => {
  it('matches Woomera patterns: literals, :variables, a trailing * and the root', () => {
    expect(match('~/user/:id', 'user/42')).toEqual({ id: '42' });
    expect(match('~/user/:id', 'user/42/x')).toBeUndefined();
    expect(match('~/demo/variable/:foo/bar/:baz', 'demo/variable/aaa/bar/')).toEqual({ foo: 'aaa', baz: '' });
    expect(match('~/files/*', 'files/a/b/c')).toEqual({ '*': 'a/b/c' });
    expect(match('~/files/*', 'files')).toEqual({ '*': '' });
    expect(match('~/', '')).toEqual({});
    expect(match('~/', '')).toEqual({});
    expect(PathPattern.compile('~/').match([''])).toEqual({});
    expect(match('~/foo/bar/', 'foo/bar')).toBeUndefined(); // a trailing slash is significant
  });

  it('matches optional segments, literal or variable', () => {
    expect(match('~/a/b?/c', 'a/c')).toEqual({});
    expect(match('~/a/b?/c', 'a/b/c')).toEqual({});
    expect(match('~/a/b?/c', 'a/x/c')).toBeUndefined();
    expect(match('~/page/:n?', 'page')).toEqual({});
    expect(match('~/page/:n?', 'page/3')).toEqual({ n: '3' });
  });

  it('matches NetKernel simple-grammar variables, constrained and inside a segment', () => {
    expect(match('dataset/{id}', 'dataset/kbo')).toEqual({ id: 'kbo' });
    expect(match('/n/{n:\\d+}', 'n/12')).toEqual({ n: '12' });
    expect(match('/n/{n:\\d+}', 'n/x')).toBeUndefined();
    expect(match('{owner}/{id}.{ext:(rdf|ttl|json)}', 'ada/7.ttl')).toEqual({ owner: 'ada', id: '7', ext: 'ttl' });
    expect(match('{owner}/{id}.{ext:(rdf|ttl|json)}', 'ada/7.txt')).toBeUndefined();
  });

  it('orders by specificity: literal, constrained, optional, variable, wildcard; longer first', () => {
    const sorted = ['~/*', '~/:x', '~/a?', '~/{n:\\d+}', '~/a', '~/a/b', '~/'].map((p) => PathPattern.compile(p)).sort(compareSpecificity).map((p) => p.source);
    expect(sorted).toEqual(['~/a/b', '~/a', '~/', '~/{n:\\d+}', '~/a?', '~/:x', '~/*']);
  });

  it('gives the same shape to patterns that match the same paths', () => {
    expect(PathPattern.compile('~/user/:id').shape).toBe(PathPattern.compile('user/{name}').shape);
    expect(PathPattern.compile('~/user/:id').shape).not.toBe(PathPattern.compile('~/users/:id').shape);
  });

  it('refuses patterns that cannot compile, saying why', () => {
    const cases: [string, RegExp][] = [
      ['~/a/*/b', /only be the last segment/],
      ['~/a*', /whole segment/],
      ['~/:', /not a valid variable name/],
      ['~/:1x', /not a valid variable name/],
      ['~/{id', /never closed/],
      ['~/id}', /without "\{"/],
      ['~/{n:(}', /not a valid regular expression/],
      ['~/:a/:a', /appears twice/],
      ['~//x', /empty segment/],
      ['~/a??', /query or fragment|more than one/],
      ['~/a?b', /query or fragment/],
      ['~/%zz', /malformed %-escape/],
      ['~/:wildcard', /reserved/],
      [' ~/a', /whitespace/],
    ];
    for (const [pattern, reason] of cases) {
      const error = (() => {
        try {
          PathPattern.compile(pattern);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, pattern).toBeInstanceOf(RocError);
      expect((error as RocError).code).toBe('ROC_ERR_GRAMMAR');
      expect((error as RocError).message, pattern).toMatch(reason);
    }
  });
});
