import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isRocError, Kernel, RocError, StandardSpace, type EndpointDefinition, type GrammarSpec, type RequestContext } from '../../../kernel/index.ts';
import { HttpBridge, TestClient } from '../bridge/index.ts';
import { DECLINE, RouteDeclined } from './decline.ts';
import { RestOverlay, type RestOverlayOptions } from './rest-overlay.ts';
import { restParams, restUrl } from './rest-request-space.ts';
import { restEndpoint } from './application.ts';
import { restStatusOf } from './routing.ts';

/** An application space behind a RESTOverlay behind a bridge, and an in-process client. */
function setup(endpoints: EndpointDefinition[], options: Omit<RestOverlayOptions, 'space'> = {}) {
  const kernel = new Kernel();
  const app = new StandardSpace('urn:test:rest-app', endpoints);
  const overlay = new RestOverlay({ space: app, ...options });
  const bridgeSpace = new StandardSpace('urn:test:bridge-space', [overlay]);
  const fulcrum = new StandardSpace('urn:test:fulcrum', [new HttpBridge({ space: bridgeSpace })]);
  return { kernel, app, overlay, client: new TestClient(kernel, fulcrum) };
}

const route = (id: string, path: string, handler: (ctx: RequestContext, p: Record<string, string>) => unknown, extra: Record<string, unknown> = {}) =>
  restEndpoint({ id, rest: { path, ...extra }, handler });

describe('RESTOverlay routing', () => {
  it('routes by path and method to endpoints declared with meta.rest, through their own grammars', async () => {
    let computed = 0;
    const { client } = setup([
      { grammar: { simple: 'res:/users/{id}' }, meta: { rest: { path: '~/user/:id' } }, onSource: (ctx) => `user ${ctx.thisRequest.argumentValue('id')} (${++computed})` },
      { grammar: { active: { identifier: 'active:create', arguments: [{ name: 'kind' }] } }, meta: { rest: { path: '/new/{kind}', method: 'POST' } }, onSource: async (ctx) => `created ${await ctx.source('arg:kind')}` },
    ]);
    expect((await client.get('/user/42')).text()).toBe('user 42 (1)');
    expect((await client.get('/user/42')).text()).toBe('user 42 (1)'); // the target's response is cached
    expect((await client.post('/new/a%20b')).text()).toBe('created a b');
  });

  it('answers 404 when no path matches, 405 with Allow when it matches for other methods, and OPTIONS and HEAD', async () => {
    const { client } = setup([route('u', '~/user/:id', () => 'u', { method: ['GET', 'PUT'] }), route('d', '~/user/:id', () => 'd', { method: 'DELETE' })], { auto404: true });
    expect((await client.get('/nothing/here')).status).toBe(404);
    const post = await client.post('/user/1');
    expect([post.status, post.header('allow')]).toEqual([405, 'GET, HEAD, PUT, DELETE, OPTIONS']);
    const options = await client.request('OPTIONS', '/user/1');
    expect([options.status, options.header('allow'), options.text()]).toEqual([204, 'GET, HEAD, PUT, DELETE, OPTIONS', '']);
    expect((await client.head('/user/1')).status).toBe(200);
    expect((await client.delete('/user/1')).text()).toBe('d');
  });

  it('negotiates produces against Accept: the preferred representation, else 406', async () => {
    const { client } = setup([
      route('json', '~/doc', () => ({ doc: 1 }), { produces: 'application/json' }),
      route('html', '~/doc', (ctx) => ctx.createResponseFrom('<p>doc</p>'), { produces: ['text/html'] }),
    ]);
    const html = await client.get('/doc', { headers: { accept: 'application/json;q=0.5, text/html' } });
    expect([html.text(), html.header('content-type')]).toEqual(['<p>doc</p>', 'text/html; charset=utf-8']);
    expect((await client.get('/doc', { headers: { accept: 'application/*' } })).json()).toEqual({ doc: 1 });
    expect((await client.get('/doc')).json()).toEqual({ doc: 1 });
    const refused = await client.get('/doc', { headers: { accept: 'image/png' } });
    expect(refused.status).toBe(406);
  });

  it('orders rules by priority, then specificity, and lets an endpoint decline to the next', async () => {
    const { client } = setup([
      route('any', '~/:name', (_c, p) => `any ${p.name}`),
      route('me', '~/me', () => 'me'),
      route('vip', '~/:name', (_c, p) => (p.name === 'ada' ? 'vip ada' : DECLINE), { priority: 5 }),
      route('throws', '~/*', (_c, p) => {
        if (p['*'] === 'bob') throw new RouteDeclined('not bob');
        return DECLINE;
      }, { priority: 9 }),
    ]);
    expect((await client.get('/me')).text()).toBe('me'); // priority 5 declines, then the literal beats :name
    expect((await client.get('/ada')).text()).toBe('vip ada');
    expect((await client.get('/bob')).text()).toBe('any bob'); // thrown decline falls through too
    const all = setup([route('no', '~/x', () => DECLINE)]);
    expect((await all.client.get('/x')).status).toBe(404);
  });

  it('routes under a base path, builds URLs with it and the rewriting hook, and exposes rest:/params', async () => {
    const { client, overlay } = setup(
      [route('page', '~/a/:id', async (ctx) => [await restUrl(ctx, '~/a/2'), await restParams(ctx), await ctx.source('rest:/path'), await ctx.source('rest:/method')])],
      { basePath: '/api/v2/', rewriteUrl: (url) => `${url}?s=1` },
    );
    expect(overlay.basePath).toBe('/api/v2');
    expect(overlay.url('~/foo/bar')).toBe('/api/v2/foo/bar');
    expect(overlay.url('/elsewhere')).toBe('/elsewhere');
    expect((await client.get('/api/v2/a/1')).json()).toEqual(['/api/v2/a/2?s=1', { id: '1' }, '~/a/1', 'GET']);
    expect((await client.get('/a/1')).status).toBe(404);
  });

  it('passes unmatched paths to the wrapped space, and is transparent to requests that are not HTTP', async () => {
    const { client, kernel, app } = setup([route('r', '~/r', () => 'routed'), { grammar: 'res:/style.css', onSource: () => 'body{}' }]);
    expect((await client.get('/style.css')).text()).toBe('body{}');
    expect((await client.get('/r')).text()).toBe('routed');
    const outer = new StandardSpace('urn:test:outer', [new RestOverlay({ space: app, id: 'plain' })]);
    expect(await kernel.source('res:/style.css', { scope: outer })).toBe('body{}');
  });

  it('gives cacheable targets an ETag and answers If-None-Match with 304; MD5 ETags; none for per-request answers', async () => {
    const { client } = setup([
      route('c', '~/cached', () => 'same'),
      route('m', '~/md5', (ctx) => ctx.createResponseFrom('fresh').setExpiry('ALWAYS'), { etag: 'md5' }),
      route('p', '~/per-request', async (ctx) => `q=${await ctx.source('httpRequest:/query')}`),
    ]);
    const first = await client.get('/cached');
    const tag = first.header('etag')!;
    expect(tag).toMatch(/^".+"$/);
    const again = await client.get('/cached', { headers: { 'if-none-match': tag } });
    expect([again.status, again.text()]).toEqual([304, '']);
    const md5 = await client.get('/md5');
    expect(md5.header('etag')).toBe(`"${createHash('md5').update('fresh').digest('base64url')}"`);
    expect((await client.get('/md5', { headers: { 'if-none-match': md5.header('etag')! } })).status).toBe(304);
    expect((await client.get('/per-request?x')).header('etag')).toBeUndefined();
  });

  it('compresses with gzip when asked and accepted', async () => {
    const { client } = setup([route('z', '~/z', () => 'x'.repeat(500), { compress: true })]);
    const zipped = await client.get('/z', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect([zipped.header('content-encoding'), zipped.header('vary'), gunzipSync(zipped.body).toString()]).toEqual(['gzip', 'Accept-Encoding', 'x'.repeat(500)]);
    expect(zipped.header('content-type')).toBe('text/plain; charset=utf-8');
    const plain = await client.get('/z', { headers: { 'accept-encoding': 'gzip;q=0' } });
    expect([plain.header('content-encoding'), plain.text().length]).toEqual([undefined, 500]);
  });

  it('sends 404, 405, 406 and endpoint failures through its exception handler', async () => {
    const seen: unknown[] = [];
    const { client } = setup(
      [
        route('u', '~/u', () => 'u', { produces: 'text/plain' }),
        route('boom', '~/boom', () => {
          throw new Error('kaput');
        }),
        { grammar: { active: { identifier: 'active:errors', arguments: [{ name: 'exception' }] } }, onSource: async (ctx) => {
          const ex = await ctx.source('arg:exception');
          seen.push(ex);
          return `error ${restStatusOf(ex).status}`;
        } },
      ],
      { auto404: true, exceptionHandler: 'active:errors' },
    );
    const r404 = await client.get('/none');
    const r405 = await client.put('/u');
    const r406 = await client.get('/u', { headers: { accept: 'text/html' } });
    const r500 = await client.get('/boom');
    expect([r404.status, r404.text()]).toEqual([404, 'error 404']);
    expect([r405.status, r405.text(), r405.header('allow')]).toEqual([405, 'error 405', 'GET, HEAD, OPTIONS']);
    expect([r406.status, r406.text()]).toEqual([406, 'error 406']);
    expect([r500.status, r500.text()]).toEqual([500, 'error 500']);
    expect((seen[0] as { code: string }).code).toBe('REST_NOT_FOUND');
  });

  it('falls back to the bridge when its exception handler fails', async () => {
    const { client } = setup([route('u', '~/u', () => 'u'), { grammar: { active: { identifier: 'active:bad', arguments: [{ name: 'exception' }] } }, onSource: () => { throw new Error('handler broke'); } }], { exceptionHandler: 'active:bad' });
    const response = await client.put('/u');
    expect([response.status, response.header('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
  });
});

describe('RESTOverlay bad input', () => {
  const build = (endpoints: EndpointDefinition[]) => {
    try {
      new RestOverlay({ space: new StandardSpace('urn:test:bad', endpoints), id: 'api' });
    } catch (error) {
      return error as RocError;
    }
    throw new Error('expected a failure');
  };
  const meta = (rest: unknown, grammar: GrammarSpec = 'res:/x') => ({ grammar, meta: { rest }, onSource: () => 'x' }) as EndpointDefinition;

  it('fails on conflicting patterns, naming both', () => {
    const error = build([{ ...meta({ path: '~/user/:id' }), id: 'a' }, { ...meta({ path: 'user/{name}', method: 'GET' }), id: 'b' }]);
    expect(isRocError(error, 'ROC_ERR_ENDPOINT_DEFINITION')).toBe(true);
    expect(error.message).toMatch(/"~\/user\/:id" \(a\) and "user\/\{name\}" \(b\) conflict/);
  });

  it('accepts the same path when priority, pipeline, method or produces tell the rules apart', () => {
    expect(() => new RestOverlay({ space: new StandardSpace(undefined, [meta({ path: '~/a' }), meta({ path: '~/a', priority: 1 }), meta({ path: '~/a', pipeline: 'p' }), meta({ path: '~/a', method: 'POST' }), meta({ path: '~/a', produces: 'text/html', priority: 2 }), meta({ path: '~/a', produces: 'application/json', priority: 2 })]) })).not.toThrow();
    expect(build([meta({ path: '~/a', produces: 'text/html' }), meta({ path: '~/a', produces: ['application/json', 'text/html'] })]).message).toMatch(/conflict/);
  });

  it('fails on patterns and declarations that cannot compile, naming the pattern', () => {
    expect(build([meta({ path: '~/a/*/b' })]).message).toMatch(/"~\/a\/\*\/b".*only be the last segment/);
    expect(build([meta({ path: '~/a', method: 'GE T' })]).message).toMatch(/not an HTTP method/);
    expect(build([meta({ path: '~/a', produces: 'html' })]).message).toMatch(/not a media type/);
    expect(build([meta({ path: '~/a/:id' }, { simple: 'res:/a/{id}/{other}' })]).message).toMatch(/needs other, which path "~\/a\/:id" does not capture/);
    expect(() => new RestOverlay({ space: new StandardSpace(), basePath: 'api' })).toThrow(/must start with/);
  });
});
