import { afterEach, describe, expect, it } from 'vitest';
import { Kernel, Request, type Response } from '../../../kernel/index.ts';
import { createHttpClientSpace } from './index.ts';
import { closedPort, rejectionWith, sendText, startRawUpstream, startUpstream } from './test-support.ts';

function clientKernel() {
  const kernel = new Kernel();
  const scope = kernel.scopeFor(createHttpClientSpace());
  return {
    source: (id: string) => kernel.source(id, { scope }),
    request: (r: Request): Promise<Response> => kernel.request(r, scope),
  };
}
const get = (url: string, config?: unknown) => {
  const r = new Request('active:httpGet').addArgument('url', url);
  return config === undefined ? r : r.addArgumentByValue('config', config);
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
async function track<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const s = await server;
  closers.push(() => s.close());
  return s;
}

describe('HTTP client: redirects', () => {
  it('follows redirects; the final URL is on the response; 303 after POST continues as GET', async () => {
    const u = await track(
      startUpstream((req, res) => {
        if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
        else if (req.url === '/form') res.writeHead(303, { location: '/done' }).end();
        else sendText(res, `${req.method} ${req.url} ${req.body}`);
      }),
    );
    const { request } = clientKernel();
    const moved = await request(get(`${u.origin}/old`));
    expect([moved.representation, moved.getHeader('httpStatus'), moved.getHeader('httpUrl')]).toEqual(['GET /new ', 200, `${u.origin}/new`]);
    const posted = await request(new Request('active:httpPost').addArgument('url', `${u.origin}/form`).addArgumentByValue('state', 'a=1'));
    expect(posted.representation).toBe('GET /done ');
    expect(u.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /old', 'GET /new', 'POST /form', 'GET /done']);
  });

  it('a redirect loop is bounded by maxRedirects and reported as a loop', async () => {
    const u = await track(startUpstream((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end()));
    const { request } = clientKernel();
    const error = await rejectionWith(request(get(`${u.origin}/a`)));
    expect(error.details.kind).toBe('redirects');
    expect(error.message).toMatch(/redirect loop: more than 5 \(.*\/a → .*\/b → .*\/a/);
    expect(u.seen).toHaveLength(6); // the first request and 5 redirects, then it stops
    const fewer = await rejectionWith(request(get(`${u.origin}/b`, { maxRedirects: 2 })));
    expect(fewer.message).toMatch(/more than 2/);
    expect(u.seen).toHaveLength(9);
  });

  it('an endless chain of distinct URLs is "too many redirects"', async () => {
    const u = await track(startUpstream((req, res) => res.writeHead(307, { location: `${req.url}x` }).end()));
    const error = await rejectionWith(clientKernel().request(get(`${u.origin}/`, { maxRedirects: 3 })));
    expect(error.message).toMatch(/too many redirects: more than 3/);
  });

  it('maxRedirects 0 returns the redirect itself', async () => {
    const u = await track(startUpstream((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end()));
    const r = await clientKernel().request(get(`${u.origin}/`, { maxRedirects: 0 }));
    expect(r.getHeader('httpStatus')).toBe(302);
    expect((r.getHeader('httpHeaders') as Record<string, string>)['location']).toBe('/elsewhere');
  });

  it('credentials are not carried to another origin', async () => {
    const other = await track(startUpstream((req, res) => sendText(res, req.headers.authorization ?? 'none')));
    const first = await track(startUpstream((req, res) => res.writeHead(302, { location: `${other.origin}/landing` }).end()));
    const r = await clientKernel().request(get(`${first.origin}/`, { credentials: { username: 'a', password: 'b' } }));
    expect(first.seen[0]?.headers.authorization).toMatch(/^Basic /);
    expect(r.representation).toBe('none');
  });

  it('a redirect to another scheme is refused', async () => {
    const u = await track(startUpstream((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end()));
    const error = await rejectionWith(clientKernel().request(get(`${u.origin}/`)));
    expect(error.message).toMatch(/unsupported scheme file:/);
  });
});

describe('HTTP client: an upstream that is down, slow or broken', () => {
  it('down (nothing listening): ROC_ERR_HTTP_CLIENT kind refused', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/x`;
    const error = await rejectionWith(clientKernel().source(url));
    expect(error.details).toMatchObject({ method: 'GET', url, kind: 'refused' });
    expect(error.message).toMatch(/^HTTP request GET http:\/\/127\.0\.0\.1:\d+\/x failed: connection refused/);
  });

  it('slow to answer: fails after the configured timeout', async () => {
    const u = await track(startRawUpstream(() => undefined)); // accepts, never answers
    const error = await rejectionWith(clientKernel().request(get(`${u.origin}/`, { timeout: 100 })));
    expect(error.details.kind).toBe('timeout');
    expect(error.message).toMatch(/no complete response within 100 ms/);
  });

  it('slow body (headers, then nothing): the timeout covers the body too', async () => {
    const u = await track(startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
      res.write('only a little');
    }));
    const error = await rejectionWith(clientKernel().request(get(`${u.origin}/`, { timeout: 150 })));
    expect(error.details.kind).toBe('timeout');
  });

  it('garbage instead of HTTP: kind protocol', async () => {
    const u = await track(startRawUpstream((socket) => socket.end('this is not HTTP at all\r\n\r\n')));
    const error = await rejectionWith(clientKernel().source(`${u.origin}/`));
    expect(error.details.kind).toBe('protocol');
    expect(error.message).toMatch(/not valid HTTP \(HPE_/);
  });

  it('a body that claims gzip but is not: kind protocol', async () => {
    const u = await track(startUpstream((_req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end('plain, not gzip')));
    const error = await rejectionWith(clientKernel().source(`${u.origin}/`));
    expect(error.details.kind).toBe('protocol');
    expect(error.message).toMatch(/gzip body cannot be decoded \(Z_/);
  });

  it('connection closed without a response, or before the body is complete: kind closed', async () => {
    const hangUp = await track(startRawUpstream((socket) => socket.once('data', () => socket.destroy())));
    expect((await rejectionWith(clientKernel().source(`${hangUp.origin}/`))).details.kind).toBe('closed');
    const short = await track(startRawUpstream((socket) => socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 50\r\n\r\nten bytes!'))));
    const error = await rejectionWith(clientKernel().source(`${short.origin}/`));
    expect(error.details.kind).toBe('closed');
  });

  it('a body larger than maxBytes fails, whether declared or streamed', async () => {
    const u = await track(startUpstream((req, res) => {
      res.setHeader('content-type', 'text/plain');
      if (req.url === '/declared') res.end('x'.repeat(2000));
      else {
        res.write('x'.repeat(1500));
        res.end('x'.repeat(1500));
      }
    }));
    const { request } = clientKernel();
    for (const path of ['/declared', '/chunked']) {
      const error = await rejectionWith(request(get(`${u.origin}${path}`, { maxBytes: 1000 })));
      expect(error.details.kind, path).toBe('too-large');
    }
  });

  it('a password in the URL never appears in an error', async () => {
    const url = `http://user:hunter2@127.0.0.1:${await closedPort()}/`;
    const error = await rejectionWith(clientKernel().request(get(url)));
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('user:***@');
  });
});
