import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { commissionSpace, decommissionSpace, Kernel, StandardSpace, type RequestContext } from '../../../kernel/index.ts';
import { HttpBridge } from '../bridge/http-bridge.ts';
import { TestClient } from '../bridge/test-client.ts';
import { HttpSession, type HttpSessionOptions } from './http-session.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A bridge around a session overlay around an app with a counter, a log-in flow and a public page. */
async function app(options: Omit<HttpSessionOptions, 'space'> = {}) {
  const kernel = new Kernel();
  const appSpace = new StandardSpace('urn:test:app');
  const evaluations = { public: 0, whoami: 0 };
  appSpace.mount('res:/count', async (ctx: RequestContext) => {
    const n = ((await ctx.exists('session:/count')) ? Number(await ctx.source('session:/count')) : 0) + 1;
    await ctx.sink('session:/count', n);
    return ctx.createResponseFrom(String(n)).setExpiry('ALWAYS');
  });
  appSpace.mount('res:/whoami', async (ctx: RequestContext) => {
    evaluations.whoami++;
    return (await ctx.exists('session:/user')) ? `you are ${String(await ctx.source('session:/user'))}` : 'anonymous';
  });
  appSpace.mount('res:/public', () => (evaluations.public++, 'same for everyone'));
  appSpace.mount('res:/login', async (ctx: RequestContext) => {
    const name = String(await ctx.source('httpRequest:/param/name'));
    await ctx.source('active:regenerateSession'); // new id on log-in: no fixation
    await ctx.sink('session:/user', name);
    return ctx.createResponseFrom(`welcome ${name}`).setExpiry('ALWAYS');
  });
  appSpace.mount('res:/logout', async (ctx: RequestContext) => {
    await ctx.delete('session:/');
    return ctx.createResponseFrom('bye').setExpiry('ALWAYS');
  });
  appSpace.mount('res:/link', async (ctx: RequestContext) => ctx.createResponseFrom(await ctx.source('active:sessionURL+url@data:text/plain,/next')).setExpiry('ALWAYS'));
  const session = new HttpSession({ space: appSpace, ...options });
  const bridgeSpace = new StandardSpace('urn:test:bridge-space');
  bridgeSpace.mount(session);
  const fulcrum = new StandardSpace('urn:test:fulcrum');
  fulcrum.mount(new HttpBridge({ space: bridgeSpace }));
  await commissionSpace(kernel, fulcrum);
  cleanup.push(() => decommissionSpace(kernel, fulcrum));
  return { kernel, fulcrum, session, evaluations, client: () => new TestClient(kernel, fulcrum) };
}

const COOKIE = 'NETKERNEL_SESSION_COOKIE';

describe('HTTPSession overlay', () => {
  it('creates a session with a safe cookie, then recognises it', async () => {
    const { client } = await app();
    const browser = client();
    const first = await browser.get('/count');
    expect(first.text()).toBe('1');
    const setCookie = String(first.header('set-cookie'));
    expect(setCookie).toMatch(new RegExp(`^${COOKIE}=[A-Za-z0-9_-]{22};`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i); // plain HTTP
    const second = await browser.get('/count');
    expect(second.text()).toBe('2');
    expect(second.header('set-cookie')).toBeUndefined();
  });

  it('keeps sessions apart, from the cache or otherwise, while sharing what reads no session', async () => {
    const { client, evaluations } = await app();
    const ada = client();
    const bob = client();
    await ada.post('/login', { form: { name: 'ada' } });
    await bob.post('/login', { form: { name: 'bob' } });
    for (let i = 0; i < 3; i++) {
      expect((await ada.get('/whoami')).text()).toBe('you are ada');
      expect((await bob.get('/whoami')).text()).toBe('you are bob');
    }
    expect(evaluations.whoami).toBe(2); // once per session, then from the cache
    await ada.get('/public');
    await bob.get('/public');
    expect(evaluations.public).toBe(1);
    expect((await client().get('/whoami')).text()).toBe('anonymous');
  });

  it("a SINK in one session invalidates that session's cached reads only", async () => {
    const { client, evaluations } = await app();
    const ada = client();
    const bob = client();
    await ada.post('/login', { form: { name: 'ada' } });
    await bob.post('/login', { form: { name: 'bob' } });
    await ada.get('/whoami');
    await bob.get('/whoami');
    expect(evaluations.whoami).toBe(2);
    await ada.post('/login', { form: { name: 'ada lovelace' } }); // SINK session:/user in ada's session
    expect((await bob.get('/whoami')).text()).toBe('you are bob');
    expect(evaluations.whoami).toBe(2); // bob's page still comes from the cache
    expect((await ada.get('/whoami')).text()).toBe('you are ada lovelace');
    expect(evaluations.whoami).toBe(3);
  });

  it('a SINK invalidates cached reads of the session value; log-out ends the session and clears the cookie', async () => {
    const { client } = await app();
    const browser = client();
    await browser.post('/login', { form: { name: 'ada' } });
    expect((await browser.get('/whoami')).text()).toBe('you are ada');
    await browser.post('/login', { form: { name: 'grace' } });
    expect((await browser.get('/whoami')).text()).toBe('you are grace');
    const bye = await browser.get('/logout');
    expect(bye.cookies[COOKIE]).toBe('');
    expect(String(bye.header('set-cookie'))).toMatch(/Max-Age=0/);
    expect((await browser.get('/whoami')).text()).toBe('anonymous');
  });

  it('regenerates the id on log-in: the old id no longer works, and is never adopted', async () => {
    const { client } = await app({ config: { autoReconnect: 'false' } });
    const browser = client();
    await browser.get('/count');
    const before = browser.cookies[COOKIE]!;
    const login = await browser.post('/login', { form: { name: 'ada' } });
    const after = login.cookies[COOKIE]!;
    expect(after).not.toBe(before);
    expect((await browser.get('/whoami')).text()).toBe('you are ada');
    const attacker = await client().get('/whoami', { headers: { cookie: `${COOKIE}=${before}` }, noCookies: true });
    expect(attacker.status).toBe(401);
  });

  it('tampered, truncated, oversized and duplicated cookies never reach another session', async () => {
    const { client } = await app();
    const owner = client();
    await owner.post('/login', { form: { name: 'owner' } });
    const id = owner.cookies[COOKIE]!;
    for (const bad of [`${id.slice(0, -1)}x`, id.slice(0, 10), id + 'A'.repeat(5000), '../../etc', '']) {
      const r = await client().get('/whoami', { headers: { cookie: `${COOKIE}=${bad}` }, noCookies: true });
      expect(r.text()).toBe('anonymous');
      expect(r.cookies[COOKIE]).not.toBe(bad);
    }
    // Duplicated: an unknown value first, then the real one: the live session is used.
    const dup = await client().get('/whoami', { headers: { cookie: `${COOKIE}=${randomBytes(16).toString('base64url')}; ${COOKIE}=${id}` }, noCookies: true });
    expect(dup.text()).toBe('you are owner');
  });

  it('an expired cookie starts a fresh session with autoReconnect, fails 401 without', async () => {
    for (const autoReconnect of ['true', 'false']) {
      const { client, session } = await app({ config: { autoReconnect, minDuration: '1000', maxDuration: '2000' } });
      const browser = client();
      await browser.get('/count');
      const id = browser.cookies[COOKIE]!;
      await session.sweep(Date.now() + 10_000); // as if 10 s had passed
      const r = await client().get('/count', { headers: { cookie: `${COOKIE}=${id}` }, noCookies: true });
      if (autoReconnect === 'true') {
        expect(r.status).toBe(200);
        expect(r.text()).toBe('1');
        expect(r.cookies[COOKIE]).not.toBe(id);
      } else {
        expect(r.status).toBe(401);
      }
    }
  });

  it('at maxSessions with all sessions young: 503 with Retry-After; nothing valid is dropped', async () => {
    const { client } = await app({ config: { maxSessions: '2' } });
    const a = client();
    const b = client();
    await a.get('/count');
    await b.get('/count');
    const c = await client().get('/count');
    expect(c.status).toBe(503);
    expect(Number(c.header('retry-after'))).toBeGreaterThan(0);
    expect((await a.get('/count')).text()).toBe('2');
    expect((await b.get('/count')).text()).toBe('2');
  });

  it('many concurrent first requests never make more than maxSessions', async () => {
    const { client, session } = await app({ config: { maxSessions: '5' } });
    const results = await Promise.all(Array.from({ length: 40 }, () => client().get('/count')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 503)).toHaveLength(35);
    expect(await session.policy.store.count()).toBe(5);
  });

  it('URL-rewriting mode: the session travels in the URL for clients without cookies', async () => {
    const { client } = await app({ urlRewriting: true });
    const first = await client().get('/count', { noCookies: true });
    const id = first.cookies[COOKIE]!;
    const second = await client().get(`/count?${COOKIE}=${id}`, { noCookies: true });
    expect(second.text()).toBe('2');
    const link = await client().get(`/link?${COOKIE}=${id}`, { noCookies: true });
    expect(link.text()).toBe(`/next?${COOKIE}=${id}`);
  });

  it('refuses a config it cannot honour', () => {
    expect(() => new HttpSession({ space: new StandardSpace(), config: { maxSessions: 'lots' } })).toThrow(/maxSessions/);
    expect(() => new HttpSession({ space: new StandardSpace(), config: { minDuration: '5000', maxDuration: '1000' } })).toThrow(/minDuration/);
    expect(() => new HttpSession({ space: new StandardSpace(), store: 'postgres://x' })).toThrow(/store must be/);
  });

  it('outside an HTTPBridge: a clear error naming the overlay', async () => {
    const kernel = new Kernel();
    const inner = new StandardSpace('urn:inner');
    inner.mount('res:/x', () => 'x');
    kernel.space.mount(new HttpSession({ space: inner, id: 'lonely-session' }));
    await expect(kernel.source('res:/x')).rejects.toMatchObject({ cause: { code: 'ROC_ERR_SESSION_BRIDGE', message: expect.stringContaining('lonely-session') } });
  });
});

describe('HTTPSession with the Redis store', () => {
  it('two overlays (two processes) sharing Redis serve the same session, without stale cached values', async () => {
    const prefix = `roc-test:${randomBytes(6).toString('hex')}`;
    const one = await app({ store: 'redis://127.0.0.1:6379', storePrefix: prefix });
    const two = await app({ store: 'redis://127.0.0.1:6379', storePrefix: prefix });
    const browser = one.client();
    expect((await browser.get('/count')).text()).toBe('1');
    const id = browser.cookies[COOKIE]!;
    const elsewhere = await two.client().get('/count', { headers: { cookie: `${COOKIE}=${id}` }, noCookies: true });
    expect(elsewhere.text()).toBe('2');
    expect((await browser.get('/count')).text()).toBe('3'); // not a stale cached value
    await one.session.policy.end(id);
  });
});

describe('HTTPSession from module.xml', () => {
  it('is configured as in NetKernel (nk4um config, <prototype> inside <config> tolerated); a bad value names the config', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { ModuleSystem } = await import('../../loader/module-system.ts');
    const dir = mkdtempSync(join(tmpdir(), 'roc-session-module-'));
    const write = (max: string) =>
      writeFileSync(
        join(dir, 'module.xml'),
        `<module version="2.0"><meta><identity><uri>urn:test:s</uri><version>1</version></identity></meta><rootspace>
          <overlay><prototype>jetty.HTTPSession</prototype>
            <config><prototype>HTTPSession</prototype><maxSessions>${max}</maxSessions><minDuration>7200000</minDuration><maxDuration>86400000</maxDuration><cookiePath>/nk4um/</cookiePath><cookieName>NK4UM_NETKERNEL_SESSION_COOKIE</cookieName><autoReconnect>true</autoReconnect></config>
            <space><literal uri="res:/x">x</literal></space></overlay></rootspace></module>`,
      );
    const system = new ModuleSystem({ watch: false });
    cleanup.push(async () => {
      await system.stop(0);
      rmSync(dir, { recursive: true, force: true });
    });
    write('1000');
    const ok = await system.deploy([dir]);
    expect(ok.failed).toEqual([]);
    const session = ok.deployed[0]!.rootspaces[0]!.endpoints[0]!.definition as unknown as HttpSession;
    expect(session.config).toMatchObject({ maxSessions: 1000, cookieName: 'NK4UM_NETKERNEL_SESSION_COOKIE', cookiePath: '/nk4um/' });
    await system.undeploy(ok.deployed[0]!);
    write('many');
    const bad = await system.deploy([dir]);
    expect(bad.failed[0]!.error.message).toMatch(/module\/rootspace\/overlay\/config.*maxSessions/);
  });
});
