import { describe, expect, it } from 'vitest';
import { Request, type RequestContext } from '../../../kernel/index.ts';
import { EXCHANGE_HEADER } from '../transport-endpoint.ts';
import { InProcessExchange } from './in-process-exchange.ts';
import type { UploadedFile } from './multipart.ts';
import { bridged } from './test-support.ts';

/** An endpoint that answers with what it read from httpRequest:, as JSON. */
function reader(read: (ctx: RequestContext) => Promise<unknown>) {
  return async (ctx: RequestContext) => ({ value: await read(ctx) });
}

describe('httpRequest: resources', () => {
  it('answers method, url, path, query, headers, cookies, remote host and the preferred media type', async () => {
    const { app, client } = bridged();
    app.mount('res:/info', reader(async (ctx) => ({
      method: await ctx.source('httpRequest:/method'),
      url: await ctx.source('httpRequest:/url'),
      path: await ctx.source('httpRequest:/path'),
      query: await ctx.source('httpRequest:/query'),
      agent: await ctx.source('httpRequest:/header/User-Agent'),
      missingHeader: await ctx.source('httpRequest:/header/x-none'),
      hasAgent: await ctx.exists('httpRequest:/header/user-agent'),
      headers: await ctx.source('httpRequest:/headers'),
      theme: await ctx.source('httpRequest:/cookie/theme'),
      cookies: await ctx.source('httpRequest:/cookies'),
      noCookie: await ctx.exists('httpRequest:/cookie/none'),
      remote: await ctx.source('httpRequest:/remote-host'),
      preferred: await ctx.source('httpRequest:/accept/preferred'),
      accept: await ctx.source('httpRequest:/accept'),
      secure: await ctx.source('httpRequest:/secure'),
    })));
    const r = await client.get('/info?a=1&b=two', { headers: { 'user-agent': 'tester', cookie: 'theme=dark; lang="en"', accept: 'text/html;q=0.5, application/json' } });
    expect((r.json() as { value: unknown }).value).toMatchObject({
      method: 'GET',
      url: 'http://localhost/info?a=1&b=two',
      path: '/info',
      query: 'a=1&b=two',
      agent: 'tester',
      missingHeader: '',
      hasAgent: true,
      headers: { 'user-agent': 'tester', host: 'localhost' },
      theme: 'dark',
      cookies: { theme: 'dark', lang: 'en' },
      noCookie: false,
      remote: '127.0.0.1',
      preferred: 'application/json',
      accept: ['application/json', 'text/html'],
      secure: false,
    });
  });

  it('merges query and form parameters; the single read cleans and refuses repeats; raw and all-values reads keep everything', async () => {
    const { app, client } = bridged();
    app.mount('res:/p', reader(async (ctx) => ({
      name: await ctx.source('httpRequest:/param/name'),
      tag: await ctx.source('httpRequest:/param/tag'),
      absent: await ctx.source('httpRequest:/param/absent'),
      absentExists: await ctx.exists('httpRequest:/param/absent'),
      emptyExists: await ctx.exists('httpRequest:/param/empty'),
      tags: await ctx.source('httpRequest:/param-values/tag'),
      rawName: await ctx.source('httpRequest:/param-raw/name'),
      spaced: await ctx.source('httpRequest:/param/a%20b'),
      params: await ctx.source('httpRequest:/params'),
    })));
    const r = await client.post('/p?tag=x&empty=&a%20b=ok', { form: { name: '  Ada \r\n  Lovelace ', tag: 'y' } });
    expect((r.json() as { value: unknown }).value).toEqual({
      name: 'Ada Lovelace',
      tag: '',
      absent: '',
      absentExists: false,
      emptyExists: true,
      tags: ['x', 'y'],
      rawName: ['  Ada \r\n  Lovelace '],
      spaced: 'ok',
      params: { tag: ['x', 'y'], empty: [''], 'a b': ['ok'], name: ['  Ada \r\n  Lovelace '] },
    });
  });

  it('reads the body as bytes, text, JSON or XML, as asked', async () => {
    const { app, client } = bridged();
    app.mount('res:/raw', async (ctx) => (await ctx.source('httpRequest:/body', 'bytes')).length);
    app.mount('res:/text', async (ctx) => `${await ctx.source('httpRequest:/body', 'string')}!`);
    app.mount('res:/json', async (ctx) => ({ got: await ctx.source('httpRequest:/body', 'json') }));
    app.mount('res:/xml', async (ctx) => (await ctx.source('httpRequest:/body', 'xml')).root.name);
    expect((await client.post('/raw', { body: 'abc' })).text()).toBe('3');
    expect((await client.post('/text', { body: 'héllo' })).text()).toBe('héllo!');
    expect((await client.post('/json', { json: { a: 1 } })).json()).toEqual({ got: { a: 1 } });
    expect((await client.post('/xml', { body: '<order id="1"/>' })).text()).toBe('order');
  });

  it('never reads the body of a request that does not ask for it, even when parameters are read', async () => {
    const { app, kernel, fulcrum } = bridged();
    app.mount('res:/q', async (ctx) => `q=${await ctx.source('httpRequest:/param/q')}`);
    app.mount('res:/form', async (ctx) => `f=${await ctx.source('httpRequest:/param/f')}`);
    let reads = 0;
    class Counting extends InProcessExchange {
      override readBody(): Promise<Buffer> {
        reads++;
        return super.readBody();
      }
    }
    const send = async (path: string, type: string) => {
      const x = new Counting({ method: 'POST', url: `http://localhost${path}`, headers: { 'content-type': type }, body: Buffer.from('f=1') });
      await kernel.issue(new Request(x.url).setHeader(EXCHANGE_HEADER, x), kernel.scopeFor(fulcrum), undefined, false);
      return x.responseBody.toString();
    };
    expect(await send('/q?q=7', 'application/x-www-form-urlencoded')).toBe('q=7');
    expect(await send('/q?q=7', 'application/json')).toBe('q=7');
    expect(reads).toBe(1); // only the form POST, whose parameters live in the body
    expect(await send('/form', 'application/x-www-form-urlencoded')).toBe('f=1');
    expect(reads).toBe(2);
  });

  it('serves multipart uploads as files, and their text fields as parameters', async () => {
    const { app, client } = bridged();
    app.mount('res:/up', reader(async (ctx) => {
      const file = (await ctx.source('httpRequest:/upload/doc')) as UploadedFile;
      return {
        title: await ctx.source('httpRequest:/param/title'),
        file: { name: file.filename, type: file.contentType, text: file.bytes.toString() },
        uploads: await ctx.source('httpRequest:/uploads'),
        hasOther: await ctx.exists('httpRequest:/upload/other'),
      };
    }));
    const body = [
      '--XyZ', 'Content-Disposition: form-data; name="title"', '', 'My doc',
      '--XyZ', 'Content-Disposition: form-data; name="doc"; filename="a.txt"', 'Content-Type: text/plain', '', 'file body',
      '--XyZ--', '',
    ].join('\r\n');
    const r = await client.post('/up', { body, headers: { 'content-type': 'multipart/form-data; boundary=XyZ' } });
    expect((r.json() as { value: unknown }).value).toEqual({
      title: 'My doc',
      file: { name: 'a.txt', type: 'text/plain', text: 'file body' },
      uploads: [{ field: 'doc', filename: 'a.txt', contentType: 'text/plain', size: 9 }],
      hasOther: false,
    });
  });

  it('answers each request from its own data: nothing read from one request is served to another', async () => {
    const { app, client } = bridged();
    app.mount('res:/who', async (ctx) => `hello ${await ctx.source('httpRequest:/param/name')}`);
    expect((await client.get('/who?name=ada')).text()).toBe('hello ada');
    expect((await client.get('/who?name=bob')).text()).toBe('hello bob');
  });

  it('refuses SINK to httpRequest: and unknown resources', async () => {
    const { app, client } = bridged();
    app.mount('res:/w', async (ctx) => void (await ctx.sink('httpRequest:/method', 'PUT')));
    app.mount('res:/u', async (ctx) => ctx.source('httpRequest:/nonsense'));
    expect((await client.get('/w')).status).toBe(500);
    expect((await client.get('/u')).status).toBe(500);
  });
});
