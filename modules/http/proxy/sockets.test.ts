import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, deadOrigin, proxiedOnSocket, upstream } from './test-support.ts';

afterEach(closeAll);

describe('HTTPProxy over real sockets (HttpTransportEndpoint on 127.0.0.1, port 0)', () => {
  it('streams the request body up and the response body down, chunk by chunk', async () => {
    let firstPartArrived!: () => void;
    const arrived = new Promise<void>((r) => (firstPartArrived = r));
    let releaseTail!: () => void;
    const tail = new Promise<void>((r) => (releaseTail = r));
    const origin = await upstream((req, res) => {
      if (req.url === '/upload') {
        let size = 0;
        req.on('data', (c: Buffer) => {
          size += c.length;
          firstPartArrived();
        });
        req.on('end', () => res.end(`got ${size}`));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('head-of-body;');
      void tail.then(() => res.end('tail'));
    });
    const proxy = await proxiedOnSocket({ path: '/up/', target: origin, timeout: 3_000 });

    // Upload: the upstream sees the first part while the client is still sending.
    const upload = new Promise<string>((resolve, reject) => {
      const req = http.request(`${proxy}/up/upload`, { method: 'POST', agent: false, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.write('x'.repeat(1000));
      void arrived.then(() => req.end('y'.repeat(1000)));
    });
    expect(await upload).toBe('got 2000');

    // Download: the client reads the first chunk before the upstream has finished.
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`${proxy}/up/stream`, { agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          if (text === '') releaseTail();
          text += c;
        });
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toBe('head-of-body;tail');
  });

  it('answers 502 for a dead upstream and 504 for a silent one, within the timeout', async () => {
    const silent = await upstream(() => undefined);
    const dead = await proxiedOnSocket({ path: '/d/', target: await deadOrigin(), timeout: 1_000 });
    expect((await fetch(`${dead}/d/x`)).status).toBe(502);
    const slow = await proxiedOnSocket({ path: '/s/', target: silent, timeout: 150 });
    const response = await fetch(`${slow}/s/x`);
    expect([response.status, await response.text()]).toEqual([504, '504 Gateway Timeout\n']);
  });
});
