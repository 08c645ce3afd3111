import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridged } from '../bridge/test-support.ts';
import { parseSafePath } from './safe-path.ts';
import { StaticFiles } from './static-files.ts';
import { makeSite, type Site } from './test-support.ts';

let site: Site;
beforeEach(() => (site = makeSite()));
afterEach(() => site.remove());

function serve() {
  const setup = bridged();
  setup.app.mount(new StaticFiles({ root: site.root, path: '/static/', listing: true }));
  return setup;
}

describe('StaticFiles: traversal never escapes the folder', () => {
  const refused = [
    '/static/../secret.txt',
    '/static/%2e%2e/secret.txt',
    '/static/%2E%2E/secret.txt',
    '/static/.%2e/secret.txt',
    '/static/docs/../../secret.txt',
    '/static/..%2fsecret.txt',
    '/static/..%5csecret.txt',
    '/static/%2e%2e%2fsecret.txt',
    '/static/hello.txt%00.png',
    '/static/%00',
    '/static/a%0d%0aSet-Cookie:x=1',
    '/static/%zz',
    '/static/%E0%A4%A',
    `/static/${'a'.repeat(256)}`,
    `/static/${'%C3%A9'.repeat(128)}`,
    `/static/${'a/'.repeat(1100)}`,
  ];
  for (const path of refused) {
    it(`refuses ${path.length > 60 ? `${path.slice(0, 60)}… (${path.length} chars)` : path} with 400 and no file content`, async () => {
      const response = await serve().client.get(path, { headers: { accept: 'application/json' } });
      expect(response.status).toBe(400);
      expect(response.text()).not.toContain('TOP SECRET');
      expect(response.json()).toMatchObject({ status: 400 });
    });
  }

  it('does not follow symlinks out of the folder, to files or directories', async () => {
    const { client } = serve();
    for (const path of ['/static/leak.txt', '/static/up/secret.txt', '/static/up/', '/static/files/leak.txt']) {
      const response = await client.get(path);
      expect(response.status, path).toBe(404);
      expect(response.text()).not.toContain('TOP SECRET');
    }
  });

  it('does not serve dotfiles unless asked', async () => {
    expect((await serve().client.get('/static/.env')).status).toBe(404);
    const open = bridged();
    open.app.mount(new StaticFiles({ root: site.root, path: '/static/', dotfiles: true }));
    expect((await open.client.get('/static/.env')).text()).toBe('PASSWORD=1');
  });

  it('checks every spelling after decoding, and keeps harmless names', () => {
    expect(parseSafePath('a/%252e%252e/b')).toEqual({ ok: true, segments: ['a', '%2e%2e', 'b'], trailingSlash: false });
    expect(parseSafePath('a//b/')).toEqual({ ok: true, segments: ['a', 'b'], trailingSlash: true });
    expect(parseSafePath('..a/b..')).toMatchObject({ ok: true });
    expect(parseSafePath('%2e')).toMatchObject({ ok: false, reason: expect.stringContaining('dot segment') });
    expect(parseSafePath('x', { maxSegmentBytes: 255, maxPathBytes: 0 })).toMatchObject({ ok: false, reason: expect.stringContaining('path longer') });
  });

  it('rejects bad options when constructed', () => {
    expect(() => new StaticFiles({ root: site.root, index: ['../x.html'] })).toThrow(/plain file name/);
    expect(() => new StaticFiles({ root: site.root, maxAge: -1 })).toThrow(/maxAge/);
    expect(() => new StaticFiles({ root: site.root, path: 'static' })).toThrow(/identifier prefix/);
  });
});
