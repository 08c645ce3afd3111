import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClient } from '../../modules/http/bridge/test-client.ts';
import { FRONTEND_FULCRUM } from '../../modules/cli/roc.ts';
import { ModuleSystem } from '../../modules/loader/module-system.ts';
import { resetItems } from './endpoints/store.ts';

const systems: ModuleSystem[] = [];
beforeEach(() => resetItems());
afterEach(async () => {
  for (const s of systems.splice(0)) await s.stop(0);
});

async function deploy() {
  const system = new ModuleSystem({ httpPort: 0, watch: false });
  systems.push(system);
  const { failed } = await system.deploy([FRONTEND_FULCRUM, 'examples/rest']);
  expect(failed).toEqual([]);
  const fulcrum = system.deployment.find('urn:org:netkernel:fulcrum:frontend')!;
  return { system, client: new TestClient(system.kernel, fulcrum), origin: system.transports[0]!.address!.origin };
}

describe('rest example', () => {
  it('creates, reads, updates and deletes items', async () => {
    const { client } = await deploy();
    expect((await client.get('/api/items')).json()).toEqual([]);
    const created = await client.post('/api/items', { json: { name: 'write docs' } });
    expect(created.status).toBe(201);
    expect(created.header('location')).toBe('/api/items/1');
    expect(created.json()).toEqual({ id: '1', name: 'write docs', done: false });
    expect((await client.get('/api/items/1')).json()).toEqual({ id: '1', name: 'write docs', done: false });
    expect((await client.put('/api/items/1', { json: { done: true } })).json()).toEqual({ id: '1', name: 'write docs', done: true });
    expect((await client.get('/api/items/1')).json()).toMatchObject({ done: true });
    expect((await client.get('/api/items')).json()).toEqual([{ id: '1', name: 'write docs', done: true }]);
    expect((await client.delete('/api/items/1')).status).toBe(204);
    expect((await client.get('/api/items/1')).status).toBe(404);
    expect((await client.get('/api/items')).json()).toEqual([]);
  });

  it('answers 304 from ROC caching until a write invalidates what the page depends on', async () => {
    const { client, system } = await deploy();
    await client.post('/api/items', { json: { name: 'a' } });
    const first = await client.get('/api/items');
    const etag = first.header('etag')!;
    expect(etag).toBeTruthy();
    const hits = system.kernel.cache.stats.hits;
    const again = await client.get('/api/items', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(system.kernel.cache.stats.hits).toBeGreaterThan(hits); // served from the cache, nothing evaluated
    await client.post('/api/items', { json: { name: 'b' } }); // cuts the "items" thread
    const changed = await client.get('/api/items', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.json()).toHaveLength(2);
    // One item's page is invalidated by a SINK of that item, not by writes to another.
    const item = await client.get('/api/items/1');
    const itemTag = item.header('etag')!;
    await client.put('/api/items/2', { json: { done: true } });
    expect((await client.get('/api/items/1', { headers: { 'if-none-match': itemTag } })).status).toBe(304);
    await client.put('/api/items/1', { json: { name: 'A' } });
    expect((await client.get('/api/items/1', { headers: { 'if-none-match': itemTag } })).status).toBe(200);
  });

  it('routes by method: 405 with Allow, 404 for unknown paths and items, 400 for bad bodies', async () => {
    const { client } = await deploy();
    const patch = await client.request('PATCH', '/api/items');
    expect(patch.status).toBe(405);
    expect(patch.header('allow')).toMatch(/GET.*POST/);
    expect((await client.get('/api/nothing')).status).toBe(404);
    expect((await client.get('/api/items/99')).status).toBe(404);
    expect((await client.post('/api/items', { body: '{not json', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await client.post('/api/items', { json: { name: '' } })).status).toBe(400);
  });

  it('works over real sockets', async () => {
    const { origin } = await deploy();
    const created = await fetch(`${origin}/api/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'over HTTP' }) });
    expect(created.status).toBe(201);
    const read = await fetch(`${origin}/api/items/1`);
    expect(await read.json()).toEqual({ id: '1', name: 'over HTTP', done: false });
    const etag = read.headers.get('etag')!;
    expect((await fetch(`${origin}/api/items/1`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });
});
