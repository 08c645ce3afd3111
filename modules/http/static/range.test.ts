import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridged } from '../bridge/test-support.ts';
import { decideRange } from './range.ts';
import { StaticFiles } from './static-files.ts';
import { makeSite, type Site } from './test-support.ts';

describe('decideRange', () => {
  const cases: [string | undefined, number, ReturnType<typeof decideRange>['kind'], [number, number]?][] = [
    [undefined, 10, 'none'],
    ['bytes=0-4', 10, 'single', [0, 4]],
    ['bytes=5-', 10, 'single', [5, 9]],
    ['bytes=-3', 10, 'single', [7, 9]],
    ['bytes=-30', 10, 'single', [0, 9]],
    ['bytes=0-999999999999999999999', 10, 'single', [0, 9]],
    ['BYTES = 2-3', 10, 'single', [2, 3]],
    ['bytes=0-2, 1-4, 5-5', 10, 'single', [0, 5]],
    ['bytes=0-1,3-4', 10, 'whole'],
    ['bytes=20-30, 2-3', 10, 'single', [2, 3]],
    ['items=0-4', 10, 'none'],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=10-20', 10, 'unsatisfiable'],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=0-0', 0, 'unsatisfiable'],
    ['bytes=5-2', 10, 'unsatisfiable'],
    ['bytes=-', 10, 'unsatisfiable'],
    ['bytes=', 10, 'unsatisfiable'],
    ['bytes=abc', 10, 'unsatisfiable'],
    ['bytes=1-2-3', 10, 'unsatisfiable'],
    ['bytes=0x1-2', 10, 'unsatisfiable'],
    ['0-5', 10, 'unsatisfiable'],
  ];
  for (const [header, size, kind, span] of cases) {
    it(`${JSON.stringify(header)} of ${size} bytes → ${kind}${span ? ` ${span.join('-')}` : ''}`, () => {
      const decision = decideRange(header, size);
      expect(decision.kind).toBe(kind);
      if (span !== undefined && decision.kind === 'single') expect([decision.start, decision.end]).toEqual(span);
    });
  }
});

describe('StaticFiles: Range over the bridge', () => {
  let site: Site;
  beforeEach(() => (site = makeSite()));
  afterEach(() => site.remove());

  function serve() {
    const setup = bridged();
    setup.app.mount(new StaticFiles({ root: site.root, path: 'res:/static/' }));
    return setup.client;
  }

  it('answers one range with 206 and Content-Range, small and streamed', async () => {
    const client = serve();
    const part = await client.get('/static/hello.txt', { headers: { range: 'bytes=6-' } });
    expect([part.status, part.text(), part.header('content-range'), part.header('content-type')]).toEqual([206, 'world', 'bytes 6-10/11', 'text/plain; charset=utf-8']);
    const tail = await client.get('/static/big.txt', { headers: { range: 'bytes=-4' } });
    expect([tail.status, tail.text(), tail.header('content-range')]).toEqual([206, 'cdef', `bytes ${site.big.length - 4}-${site.big.length - 1}/${site.big.length}`]);
    const long = await client.get('/static/big.txt', { headers: { range: 'bytes=16-100015' } });
    expect([long.status, long.body.equals(site.big.subarray(16, 100016))]).toEqual([206, true]);
  });

  it('answers 416 with the size for malformed and past-the-end ranges', async () => {
    const client = serve();
    for (const range of ['bytes=11-', 'bytes=20-30', 'bytes=5-2', 'bytes=abc', 'bytes=']) {
      const response = await client.get('/static/hello.txt', { headers: { range } });
      expect([response.status, response.header('content-range')], range).toEqual([416, 'bytes */11']);
    }
  });

  it('serves the whole file for several ranges, an unknown unit, a stale If-Range, and HEAD', async () => {
    const client = serve();
    const tag = (await client.get('/static/hello.txt')).header('etag')!;
    for (const headers of [{ range: 'bytes=0-1,4-5' }, { range: 'lines=1-2' }, { range: 'bytes=0-1', 'if-range': '"stale"' }, { range: 'bytes=0-1', 'if-range': 'Mon, 01 Jan 2024 00:00:00 GMT' }]) {
      const response = await client.get('/static/hello.txt', { headers });
      expect([response.status, response.text()], JSON.stringify(headers)).toEqual([200, 'hello world']);
    }
    const current = await client.get('/static/hello.txt', { headers: { range: 'bytes=0-4', 'if-range': tag } });
    expect([current.status, current.text()]).toEqual([206, 'hello']);
    const byDate = await client.get('/static/hello.txt', { headers: { range: 'bytes=0-4', 'if-range': 'Tue, 02 Jan 2024 03:04:05 GMT' } });
    expect(byDate.status).toBe(206);
    expect((await client.head('/static/hello.txt', { headers: { range: 'bytes=0-4' } })).status).toBe(200);
  });
});
