import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { served, stopServers } from '../bridge/test-support.ts';
import { StaticFiles } from './static-files.ts';
import { makeSite, type Site } from './test-support.ts';

let site: Site;
beforeEach(() => (site = makeSite()));
afterEach(async () => {
  await stopServers();
  site.remove();
});

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(origin: string, path: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    const req = http.get({ hostname, port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timed out')));
  });
}

describe('StaticFiles over a real socket (HttpTransportEndpoint on 127.0.0.1, port 0)', () => {
  it('serves, revalidates and ranges a file, and keeps traversal inside the folder', async () => {
    const { app, origin } = await served();
    app.mount(new StaticFiles({ root: site.root, path: '/static/', compress: true }));
    const file = await rawGet(origin, '/static/hello.txt');
    expect([file.status, file.body.toString(), file.headers['content-type'], file.headers['content-length']]).toEqual([200, 'hello world', 'text/plain; charset=utf-8', '11']);
    const again = await rawGet(origin, '/static/hello.txt', { 'if-none-match': file.headers.etag! });
    expect([again.status, again.body.length]).toEqual([304, 0]);
    const part = await rawGet(origin, '/static/big.txt', { range: 'bytes=100000-' });
    expect([part.status, part.headers['content-range'], part.body.equals(site.big.subarray(100000))]).toEqual([206, `bytes 100000-${site.big.length - 1}/${site.big.length}`, true]);
    const gz = await rawGet(origin, '/static/big.txt', { 'accept-encoding': 'gzip' });
    expect([gz.headers['content-encoding'], gz.headers.vary]).toEqual(['gzip', 'Accept-Encoding']);
    for (const path of ['/static/../secret.txt', '/static/%2e%2e/secret.txt', '/static/x%00', '/static/leak.txt']) {
      const response = await rawGet(origin, path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.body.toString()).not.toContain('TOP SECRET');
    }
  });
});
