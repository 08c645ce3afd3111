import { describe, expect, it } from 'vitest';
import { cacheControl, freshUntil } from './freshness.ts';

const NOW = Date.UTC(2030, 5, 1, 12, 0, 0);
const date = (ms: number) => new Date(ms).toUTCString();

describe('freshUntil', () => {
  it.each<[string, Record<string, string | string[]>, number]>([
    ['max-age', { 'cache-control': 'max-age=60' }, NOW + 60_000],
    ['max-age minus Age', { 'cache-control': 'max-age=60', age: '20' }, NOW + 40_000],
    ['private is kept (the kernel cache is a private cache)', { 'cache-control': 'private, max-age=30' }, NOW + 30_000],
    ['s-maxage is for shared caches: ignored', { 'cache-control': 's-maxage=600' }, 0],
    ['s-maxage beside max-age: max-age wins', { 'cache-control': 's-maxage=600, max-age=10' }, NOW + 10_000],
    ['max-age wins over Expires', { 'cache-control': 'max-age=5', expires: date(NOW + 600_000) }, NOW + 5_000],
    ['directive names are case-insensitive', { 'cache-control': 'Max-Age=7' }, NOW + 7_000],
    ['a quoted value', { 'cache-control': 'max-age="8"' }, NOW + 8_000],
    ['repeated max-age: the smaller', { 'cache-control': ['max-age=50', 'max-age=9'] }, NOW + 9_000],
    ['invalid max-age is stale', { 'cache-control': 'max-age=soon' }, 0],
    ['no-store', { 'cache-control': 'max-age=60, no-store' }, 0],
    ['no-cache', { 'cache-control': 'no-cache, max-age=60' }, 0],
    ['no-cache with a field list', { 'cache-control': 'no-cache="set-cookie", max-age=60' }, 0],
    ['a comma inside quotes does not split', { 'cache-control': 'private="a, max-age=60"' }, 0],
    ['Pragma: no-cache without Cache-Control', { pragma: 'no-cache', expires: date(NOW + 60_000) }, 0],
    ['Expires relative to the server Date', { date: date(NOW - 3_600_000), expires: date(NOW - 3_600_000 + 60_000) }, NOW + 60_000],
    ['Expires without Date', { expires: date(NOW + 60_000) }, NOW + 60_000],
    ['Expires in the past', { expires: date(NOW - 1000) }, NOW - 1000],
    ['invalid Expires', { expires: '0' }, 0],
    ['Expires in RFC 850 form', { expires: 'Tuesday, 01-Jun-30 12:01:00 GMT' }, NOW + 60_000],
    ['Expires in asctime form', { expires: 'Sat Jun  1 12:01:00 2030' }, NOW + 60_000],
    ['Vary: *', { 'cache-control': 'max-age=60', vary: 'accept, *' }, 0],
    ['nothing', {}, 0],
  ])('%s', (_name, headers, expected) => {
    expect(freshUntil(headers, 200, NOW)).toBe(expected);
  });

  it('a followed 301/308 without headers sets no limit; a 302 sets "never", and so does an unfollowed 301', () => {
    expect(freshUntil({}, 301, NOW, true)).toBe(Infinity);
    expect(freshUntil({}, 308, NOW, true)).toBe(Infinity);
    expect(freshUntil({}, 302, NOW, true)).toBe(0);
    expect(freshUntil({}, 301, NOW, false)).toBe(0);
    expect(freshUntil({ 'cache-control': 'max-age=5' }, 302, NOW, true)).toBe(NOW + 5_000);
  });
});

describe('cacheControl', () => {
  it('parses directives into a map', () => {
    expect([...cacheControl('public, max-age=60, must-revalidate')]).toEqual([
      ['public', ''],
      ['max-age', '60'],
      ['must-revalidate', ''],
    ]);
    expect(cacheControl(undefined).size).toBe(0);
  });
});
