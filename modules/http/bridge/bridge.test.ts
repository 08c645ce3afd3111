import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { XmlDocument, type RequestContext } from '../../../kernel/index.ts';
import { bridged } from './test-support.ts';

describe('HTTPBridge: writing representations', () => {
  it('writes strings, HTML by mime, JSON values, bytes, XML documents and streams with their content types', async () => {
    const { app, client } = bridged();
    app.mount('res:/text', () => 'plain text');
    app.mount('res:/page', (ctx) => ctx.createResponseFrom('<h1>hi</h1>').setMimeType('text/html'));
    app.mount('res:/data', () => ({ a: [1, 2], ok: true }));
    app.mount('res:/bytes', () => new Uint8Array([1, 2, 3]));
    app.mount('res:/doc', () => new XmlDocument({ name: 'doc', attributes: {}, children: [] }, '<doc/>'));
    app.mount('res:/stream', (ctx) => ctx.createResponseFrom(Readable.from(['one ', 'two'])).setMimeType('text/plain').setExpiry('ALWAYS'));

    const text = await client.get('/text');
    expect([text.status, text.header('content-type'), text.text()]).toEqual([200, 'text/plain; charset=utf-8', 'plain text']);
    const page = await client.get('/page');
    expect([page.header('content-type'), page.text()]).toEqual(['text/html; charset=utf-8', '<h1>hi</h1>']);
    const data = await client.get('/data');
    expect([data.header('content-type'), data.json()]).toEqual(['application/json; charset=utf-8', { a: [1, 2], ok: true }]);
    const bytes = await client.get('/bytes');
    expect([bytes.header('content-type'), [...bytes.body]]).toEqual(['application/octet-stream', [1, 2, 3]]);
    const doc = await client.get('/doc');
    expect([doc.header('content-type'), doc.text()]).toEqual(['application/xml; charset=utf-8', '<doc/>']);
    const stream = await client.get('/stream');
    expect([stream.status, stream.text(), stream.header('content-length')]).toEqual([200, 'one two', '7']);
  });

  it('answers 204 when the endpoint returns nothing', async () => {
    const { app, client } = bridged();
    app.mount('res:/nothing', () => undefined);
    const response = await client.get('/nothing');
    expect(response.status).toBe(204);
    expect(response.body.length).toBe(0);
  });

  it('adds nosniff and frame options by default, each switchable, and never overrides the application', async () => {
    const on = bridged();
    on.app.mount('res:/x', () => 'x');
    on.app.mount('res:/own', (ctx) => ctx.createResponseFrom('x').setHeader('httpResponse:/header/X-Frame-Options', 'DENY'));
    const x = await on.client.get('/x');
    expect(x.header('x-content-type-options')).toBe('nosniff');
    expect(x.header('x-frame-options')).toBe('SAMEORIGIN');
    expect((await on.client.get('/own')).header('x-frame-options')).toBe('DENY');

    const off = bridged({ securityHeaders: { nosniff: false, frameOptions: false } });
    off.app.mount('res:/x', () => 'x');
    const plain = await off.client.get('/x');
    expect(plain.header('x-content-type-options')).toBeUndefined();
    expect(plain.header('x-frame-options')).toBeUndefined();
  });
});

describe('HTTPBridge: rewrite rules', () => {
  it('uses the NetKernel default: the path under res:/, the query left to httpRequest:', async () => {
    const { app, client } = bridged();
    app.mount({ grammar: { simple: 'res:/users/{id}' }, onSource: (ctx) => `user ${ctx.thisRequest.argumentValue('id')}` });
    expect((await client.get('/users/7?full=1')).text()).toBe('user 7');
  });

  it('applies the first rule that matches the whole URL, and answers 404 when none does', async () => {
    const { app, client } = bridged({
      rewrite: [
        { match: 'https?://[^/]*/api/(.*)', to: 'res:/v2/$1' },
        { match: 'https?://[^/]*/api/old', to: 'res:/never' },
        { match: 'https?://[^/]*/site/([^?]*)(\\?.*)?', to: 'res:/pages/$1' },
      ],
    });
    app.mount({ grammar: { simple: 'res:/v2/{rest}' }, onSource: (ctx) => `api ${ctx.thisRequest.argumentValue('rest')}` });
    app.mount({ grammar: { simple: 'res:/pages/{p}' }, onSource: (ctx) => `page ${ctx.thisRequest.argumentValue('p')}` });
    expect((await client.get('/api/old')).text()).toBe('api old');
    expect((await client.get('/site/home?x=1')).text()).toBe('page home');
    const none = await client.get('/elsewhere', { headers: { accept: 'application/json' } });
    expect(none.status).toBe(404);
    expect(none.json()).toMatchObject({ status: 404, code: 'ROC_ERR_HTTP_NO_REWRITE' });
  });
});

describe('HTTPBridge: httpResponse: and response headers', () => {
  it('takes code, headers, cookies and redirects sunk to httpResponse:', async () => {
    const { app, client } = bridged();
    app.mount('res:/made', async (ctx: RequestContext) => {
      await ctx.sink('httpResponse:/code', 201);
      await ctx.sink('httpResponse:/header/Location', '/made/1');
      await ctx.sink('httpResponse:/cookie', { name: 'seen', value: 'yes', maxAge: 60 });
      await ctx.sink('httpResponse:/cookie', 'raw=1; Path=/');
      return 'created';
    });
    app.mount('res:/go', async (ctx: RequestContext) => void (await ctx.sink('httpResponse:/redirect', '/made')));
    app.mount('res:/moved', async (ctx: RequestContext) => {
      await ctx.sink('httpResponse:/code', 301);
      await ctx.sink('httpResponse:/redirect', 'https://example.org/new');
    });
    const made = await client.get('/made');
    expect([made.status, made.header('location'), made.text()]).toEqual([201, '/made/1', 'created']);
    expect(made.cookies).toEqual({ seen: 'yes', raw: '1' });
    expect(made.headers['set-cookie']).toContain('seen=yes; Path=/; Max-Age=60; HttpOnly; SameSite=Lax');
    const go = await client.get('/go');
    expect([go.status, go.header('location')]).toEqual([302, '/made']);
    const moved = await client.get('/moved');
    expect([moved.status, moved.header('location')]).toEqual([301, 'https://example.org/new']);
  });

  it('takes the same settings from response headers: code, header, mime, cache expiry, cookie, redirect', async () => {
    const { app, client } = bridged();
    app.mount('res:/r', (ctx) =>
      ctx
        .createResponseFrom('{"x":1}')
        .setHeader('httpResponse:/code', 202)
        .setHeader('httpResponse:/header/X-Api', 'v2')
        .setHeader('mime', 'application/json')
        .setHeader('HTTP_CACHE_EXPIRES_DELTA_SECONDS', 120)
        .setHeader('httpResponse:/cookie', { name: 'c', value: 'v' }),
    );
    app.mount('res:/away', (ctx) => ctx.createResponseFrom(undefined).setHeader('httpResponse:/redirect', 'http://other.test/'));
    const r = await client.get('/r');
    expect([r.status, r.header('x-api'), r.header('content-type'), r.header('cache-control'), r.cookies.c]).toEqual([202, 'v2', 'application/json; charset=utf-8', 'max-age=120', 'v']);
    const away = await client.get('/away');
    expect([away.status, away.header('location')]).toEqual([302, 'http://other.test/']);
  });

  it('lets a sunk setting win over the same response header', async () => {
    const { app, client } = bridged();
    app.mount('res:/both', async (ctx: RequestContext) => {
      await ctx.sink('httpResponse:/code', 203);
      return ctx.createResponseFrom('x').setHeader('httpResponse:/code', 202);
    });
    expect((await client.get('/both')).status).toBe(203);
  });
});

describe('HTTPBridge: methods and verbs', () => {
  it('issues SOURCE whatever the method by default; httpRequest:/method tells', async () => {
    const { app, client } = bridged();
    app.mount('res:/m', async (ctx) => `${ctx.thisRequest.verb} for ${await ctx.source('httpRequest:/method')}`);
    expect((await client.post('/m', { body: 'x' })).text()).toBe('SOURCE for POST');
    expect((await client.delete('/m')).text()).toBe('SOURCE for DELETE');
  });

  it('maps methods to verbs with methodVerbs: PUT → SINK with the body as primary, DELETE → DELETE, POST → NEW', async () => {
    const { app, client } = bridged({ methodVerbs: true });
    const store = new Map<string, string>();
    app.mount({
      grammar: { simple: 'res:/items/{id}' },
      onSource: (ctx) => store.get(ctx.thisRequest.argumentValue('id')!) ?? 'none',
      onSink: async (ctx) => void store.set(ctx.thisRequest.argumentValue('id')!, Buffer.from((await ctx.sourcePrimary()) as Uint8Array).toString()),
      onDelete: (ctx) => store.delete(ctx.thisRequest.argumentValue('id')!),
      onNew: async (ctx) => `new from ${Buffer.from((await ctx.sourcePrimary()) as Uint8Array).toString()}`,
    });
    expect((await client.put('/items/a', { body: 'apple' })).status).toBe(204);
    expect((await client.get('/items/a')).text()).toBe('apple');
    expect((await client.post('/items/b', { body: 'seed' })).text()).toBe('new from seed');
    expect((await client.delete('/items/a')).text()).toBe('true');
    expect((await client.get('/items/a')).text()).toBe('none');
  });

  it('answers 405 with Allow when the resource lacks the verb a method maps to', async () => {
    const { app, client } = bridged({ methodVerbs: true });
    app.mount('res:/read-only', () => 'r');
    const put = await client.put('/read-only', { body: 'x' });
    expect(put.status).toBe(405);
    expect(put.header('allow')).toBe('GET, HEAD');
  });
});
