import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await once(c, 'exit');
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The session example, with its store switched to the shared Redis under a fresh prefix. */
function redisBackedSessionModule(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roc-redis-session-'));
  dirs.push(dir);
  const example = resolve('examples/session');
  const xml = readFileSync(join(example, 'module.xml'), 'utf8')
    .replace('<!-- <store>redis://127.0.0.1:6379</store> shares sessions between processes -->', `<store>redis://127.0.0.1:6379</store><storePrefix>roc-test:${randomBytes(6).toString('hex')}</storePrefix>`)
    .replaceAll('./endpoints/pages.ts', join(example, 'endpoints/pages.ts'));
  writeFileSync(join(dir, 'module.xml'), xml);
  return dir;
}

async function rocRun(module: string): Promise<string> {
  const child = spawn(process.execPath, ['bin/roc.mjs', 'run', module, '--port', '0', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  return new Promise((res, rej) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+?)\/ /.exec(out);
      if (m) res(m[1]!);
    });
    child.on('exit', () => rej(new Error(`roc run exited: ${out}`)));
  });
}

describe('sessions shared through Redis', () => {
  it('two roc run processes sharing Redis serve the same session', async () => {
    const module = redisBackedSessionModule();
    const [a, b] = await Promise.all([rocRun(module), rocRun(module)]);
    expect(a).not.toBe(b);
    const first = await fetch(`${a}/session/count`);
    expect(await first.text()).toBe('1');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(await (await fetch(`${b}/session/count`, { headers: { cookie } })).text()).toBe('2');
    expect(await (await fetch(`${a}/session/count`, { headers: { cookie } })).text()).toBe('3');
  });
});
