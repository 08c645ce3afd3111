import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../../modules/http/bridge/test-client.ts';
import { FRONTEND_FULCRUM } from '../../modules/cli/roc.ts';
import { ModuleSystem } from '../../modules/loader/module-system.ts';

const systems: ModuleSystem[] = [];
afterEach(async () => {
  for (const s of systems.splice(0)) await s.stop(0);
});

async function deploy() {
  const system = new ModuleSystem({ httpPort: 0, watch: false });
  systems.push(system);
  const { failed } = await system.deploy([FRONTEND_FULCRUM, 'examples/session']);
  expect(failed).toEqual([]);
  const fulcrum = system.deployment.find('urn:org:netkernel:fulcrum:frontend')!;
  return { system, fulcrum, origin: system.transports[0]!.address!.origin };
}

describe('session example', () => {
  it('logs in, counts per session, logs out (in process, with a cookie jar)', async () => {
    const { system, fulcrum } = await deploy();
    const browser = new TestClient(system.kernel, fulcrum);
    expect((await browser.get('/session/')).text()).toContain('Not logged in');
    const login = await browser.post('/session/login', { form: { name: 'Ada <script>' } });
    expect(login.status).toBe(302);
    expect(login.header('location')).toBe('/session/');
    expect((await browser.get('/session/')).text()).toContain('Hello Ada &lt;script&gt;');
    expect((await browser.get('/session/count')).text()).toBe('1');
    expect((await browser.get('/session/count')).text()).toBe('2');
    const other = new TestClient(system.kernel, fulcrum);
    expect((await other.get('/session/count')).text()).toBe('1');
    expect((await other.get('/session/')).text()).toContain('Not logged in');
    await browser.get('/session/logout');
    expect((await browser.get('/session/')).text()).toContain('Not logged in');
    expect((await browser.post('/session/login', { form: { name: '' } })).status).toBe(400);
  });

  it('works over real sockets with the browser cookie rules (Path=/session/, HttpOnly)', async () => {
    const { origin } = await deploy();
    const first = await fetch(`${origin}/session/count`);
    expect(await first.text()).toBe('1');
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^ROC_EXAMPLE_SESSION=[\w-]{22}; .*Path=\/session\//);
    expect(setCookie).toMatch(/HttpOnly/);
    const cookie = setCookie.split(';')[0]!;
    expect(await (await fetch(`${origin}/session/count`, { headers: { cookie } })).text()).toBe('2');
    expect(await (await fetch(`${origin}/session/count`)).text()).toBe('1');
  });
});
