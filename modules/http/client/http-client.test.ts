import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Kernel, Request, XmlDocument, type Response } from '../../../kernel/index.ts';
import { Import } from '../../../spaces/import.ts';
import { Rootspace } from '../../../spaces/rootspace.ts';
import { createHttpClientSpace, HTTP_CLIENT_URI } from './index.ts';
import { rejectionWith, sendText, startUpstream, type Upstream } from './test-support.ts';

// The client as a module sees it: imported into the application's rootspace.
function clientKernel() {
  const kernel = new Kernel();
  const app = new Rootspace({ uri: 'urn:test:app' });
  app.mount(new Import(createHttpClientSpace()));
  const scope = kernel.scopeFor(app);
  return {
    kernel,
    source: (id: string) => kernel.source(id, { scope }),
    request: (r: Request): Promise<Response> => kernel.request(r, scope),
  };
}

const upstreams: Upstream[] = [];
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((u) => u.close()));
});
async function upstream(...args: Parameters<typeof startUpstream>): Promise<Upstream> {
  const u = await startUpstream(...args);
  upstreams.push(u);
  return u;
}

// An upstream that answers every request with what it received, as JSON.
const echo = () =>
  upstream((req, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('x-upstream', 'echo');
    res.end(JSON.stringify({ method: req.method, url: req.url, contentType: req.headers['content-type'] ?? null, accept: req.headers.accept ?? null, body: req.body }));
  });

describe('HTTP client: methods, bodies and headers', () => {
  it('the space has the URI modules import it by', () => {
    expect(createHttpClientSpace().uri).toBe(HTTP_CLIENT_URI);
    expect(HTTP_CLIENT_URI).toBe('urn:org:netkernel:client:http');
  });

  it('GET sends config headers; status, headers, final URL and mime type are on the response', async () => {
    const u = await echo();
    const { request } = clientKernel();
    const r = await request(new Request('active:httpGet').addArgument('url', `${u.origin}/items?x=1&y=a%20b`).addArgumentByValue('config', { headers: { Accept: 'application/json' } }));
    expect(JSON.parse(r.representation as string)).toEqual({ method: 'GET', url: '/items?x=1&y=a%20b', contentType: null, accept: 'application/json', body: '' });
    expect(r.mimeType).toBe('application/json');
    expect(r.getHeader('httpStatus')).toBe(200);
    expect(r.getHeader('httpStatusText')).toBe('OK');
    expect(r.getHeader('httpUrl')).toBe(`${u.origin}/items?x=1&y=a%20b`);
    const headers = r.getHeader('httpHeaders') as Record<string, string>;
    expect(headers['x-upstream']).toBe('echo');
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('a JSON body is a string the caller can ask for as JSON', async () => {
    const u = await echo();
    const { kernel } = clientKernel();
    const app = new Rootspace({ uri: 'urn:test:json' });
    app.mount(new Import(createHttpClientSpace()));
    const json = await kernel.source(`active:httpGet+url@${u.origin}/j`, { scope: kernel.scopeFor(app), as: 'json' });
    expect(json).toMatchObject({ method: 'GET', url: '/j' });
  });

  it('POST sends a string, JSON or XML state with a matching Content-Type; PUT sends bytes', async () => {
    const u = await echo();
    const { request } = clientKernel();
    const post = async (state: unknown) => JSON.parse((await request(new Request('active:httpPost').addArgument('url', `${u.origin}/p`).addArgumentByValue('state', state))).representation as string);
    expect(await post('hello')).toMatchObject({ method: 'POST', contentType: 'text/plain; charset=utf-8', body: 'hello' });
    expect(await post({ a: [1, 2] })).toMatchObject({ contentType: 'application/json', body: '{"a":[1,2]}' });
    const xml = new XmlDocument({ name: 'doc', attributes: {}, children: ['x'] }, '<doc>x</doc>');
    expect(await post(xml)).toMatchObject({ contentType: 'application/xml; charset=utf-8', body: '<doc>x</doc>' });
    const put = await request(new Request('active:httpPut').addArgument('url', `${u.origin}/q`).addArgumentByValue('state', new Uint8Array([104, 105])));
    expect(JSON.parse(put.representation as string)).toMatchObject({ method: 'PUT', contentType: 'application/octet-stream', body: 'hi' });
  });

  it('the state mime type is sent as Content-Type, and a config Content-Type overrides it', async () => {
    const u = await echo();
    const { source } = clientKernel();
    const fromData = JSON.parse((await source(`active:httpPost+url@${u.origin}/d+state@data:text/csv,a;b`)) as string);
    expect(fromData).toMatchObject({ contentType: 'text/csv', body: 'a;b' });
    const { request } = clientKernel();
    const r = await request(
      new Request('active:httpPut').addArgument('url', `${u.origin}/e`).addArgumentByValue('state', '{}').addArgumentByValue('config', { headers: { 'Content-Type': 'application/merge-patch+json' } }),
    );
    expect(JSON.parse(r.representation as string)).toMatchObject({ method: 'PUT', contentType: 'application/merge-patch+json', body: '{}' });
  });

  it('DELETE: a 204 reads as the empty string; other statuses are returned, not thrown', async () => {
    const u = await upstream((req, res) => {
      res.statusCode = req.url === '/gone' ? 404 : 204;
      res.end(req.url === '/gone' ? 'no such thing' : undefined);
    });
    const { request } = clientKernel();
    const deleted = await request(new Request('active:httpDelete').addArgument('url', `${u.origin}/thing`));
    expect([deleted.representation, deleted.getHeader('httpStatus')]).toEqual(['', 204]);
    const missing = await request(new Request('active:httpGet').addArgument('url', `${u.origin}/gone`));
    expect(missing.getHeader('httpStatus')).toBe(404);
    expect(u.seen.map((s) => s.method)).toEqual(['DELETE', 'GET']);
  });

  it('failOnStatus turns a non-2xx/3xx status into ROC_ERR_HTTP_CLIENT with the status', async () => {
    const u = await upstream((_req, res) => {
      res.statusCode = 503;
      res.end('down for maintenance');
    });
    const { request } = clientKernel();
    const error = await rejectionWith(request(new Request('active:httpGet').addArgument('url', `${u.origin}/x`).addArgumentByValue('config', { failOnStatus: true })));
    expect(error.details).toMatchObject({ method: 'GET', kind: 'status', status: 503 });
    expect(error.message).toBe(`HTTP request GET ${u.origin}/x failed: the server answered 503 Service Unavailable`);
  });

  it('a body without Content-Type stays bytes (the caller transrepts it)', async () => {
    const u = await upstream((_req, res) => res.end('untyped'));
    const { kernel, request } = clientKernel();
    const r = await request(new Request(`${u.origin}/`));
    expect(r.representation).toBeInstanceOf(Uint8Array);
    expect(r.mimeType).toBeUndefined();
    expect(await kernel.transrept(r.representation, 'string')).toBe('untyped');
  });

  it('text is decoded with its charset; binary types stay bytes; gzip bodies are decoded', async () => {
    const u = await upstream((req, res) => {
      if (req.url === '/latin1') {
        res.setHeader('content-type', 'text/plain; charset=ISO-8859-1');
        res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
      } else if (req.url === '/png') {
        res.setHeader('content-type', 'image/png');
        res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      } else {
        res.setHeader('content-type', 'text/html');
        res.setHeader('content-encoding', 'gzip');
        res.end(gzipSync('<p>zipped</p>'));
      }
    });
    const { source, request } = clientKernel();
    expect(await source(`${u.origin}/latin1`)).toBe('café');
    const png = await request(new Request(`${u.origin}/png`));
    expect(png.representation).toBeInstanceOf(Uint8Array);
    expect([...(png.representation as Uint8Array)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.mimeType).toBe('image/png');
    const zipped = await request(new Request(`${u.origin}/zipped`));
    expect(zipped.representation).toBe('<p>zipped</p>');
    expect((zipped.getHeader('httpHeaders') as Record<string, string>)['content-encoding']).toBeUndefined();
    expect(u.seen[2]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('the url may be passed by value or as a data: URI; a non-http URL is a bad argument', async () => {
    const u = await echo();
    const { source, request } = clientKernel();
    const byValue = await request(new Request('active:httpGet').addArgumentByValue('url', `${u.origin}/v`));
    expect(JSON.parse(byValue.representation as string)).toMatchObject({ url: '/v' });
    expect(JSON.parse((await source(`active:httpGet+url@data:text/plain,${u.origin}/w`)) as string)).toMatchObject({ url: '/w' });
    const error = await rejectionWith(source('active:httpGet+url@data:text/plain,ftp://example/x'), 'ROC_ERR_ARGUMENT');
    expect(error.message).toMatch(/only http: and https: URLs/);
  });

  it('credentials become Basic authorization', async () => {
    const u = await upstream((req, res) => sendText(res, req.headers.authorization ?? 'none'));
    const { request } = clientKernel();
    const r = await request(new Request('active:httpGet').addArgument('url', `${u.origin}/`).addArgumentByValue('config', { credentials: { username: 'ada', password: 's3cret' } }));
    expect(r.representation).toBe(`Basic ${Buffer.from('ada:s3cret').toString('base64')}`);
  });
});

describe('HTTP client: config forms', () => {
  it('reads the XML form, as an XmlDocument or as XML text', async () => {
    const u = await upstream((req, res) => sendText(res, `${req.headers['x-a'] ?? ''}|${req.headers['x-b'] ?? ''}`));
    const { kernel, request } = clientKernel();
    const xml = '<config><header name="X-A">one</header><header name="X-B">two</header><timeout>5000</timeout><maxRedirects>0</maxRedirects></config>';
    const doc = await kernel.transrept(xml, 'xml');
    const asDoc = await request(new Request('active:httpGet').addArgument('url', `${u.origin}/1`).addArgumentByValue('config', doc));
    expect(asDoc.representation).toBe('one|two');
    const asText = await request(new Request('active:httpGet').addArgument('url', `${u.origin}/2`).addArgumentByValue('config', xml));
    expect(asText.representation).toBe('one|two');
  });

  it('reads JSON text, and rejects bad configs with ROC_ERR_ARGUMENT naming the field', async () => {
    const u = await upstream((req, res) => sendText(res, String(req.headers['x-a'])));
    const { request } = clientKernel();
    const get = (config: unknown) => request(new Request('active:httpGet').addArgument('url', `${u.origin}/`).addArgumentByValue('config', config));
    expect((await get('{"headers":{"X-A":"json"}}')).representation).toBe('json');
    const cases: [unknown, RegExp][] = [
      [{ timeout: -1 }, /config: timeout: /],
      [{ retries: 3 }, /config: .*retries/],
      [{ headers: { 'bad name': 'x' } }, /not a valid HTTP header name/],
      [{ headers: { 'X-A': 'a\r\nInjected: yes' } }, /CR, LF or NUL/],
      ['<config><colour>red</colour></config>', /unknown element <colour>/],
      ['<config><timeout>soon</timeout></config>', /<timeout> must be a whole number/],
      ['<config><unclosed>', /not well-formed XML/],
      ['not json', /neither XML nor JSON/],
    ];
    for (const [config, message] of cases) {
      const error = await rejectionWith(get(config), 'ROC_ERR_ARGUMENT');
      expect(error.message, JSON.stringify(config)).toMatch(message);
    }
    expect(u.seen).toHaveLength(1); // a bad config never reaches the network
  });
});
