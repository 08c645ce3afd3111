import { afterEach, describe, expect, it, vi } from 'vitest';
import { Kernel, Request } from '../../../kernel/index.ts';
import { createHttpClientSpace } from './index.ts';
import { sendText, startUpstream, type Upstream } from './test-support.ts';

// Each test's upstream answers with the caching headers the test gives it and counts hits.
let upstream: Upstream | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await upstream?.close();
  upstream = undefined;
});
async function serving(headers: (path: string) => Record<string, string>): Promise<{ origin: string; hits: () => number }> {
  upstream = await startUpstream((req, res) => {
    for (const [name, value] of Object.entries(headers(req.url))) res.setHeader(name, value);
    sendText(res, `response ${upstream?.seen.length ?? 0}`);
  });
  const u = upstream;
  return { origin: u.origin, hits: () => u.seen.length };
}
function clientKernel() {
  const kernel = new Kernel();
  const scope = kernel.scopeFor(createHttpClientSpace());
  return {
    source: (id: string) => kernel.source(id, { scope }),
    request: (r: Request) => kernel.request(r, scope),
  };
}
const httpDate = (ms: number) => new Date(ms).toUTCString();

describe('HTTP client: expiry from the server\'s caching headers', () => {
  it('max-age: a second SOURCE within it does not reach the upstream; one after it does', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // only the clock: sockets and timers stay real
    vi.setSystemTime(Date.UTC(2030, 0, 1));
    const u = await serving(() => ({ 'cache-control': 'public, max-age=60' }));
    const { source, request } = clientKernel();
    const r = await request(new Request(`${u.origin}/page`));
    expect(r.expiry).toEqual({ kind: 'CONSTANT', at: Date.UTC(2030, 0, 1) + 60_000 });
    expect(await source(`${u.origin}/page`)).toBe('response 1');
    expect(u.hits()).toBe(1);
    vi.setSystemTime(Date.UTC(2030, 0, 1) + 59_000);
    await source(`${u.origin}/page`);
    expect(u.hits()).toBe(1);
    vi.setSystemTime(Date.UTC(2030, 0, 1) + 61_000);
    expect(await source(`${u.origin}/page`)).toBe('response 2');
    expect(u.hits()).toBe(2);
  });

  it('Age is subtracted from max-age; active:httpGet uses MIN_CONSTANT_DEPENDENT', async () => {
    const u = await serving(() => ({ 'cache-control': 'max-age=100', age: '40' }));
    const before = Date.now();
    const r = await clientKernel().request(new Request('active:httpGet').addArgument('url', `${u.origin}/`));
    expect(r.expiry.kind).toBe('MIN_CONSTANT_DEPENDENT');
    const at = (r.expiry as { at: number }).at;
    expect(at).toBeGreaterThanOrEqual(before + 60_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('Expires in the near future is honoured (measured against the server Date), then refetched', async () => {
    // One clock reading for both headers, so the lifetime is exactly one second after rounding.
    const u = await serving(() => {
      const t = Date.now();
      return { date: httpDate(t), expires: httpDate(t + 1000) };
    });
    const { source } = clientKernel();
    await source(`${u.origin}/e`);
    await source(`${u.origin}/e`);
    expect(u.hits()).toBe(1);
    // HTTP dates have one-second resolution: wait until the expiry has certainly passed.
    await new Promise((r) => setTimeout(r, 1100));
    await source(`${u.origin}/e`);
    expect(u.hits()).toBe(2);
  });

  it.each([
    ['no-store', { 'cache-control': 'no-store, max-age=600' }],
    ['no-cache', { 'cache-control': 'no-cache' }],
    ['Expires in the past', { expires: httpDate(Date.now() - 60_000) }],
    ['Expires: 0', { expires: '0' }],
    ['Pragma: no-cache', { pragma: 'no-cache' }],
    ['Vary: *', { 'cache-control': 'max-age=600', vary: '*' }],
    ['no caching headers at all', {}],
  ])('%s: ALWAYS expired, every SOURCE reaches the upstream', async (_name, headers: Record<string, string>) => {
    const u = await serving(() => headers);
    const { source, request } = clientKernel();
    const r = await request(new Request(`${u.origin}/x`));
    expect(r.expiry.kind).toBe('ALWAYS');
    await source(`${u.origin}/x`);
    expect(u.hits()).toBe(2);
  });

  it('what depends on a no-store resource is not cached either', async () => {
    const u = await serving(() => ({ 'cache-control': 'no-store' }));
    const kernel = new Kernel();
    const space = createHttpClientSpace();
    space.mount('res:/page', async (ctx) => `<p>${String(await ctx.source(`${u.origin}/fragment`))}</p>`);
    await kernel.source('res:/page', { scope: kernel.scopeFor(space) });
    expect(await kernel.source('res:/page', { scope: kernel.scopeFor(space) })).toBe('<p>response 2</p>');
  });

  it('a config passed by reference is a dependency: writing it ends the cached response', async () => {
    const u = await serving(() => ({ 'cache-control': 'max-age=600' }));
    const kernel = new Kernel();
    const space = createHttpClientSpace();
    let config = '{"headers":{"X-Version":"1"}}';
    space.mount({ grammar: 'res:/client-config', onSource: () => config, onSink: (ctx) => void (config = String(ctx.thisRequest.primary)) });
    const scope = kernel.scopeFor(space);
    const id = `active:httpGet+url@${u.origin}/c+config@res:/client-config`;
    await kernel.source(id, { scope });
    await kernel.source(id, { scope });
    expect(u.hits()).toBe(1);
    await kernel.sink('res:/client-config', '{"headers":{"X-Version":"2"}}', { scope });
    await kernel.source(id, { scope });
    expect(upstream?.seen.map((s) => s.headers['x-version'])).toEqual(['1', '2']);
  });

  it('POST, PUT and DELETE responses are never reused, whatever the headers say', async () => {
    const u = await serving(() => ({ 'cache-control': 'max-age=600' }));
    const { request } = clientKernel();
    for (const name of ['httpPost', 'httpPut', 'httpDelete', 'httpPost']) {
      const r = await request(new Request(`active:${name}`).addArgument('url', `${u.origin}/w`));
      expect(r.expiry.kind).toBe('ALWAYS');
    }
    expect(u.hits()).toBe(4);
  });

  it('a 302 without caching headers makes the result uncacheable; a 301 lets the target decide', async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/temp') res.writeHead(302, { location: '/target' }).end();
      else if (req.url === '/perm') res.writeHead(301, { location: '/target' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=600' }).end('target');
    });
    const u = upstream;
    const { source } = clientKernel();
    await source(`${u.origin}/perm`);
    expect(await source(`${u.origin}/perm`)).toBe('target');
    expect(u.seen.map((s) => s.url)).toEqual(['/perm', '/target']);
    await source(`${u.origin}/temp`);
    await source(`${u.origin}/temp`);
    expect(u.seen.map((s) => s.url).slice(2)).toEqual(['/temp', '/target', '/temp', '/target']);
  });
});
