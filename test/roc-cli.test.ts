import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../modules/cli/roc.ts';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await once(c, 'exit');
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function roc(args: string[]) {
  const child = spawn(process.execPath, ['bin/roc.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (m) resolve(m);
      };
      child.stdout!.on('data', check);
      child.on('exit', () => reject(new Error(`exited before ${pattern}: ${out}${err}`)));
      check();
    });
  return { child, waitFor, output: () => out, errors: () => err };
}

/** A fulcrum module: an HTTPTransport and an endpoint answering every http:// URL slowly. */
function fulcrum(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roc-cli-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'module.xml'),
    `<module version="2.0"><meta><identity><uri>urn:test:cli</uri><version>1.0.0</version></identity></meta>
     <rootspace>
       <endpoint><id>frontend</id><prototype>HTTPTransport</prototype></endpoint>
       <accessor><grammar><simple>http://{rest}</simple></grammar><class>./slow.ts#Slow</class></accessor>
     </rootspace></module>`,
  );
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  writeFileSync(join(dir, 'slow.ts'), `export class Slow { async onSource(ctx) { await new Promise((r) => setTimeout(r, 300)); return 'slow: ' + ctx.thisRequest.argumentValue('rest'); } }`);
  return dir;
}

describe('the roc command', () => {
  it('parses its options and refuses bad ones with a reason', () => {
    expect(parseArgs(['run', 'a', 'b', '--log-level', 'debug', '--port', '0'])).toMatchObject({ command: 'run', paths: ['a', 'b'], logLevel: 'debug', port: 0 });
    expect(parseArgs(['--help']).command).toBe('help');
    expect(() => parseArgs(['run'])).toThrow(/at least one module/);
    expect(() => parseArgs(['run', 'a', '--log-level', 'loud'])).toThrow(/--log-level must be one of/);
    expect(() => parseArgs(['run', 'a', '--port', '99999'])).toThrow(/--port/);
    expect(() => parseArgs(['launch'])).toThrow(/unknown command/);
  });

  it('roc --help prints the usage', async () => {
    const r = roc(['--help']);
    const [code] = await once(r.child, 'exit');
    expect(code).toBe(0);
    expect(r.output()).toMatch(/roc run <module folder/);
  });

  it('roc run deploys, prints what and where, serves over HTTP, and stops gracefully on SIGTERM', async () => {
    const r = roc(['run', fulcrum(), 'examples/hello', '--port', '0', '--log-level', 'warn', '--no-fulcrum']);
    const [, url] = await r.waitFor(/listening on (http:\/\/\S+?)\/ /);
    expect(r.output()).toMatch(/deployed urn:test:cli 1\.0\.0/);
    expect(r.output()).toMatch(/deployed urn:example:hello 1\.0\.0/);
    const inFlight = fetch(`${url}/page`);
    await new Promise((res) => setTimeout(res, 100));
    r.child.kill('SIGTERM');
    const response = await inFlight; // the in-flight response still completes
    expect(await response.text()).toMatch(/^slow: 127\.0\.0\.1:\d+\/page$/);
    const [code] = await once(r.child, 'exit');
    expect(code).toBe(0);
    expect(r.output()).toMatch(/SIGTERM: stopping/);
    expect(r.output()).toMatch(/stopped/);
  });

  it('reports a module that fails and exits 1 when nothing deployed', async () => {
    const r = roc(['run', 'no/such/module', '--log-level', 'error', '--no-fulcrum']);
    const [code] = await once(r.child, 'exit');
    expect(code).toBe(1);
    expect(r.output()).toMatch(/failed\s+no\/such\/module: \[ROC_ERR_MODULE\]/);
  });
});
