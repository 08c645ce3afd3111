import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridged } from '../bridge/test-support.ts';
import { StaticFiles, type StaticFilesOptions } from './static-files.ts';
import { makeSite, type Site } from './test-support.ts';

let site: Site;
beforeEach(() => (site = makeSite()));
afterEach(() => site.remove());

function serve(options: Omit<StaticFilesOptions, 'root'> = {}) {
  const setup = bridged();
  setup.app.mount(new StaticFiles({ root: site.root, path: 'res:/static/', ...options }));
  return setup;
}

describe('StaticFiles: files, types and validators', () => {
  it('serves files with Content-Type by extension, a strong ETag, Last-Modified and Accept-Ranges', async () => {
    const { client } = serve();
    const text = await client.get('/static/hello.txt');
    expect([text.status, text.text(), text.header('content-type'), text.header('accept-ranges')]).toEqual([200, 'hello world', 'text/plain; charset=utf-8', 'bytes']);
    expect(text.header('etag')).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
    expect(text.header('last-modified')).toBe('Tue, 02 Jan 2024 03:04:05 GMT');
    expect((await client.get('/static/style.css')).header('content-type')).toBe('text/css; charset=utf-8');
    expect((await client.get('/static/data.json')).header('content-type')).toBe('application/json; charset=utf-8');
    expect((await client.get('/static/a%20b.txt')).text()).toBe('spaced');
    // The validator comes from the file, not the process: a new server gives the same one.
    expect((await serve().client.get('/static/hello.txt')).header('etag')).toBe(text.header('etag'));
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and 200 when the file changed', async () => {
    const { client } = serve();
    const first = await client.get('/static/hello.txt');
    const tag = first.header('etag')!;
    const inm = await client.get('/static/hello.txt', { headers: { 'if-none-match': `"other", ${tag}` } });
    expect([inm.status, inm.body.length, inm.header('etag')]).toEqual([304, 0, tag]);
    expect((await client.get('/static/hello.txt', { headers: { 'if-none-match': 'W/' + tag } })).status).toBe(304);
    expect((await client.get('/static/hello.txt', { headers: { 'if-modified-since': 'Tue, 02 Jan 2024 03:04:05 GMT' } })).status).toBe(304);
    expect((await client.get('/static/hello.txt', { headers: { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' } })).status).toBe(200);
    expect((await client.get('/static/hello.txt', { headers: { 'if-modified-since': 'not a date' } })).status).toBe(200);
    // If-None-Match decides when both are sent.
    expect((await client.get('/static/hello.txt', { headers: { 'if-none-match': '"stale"', 'if-modified-since': 'Tue, 02 Jan 2024 03:04:05 GMT' } })).status).toBe(200);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${site.root}/hello.txt`, 'hello again!');
    const changed = await client.get('/static/hello.txt', { headers: { 'if-none-match': tag } });
    expect([changed.status, changed.text()]).toEqual([200, 'hello again!']);
    expect(changed.header('etag')).not.toBe(tag);
  });

  it('answers HEAD with the headers of GET and no body; other methods 405 with Allow', async () => {
    const { client } = serve();
    const head = await client.head('/static/hello.txt');
    expect([head.status, head.header('content-length'), head.body.length]).toEqual([200, '11', 0]);
    const post = await client.post('/static/hello.txt', { body: 'x' });
    expect([post.status, post.header('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('streams large files, and sets Cache-Control when maxAge is given', async () => {
    const { client } = serve({ maxAge: 3600 });
    const big = await client.get('/static/big.txt');
    expect([big.status, big.body.equals(site.big), big.header('cache-control')]).toEqual([200, true, 'public, max-age=3600']);
  });
});

describe('StaticFiles: directories', () => {
  it('serves index files, redirects a directory without its slash, and 404s a directory without index', async () => {
    const { client } = serve();
    expect((await client.get('/static/')).text()).toBe('<h1>home</h1>');
    expect((await client.get('/static/docs/')).text()).toBe('<h1>docs</h1>');
    const bare = await client.get('/static/docs?x=1');
    expect([bare.status, bare.header('location')]).toEqual([301, '/static/docs/?x=1']);
    expect((await client.get('/static/files/')).status).toBe(404);
    expect((await client.get('/static/hello.txt/')).status).toBe(404);
    expect((await client.get('/static/missing.txt')).status).toBe(404);
  });

  it('never redirects to another host when the path starts with several slashes', async () => {
    const { client } = serve({ path: 'res:/' });
    // `//docs` as a Location would send the browser to the host "docs".
    const sneaky = await client.get('http://localhost//docs');
    expect([sneaky.status, sneaky.header('location')]).toEqual([301, '/docs/']);
  });

  it('lists a directory when asked, with names HTML-escaped, and without dotfiles or links leading out', async () => {
    const { client } = serve({ listing: true, index: [] });
    const page = await client.get('/static/files/');
    expect([page.status, page.header('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const html = page.text();
    expect(html).toContain('<a href="%3Cb%3E%26%22x&apos;.txt">&lt;b&gt;&amp;"x\'.txt</a>');
    expect(html).toContain('<a href="sub/">sub/</a>');
    expect(html).toContain('plain.txt');
    expect(html).not.toContain('leak.txt');
    expect(html).not.toContain('<b>');
    const top = (await client.get('/static/')).text();
    expect(top).not.toContain('.env');
    expect(top).not.toContain('"up/"');
    expect(top).not.toContain('../');
  });
});

describe('StaticFiles: compression', () => {
  it('compresses text by Accept-Encoding (br preferred), with Vary and a distinct ETag; never a range', async () => {
    const { client } = serve({ compress: true });
    const br = await client.get('/static/big.txt', { headers: { 'accept-encoding': 'gzip, br' } });
    expect([br.status, br.header('content-encoding'), br.header('vary')]).toEqual([200, 'br', 'Accept-Encoding']);
    expect(brotliDecompressSync(br.body).equals(site.big)).toBe(true);
    const gz = await client.get('/static/big.txt', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.header('content-encoding')).toBe('gzip');
    expect(gunzipSync(gz.body).equals(site.big)).toBe(true);
    expect(gz.header('etag')).not.toBe(br.header('etag'));
    expect((await client.get('/static/big.txt', { headers: { 'accept-encoding': 'gzip', 'if-none-match': gz.header('etag')! } })).status).toBe(304);
    const plain = await client.get('/static/big.txt');
    expect([plain.header('content-encoding'), plain.header('vary'), plain.body.length]).toEqual([undefined, 'Accept-Encoding', site.big.length]);
    const refused = await client.get('/static/big.txt', { headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.header('content-encoding')).toBeUndefined();
    const ranged = await client.get('/static/big.txt', { headers: { 'accept-encoding': 'br', range: 'bytes=0-3' } });
    expect([ranged.status, ranged.header('content-encoding'), ranged.text()]).toEqual([206, undefined, '0123']);
    // Small files and non-text types are left alone.
    expect((await client.get('/static/hello.txt', { headers: { 'accept-encoding': 'br' } })).header('content-encoding')).toBeUndefined();
  });
});
