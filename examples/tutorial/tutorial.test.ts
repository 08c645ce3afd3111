import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../modules/http/bridge/index.ts';
import { ModuleSystem } from '../../modules/loader/module-system.ts';
import { registerRestPrototypes } from '../../modules/http/rest/index.ts';

/** The standard frontend fulcrum plus the tutorial, as `roc run examples/tutorial` deploys them. */
let system: ModuleSystem;
let client: TestClient;
let origin: string;

beforeAll(async () => {
  system = new ModuleSystem({ httpPort: 0, watch: false });
  registerRestPrototypes(system.prototypes); // until module-system.ts registers it
  const { deployed, failed } = await system.deploy(['modules/http/fulcrum', 'examples/tutorial']);
  expect(failed.map((f) => f.error.message)).toEqual([]);
  const fulcrum = deployed.find((d) => d.uri === 'urn:org:netkernel:fulcrum:frontend')!;
  client = new TestClient(system.kernel, fulcrum.rootspaces[0]!);
  origin = system.transports[0]!.address!.origin;
});
afterAll(() => system.stop(0));

describe('the Woomera tutorial, in process (TestClient)', () => {
  it('1. serves the home page with links made by the URL helper', async () => {
    const home = await client.get('/tutorial/');
    expect([home.status, home.header('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(home.text()).toContain('<h1>Woomera Tutorial</h1>');
    expect(home.text()).toContain('<li><a href="/tutorial/Hello">Hello</a></li>');
    expect(home.text()).toContain('<li><a href="/tutorial/G&apos;day">Good day</a></li>');
  });

  it('1. greets from the path, with the name from the query (default world), escaped', async () => {
    expect((await client.get('/tutorial/Hello')).text()).toContain('<h1>Hello world!</h1>');
    expect((await client.get("/tutorial/G'day?name=Bruce")).text()).toContain("<h1>G'day Bruce!</h1>");
    const page = await client.get('/tutorial/Hello%20%26%20Goodbye');
    expect(page.text()).toContain('<h1>Hello &amp; Goodbye world!</h1>');
    expect(page.text()).toContain('<p><a href="/tutorial/">Home</a></p>');
  });

  it('3. lists path and query parameters for both patterns', async () => {
    const variable = (await client.get('/tutorial/demo/variable/aaa/bar/bbb')).text();
    expect(variable).toContain('<h2>Path parameters</h2><p>Number of keys: 2</p>');
    expect(variable).toContain('<dt><code>foo</code></dt><dd><ul><li><code>aaa</code></li></ul></dd>');
    expect(variable).toContain('<dt><code>baz</code></dt><dd><ul><li><code>bbb</code></li></ul></dd>');
    expect(variable).toContain('<h2>Query parameters</h2><p>No parameters.</p>');
    const empty = (await client.get('/tutorial/demo/variable/aaa/bar/')).text();
    expect(empty).toContain('<dt><code>baz</code></dt><dd><ul><li><code></code></li></ul></dd>');
    const query = (await client.get('/tutorial/demo/variable/aaa/bar/ccc?x=ddd&y=eee&x=fff')).text();
    expect(query).toContain('<h2>Query parameters</h2><p>Number of keys: 2</p>');
    expect(query).toContain('<dt><code>x</code></dt><dd><ul><li><code>ddd</code></li><li><code>fff</code></li></ul></dd>');
    const wildcard = (await client.get('/tutorial/demo/wildcard/a/b/c')).text();
    expect(wildcard).toContain('<dt><code>*</code></dt><dd><ul><li><code>a/b/c</code></li></ul></dd>');
    expect(wildcard).not.toContain('POST parameters');
  });

  it('1.9 answers unknown pages with the custom error page: 404, and 405 (+ Allow) for a known path', async () => {
    const missing = await client.get('/tutorial/nosuchpage/foo');
    expect([missing.status, missing.header('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(missing.text()).toContain('<h1>Woomera Tutorial: Error</h1>');
    expect(missing.text()).toContain('Sorry, the page you were looking for could not be found.');
    const wrongMethod = await client.post('/tutorial/Hello', { form: { a: '1' } });
    expect([wrongMethod.status, wrongMethod.header('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    expect(wrongMethod.text()).toContain('could not be found');
    const malformed = await client.get('/tutorial/demo/variable/a/bar/%ZZ');
    expect([malformed.status, malformed.text().includes('could not be understood')]).toEqual([400, true]);
  });

  it('answers OPTIONS and HEAD automatically', async () => {
    const options = await client.request('OPTIONS', '/tutorial/Hello');
    expect([options.status, options.header('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    const head = await client.head('/tutorial/Hello');
    expect([head.status, head.text()]).toEqual([200, '']);
  });
});

describe('the Woomera tutorial over a real socket (roc run: fulcrum + tutorial, port 0)', () => {
  it('serves the same URLs with the same behaviour', async () => {
    const home = await fetch(`${origin}/tutorial/`);
    expect([home.status, (await home.text()).includes('href="/tutorial/G&apos;day"')]).toEqual([200, true]);
    const greeting = await fetch(`${origin}/tutorial/Hello?name=Ada`);
    expect(await greeting.text()).toContain('<h1>Hello Ada!</h1>');
    const params = await fetch(`${origin}/tutorial/demo/wildcard/a/b/c`);
    expect(await params.text()).toContain('<li><code>a/b/c</code></li>');
    const missing = await fetch(`${origin}/tutorial/nosuchpage/foo`);
    expect([missing.status, (await missing.text()).includes('Woomera Tutorial: Error')]).toEqual([404, true]);
    const notAllowed = await fetch(`${origin}/tutorial/Hello`, { method: 'DELETE' });
    expect([notAllowed.status, notAllowed.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    await notAllowed.text();
  });
});
