import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';

let child: ReturnType<typeof spawn> | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

describe('npm start', () => {
  it('serves the example application over HTTP and stops on SIGTERM', async () => {
    // What `npm start` runs (package.json), on any free port.
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ');
    expect(start[0]).toBe('node');
    child = spawn(process.execPath, start.slice(1), { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child!.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const hello = await fetch(`${url}hello/roc`);
    expect(hello.status).toBe(200);
    expect(await hello.text()).toBe('Hello, roc!');
    expect(hello.headers.get('content-type')).toMatch(/^text\/plain/);
    const index = await fetch(url);
    const html = await index.text();
    for (const link of ['/hello/world', '/tutorial/', '/session/', '/api/items']) {
      expect(html).toContain(`href="${link}"`);
      expect((await fetch(new URL(link, url))).status, link).toBe(200);
    }
    const missing = await fetch(`${url}nope`);
    expect(missing.status).toBe(404);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
