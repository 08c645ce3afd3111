import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RocError } from '../kernel/index.ts';
import { ModuleSystem } from '../modules/loader/module-system.ts';

const systems: ModuleSystem[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of systems.splice(0)) await s.stop(0);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function system(): ModuleSystem {
  const s = new ModuleSystem({ httpPort: 0, watch: true });
  systems.push(s);
  return s;
}

/** A module folder from a rootspace body and extra files. */
function moduleDir(uri: string, body: string, files: Record<string, string> = {}, options: { version?: string; dynamic?: boolean; rootspace?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'roc-module-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'module.xml'),
    `<module version="2.0"><meta><identity><uri>${uri}</uri><version>${options.version ?? '1.0.0'}</version></identity></meta>` +
      `${options.dynamic ? '<system><dynamic/></system>' : ''}<rootspace${options.rootspace ?? ''}>${body}</rootspace></module>`,
  );
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}


async function failureOf(s: ModuleSystem, path: string): Promise<RocError> {
  const { deployed, failed } = await s.deploy([path]);
  expect(deployed).toHaveLength(0);
  expect(failed).toHaveLength(1);
  expect(failed[0]!.error).toBeInstanceOf(RocError);
  return failed[0]!.error as RocError;
}

describe('module loading (issue 4)', () => {
  it('serves the hello example from code: literal, TS accessor, mapper with simple and active grammars, fileset', async () => {
    const s = system();
    const hello = await s.deployModule('examples/hello');
    const scope = hello.rootspaces[0]!;
    expect(hello.uri).toBe('urn:example:hello');
    expect(await s.kernel.source('res:/hello/ada', { scope })).toBe('Hello, ada!');
    expect(await s.kernel.source('res:/hello', { scope })).toBe('Hello, world!');
    expect(await s.kernel.source('res:/static/style.css', { scope, as: 'string' })).toContain('font-family');
    await expect(s.kernel.source('active:greet+name@data:,x', { scope })).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
  });

  it('modules import each other by URI; version ranges choose among deployed versions', async () => {
    const s = system();
    const v1 = moduleDir('urn:test:lib', '<literal uri="res:/lib/version">one</literal>', {}, { version: '1.2.0' });
    const v2 = moduleDir('urn:test:lib', '<literal uri="res:/lib/version">two</literal>', {}, { version: '2.0.0' });
    const latest = moduleDir('urn:test:app-latest', '<import><uri>urn:test:lib</uri></import>');
    const pinned = moduleDir('urn:test:app-pinned', '<import><uri>urn:test:lib</uri><version-min>1.0.0</version-min><version-max>1.9.9</version-max></import>');
    const { deployed, failed } = await s.deploy([latest, pinned, v1, v2]); // importers first: order does not matter
    expect(failed).toEqual([]);
    const [a, b] = deployed;
    expect(await s.kernel.source('res:/lib/version', { scope: a!.rootspaces[0]! })).toBe('two');
    expect(await s.kernel.source('res:/lib/version', { scope: b!.rootspaces[0]! })).toBe('one');
  });

  it('loads module lists from modules.xml', async () => {
    const s = system();
    const lib = moduleDir('urn:test:listed', '<literal uri="res:/x">listed</literal>');
    const list = mkdtempSync(join(tmpdir(), 'roc-list-'));
    dirs.push(list);
    writeFileSync(join(list, 'modules.xml'), `<modules><module>${lib}</module><module>${join(process.cwd(), 'examples/hello')}</module></modules>`);
    const { deployed, failed } = await s.deploy([join(list, 'modules.xml')]);
    expect(failed).toEqual([]);
    expect(deployed.map((d) => d.uri)).toEqual(['urn:test:listed', 'urn:example:hello']);
  });

  it('commissions and decommissions endpoints that hold resources', async () => {
    const s = system();
    const log = join(mkdtempSync(join(tmpdir(), 'roc-log-')), 'log.txt');
    const dir = moduleDir('urn:test:lifecycle', '<accessor><grammar>res:/pool</grammar><class>./pool.ts#Pool</class></accessor>', {
      'pool.ts': `import { appendFileSync } from 'node:fs';
        export class Pool { open = false;
          commission() { this.open = true; appendFileSync(${JSON.stringify(log)}, 'up;'); }
          decommission() { this.open = false; appendFileSync(${JSON.stringify(log)}, 'down;'); }
          onSource() { return this.open ? 'open' : 'closed'; } }`,
    });
    const m = await s.deployModule(dir);
    expect(await s.kernel.source('res:/pool', { scope: m.rootspaces[0]! })).toBe('open');
    await s.undeploy(m);
    expect(readdirSync(join(log, '..'))).toContain('log.txt');
    expect(readFileSync(log, 'utf8')).toBe('up;down;');
  });

  it('dynamic import: a fulcrum imports every public rootspace whose hook names its type', async () => {
    const s = system();
    const fulcrum = moduleDir('urn:test:fulcrum', `
      <endpoint><prototype>SimpleImportDiscovery</prototype><grammar>active:SimpleImportDiscovery</grammar><type>TestFulcrum</type></endpoint>
      <endpoint><prototype>DynamicImport</prototype><config>active:SimpleImportDiscovery</config></endpoint>`, {}, { rootspace: ' public="false"' });
    const app = moduleDir('urn:test:app', `
      <literal uri="res:/etc/system/SimpleDynamicImportHook.xml" type="xml"><connection><type>TestFulcrum</type></connection></literal>
      <literal uri="res:/app">from the app</literal>`);
    const other = moduleDir('urn:test:other', `
      <literal uri="res:/etc/system/SimpleDynamicImportHook.xml" type="xml"><connection><type>Elsewhere</type></connection></literal>
      <literal uri="res:/other">other</literal>`);
    const { deployed } = await s.deploy([fulcrum, app, other]);
    const scope = deployed[0]!.rootspaces[0]!;
    expect(await s.kernel.source('res:/app', { scope })).toBe('from the app');
    await expect(s.kernel.source('res:/other', { scope })).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
    // A module deployed later is picked up.
    const late = moduleDir('urn:test:late', `
      <literal uri="res:/etc/system/SimpleDynamicImportHook.xml" type="xml"><connection><type>TestFulcrum</type></connection></literal>
      <literal uri="res:/late">late</literal>`);
    await s.deployModule(late);
    await new Promise((r) => setTimeout(r, 20));
    expect(await s.kernel.source('res:/late', { scope })).toBe('late');
  });

  it('reloads a <dynamic/> module when its files change, and drops what was cached from it', async () => {
    const s = system();
    const dir = moduleDir('urn:test:dynamic', '<literal uri="res:/value">first</literal><fileset><regex>res:/files/.*</regex></fileset>', { 'files/a.txt': 'file one' }, { dynamic: true });
    let m = await s.deployModule(dir);
    const scope = () => s.deployment.find('urn:test:dynamic')!;
    expect(await s.kernel.source('res:/value', { scope: scope() })).toBe('first');
    expect(await s.kernel.source('res:/files/a.txt', { scope: scope(), as: 'string' })).toBe('file one');
    writeFileSync(join(dir, 'module.xml'), readFileSyncText(join(dir, 'module.xml')).replace('first', 'second'));
    await until(async () => (await s.kernel.source('res:/value', { scope: scope() })) === 'second');
    writeFileSync(join(dir, 'files/a.txt'), 'file two');
    await until(async () => (await s.kernel.source('res:/files/a.txt', { scope: scope(), as: 'string' })) === 'file two');
    m = s.deployment.deployed.find((d) => d.uri === 'urn:test:dynamic')!;
    expect(m.rootspaces[0]).toBe(scope());
  });
});

describe('module loading: bad input (issue 4)', () => {
  it('malformed XML names file, line and column', async () => {
    const dir = moduleDir('urn:x', '');
    writeFileSync(join(dir, 'module.xml'), '<module version="2.0">\n  <meta>\n</module>');
    const e = await failureOf(system(), dir);
    expect(e.code).toBe('ROC_ERR_MODULE');
    expect(e.message).toContain(join(dir, 'module.xml'));
    expect(e.message).toMatch(/line \d+, column \d+/);
  });

  it('an unknown element or attribute is named with its element path', async () => {
    const e = await failureOf(system(), moduleDir('urn:x', '<literal uri="res:/a" typ="string">x</literal>'));
    expect(e.message).toMatch(/typ/);
    expect(e.message).toContain('module/rootspace/literal');
    const e2 = await failureOf(system(), moduleDir('urn:x', '<accesor/>'));
    expect(e2.message).toMatch(/accesor/);
  });

  it('a wrong module version is refused', async () => {
    const dir = moduleDir('urn:x', '');
    writeFileSync(join(dir, 'module.xml'), '<module version="3.0"><meta><identity><uri>urn:x</uri><version>1</version></identity></meta><rootspace/></module>');
    expect((await failureOf(system(), dir)).message).toMatch(/version/);
  });

  it('a missing mandatory child is named', async () => {
    const e = await failureOf(system(), moduleDir('urn:x', '<import><private/></import>'));
    expect(e.message).toMatch(/uri/);
    expect(e.message).toContain('import');
  });

  it('an import of a URN that is not deployed names the URN; the other modules keep running', async () => {
    const s = system();
    const good = moduleDir('urn:test:good', '<literal uri="res:/ok">ok</literal>');
    const bad = moduleDir('urn:test:bad', '<literal uri="res:/bad">bad</literal><import><uri>urn:nowhere:to:be:found</uri></import>');
    const { deployed, failed } = await s.deploy([good, bad]);
    expect(deployed.map((d) => d.uri)).toEqual(['urn:test:good']);
    expect(failed[0]!.error.message).toContain('urn:nowhere:to:be:found');
    expect(s.deployment.find('urn:test:bad')).toBeUndefined(); // nothing half-registered
    expect(await s.kernel.source('res:/ok', { scope: deployed[0]!.rootspaces[0]! })).toBe('ok');
  });

  it('two modules claiming the same rootspace URI and version: the second is refused', async () => {
    const s = system();
    const a = moduleDir('urn:test:same', '<literal uri="res:/who">a</literal>');
    const b = moduleDir('urn:test:same', '<literal uri="res:/who">b</literal>');
    const { deployed, failed } = await s.deploy([a, b]);
    expect(deployed).toHaveLength(1);
    expect(failed[0]!.error.message).toMatch(/urn:test:same version 1\.0\.0 is already deployed/);
    expect(await s.kernel.source('res:/who', { scope: s.deployment.find('urn:test:same')! })).toBe('a');
  });

  it('a <class> whose file or export does not exist, or a Java class, is named', async () => {
    const s = system();
    const noFile = await failureOf(s, moduleDir('urn:x1', '<accessor><grammar>res:/a</grammar><class>./missing.ts#A</class></accessor>'));
    expect(noFile.message).toMatch(/missing\.ts.*does not exist/);
    expect(noFile.message).toContain('module/rootspace/accessor');
    const noExport = await failureOf(s, moduleDir('urn:x2', '<accessor><grammar>res:/a</grammar><class>./a.ts#Nope</class></accessor>', { 'a.ts': 'export class A { onSource() { return 1; } }' }));
    expect(noExport.message).toMatch(/no export "Nope".*exports A/);
    const java = await failureOf(s, moduleDir('urn:x3', '<accessor><grammar>res:/a</grammar><class>org.example.HelloAccessor</class></accessor>'));
    expect(java.message).toMatch(/Java endpoints are not supported: class org\.example\.HelloAccessor/);
  });

  it('a fileset regex that does not compile is refused at load', async () => {
    expect((await failureOf(system(), moduleDir('urn:x', '<fileset><regex>res:/(</regex></fileset>'))).code).toBe('ROC_ERR_MODULE');
  });

  it('a mapper config resource that does not exist, or is not a <config>', async () => {
    const s = system();
    const missing = await failureOf(s, moduleDir('urn:x1', '<mapper><config>res:/nope.xml</config><space/></mapper>'));
    expect(missing.message).toMatch(/res:\/nope\.xml/);
    const wrong = await failureOf(s, moduleDir('urn:x2', '<mapper><config>res:/cfg.xml</config><space><fileset><regex>res:/cfg.xml</regex></fileset></space></mapper>', { 'cfg.xml': '<notconfig/>' }));
    expect(wrong.message).toMatch(/config/);
  });

  it('a mapper config loaded from a resource, with an <import> inside', async () => {
    const s = system();
    const dir = moduleDir('urn:x', '<mapper><config>res:/cfg.xml</config><space><fileset><regex>res:/.*\\.xml</regex></fileset><literal uri="res:/impl/a">A</literal><literal uri="res:/impl/b">B</literal></space></mapper>', {
      'cfg.xml': '<config><endpoint><grammar>res:/a</grammar><request><identifier>res:/impl/a</identifier></request></endpoint><import>res:/more.xml</import></config>',
      'more.xml': '<config><endpoint><grammar>res:/b</grammar><request><identifier>res:/impl/b</identifier></request></endpoint></config>',
    });
    const m = await s.deployModule(dir);
    expect(await s.kernel.source('res:/a', { scope: m.rootspaces[0]! })).toBe('A');
    expect(await s.kernel.source('res:/b', { scope: m.rootspaces[0]! })).toBe('B');
  });

  it('a mapper endpoint written as meta:ID without a grammar takes endpoint ID\'s grammar and arguments', async () => {
    const s = system();
    const dir = moduleDir('urn:x', `<mapper><config><endpoint><request><identifier>meta:echo</identifier></request></endpoint></config>
      <space><accessor><id>echo</id><grammar><active><identifier>active:echo</identifier><argument name="v"/></active></grammar><class>./echo.ts#Echo</class></accessor></space></mapper>`, {
      'echo.ts': 'export class Echo { async onSource(ctx) { return "echo " + (await ctx.source("arg:v")); } }',
      'package.json': '{ "type": "module" }',
    });
    const m = await s.deployModule(dir);
    expect(await s.kernel.source('active:echo+v@data:text/plain,hi', { scope: m.rootspaces[0]! })).toBe('echo hi');
    const missing = await failureOf(s, moduleDir('urn:y', '<mapper><config><endpoint><request><identifier>meta:nobody</identifier></request></endpoint></config><space/></mapper>'));
    expect(missing.message).toMatch(/meta:nobody has no grammar, and no endpoint "nobody"/);
  });

  it('a mapper request passes the incoming verb on unless it has a <verb>, even <verb>SOURCE</verb>', async () => {
    const s = system();
    const dir = moduleDir('urn:x', `<mapper><config>
        <endpoint><grammar>res:/pass</grammar><verbs>SOURCE,SINK</verbs><request><identifier>res:/impl</identifier></request></endpoint>
        <endpoint><grammar>res:/fixed</grammar><verbs>SOURCE,SINK</verbs><request><identifier>res:/impl</identifier><verb>SOURCE</verb></request></endpoint>
      </config><space><accessor><grammar>res:/impl</grammar><verbs>SOURCE,SINK</verbs><class>./impl.ts#Impl</class></accessor></space></mapper>`, {
      'impl.ts': 'export const seen = []; export class Impl { onSource(ctx) { seen.push("SOURCE"); return "s"; } onSink() { seen.push("SINK"); } }',
      'package.json': '{ "type": "module" }',
    });
    const m = await s.deployModule(dir);
    const { seen } = (await import(join(dir, 'impl.ts'))) as { seen: string[] };
    await s.kernel.sink('res:/pass', 'x', { scope: m.rootspaces[0]! });
    await s.kernel.sink('res:/fixed', 'x', { scope: m.rootspaces[0]! });
    expect(seen).toEqual(['SINK', 'SOURCE']);
  });

  it('a <private/> mapper is seen inside its module but not by importers', async () => {
    const s = system();
    const lib = moduleDir('urn:test:lib-private', `<literal uri="res:/public">public</literal>
      <mapper><private/><config><endpoint><grammar>res:/mapped</grammar><request><identifier>res:/impl</identifier></request></endpoint></config>
        <space><literal uri="res:/impl">mapped</literal></space></mapper>`);
    const app = moduleDir('urn:test:app-private', '<import><uri>urn:test:lib-private</uri></import>');
    const { deployed, failed } = await s.deploy([lib, app]);
    expect(failed).toEqual([]);
    const [libSpace, appSpace] = deployed.map((d) => d.rootspaces[0]!);
    expect(await s.kernel.source('res:/mapped', { scope: libSpace! })).toBe('mapped');
    expect(await s.kernel.source('res:/public', { scope: appSpace! })).toBe('public');
    await expect(s.kernel.source('res:/mapped', { scope: appSpace! })).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
  });

  it('a prototype parameter of the wrong type or out of range names the instance and parameter', async () => {
    const s = system();
    const body = `<prototype><id>Greeter</id><class>./g.ts#G</class><parameter name="times" type="integer" min="1" max="1"/></prototype>
      <accessor><id>hi</id><prototype>Greeter</prototype><grammar>res:/hi</grammar><times>often</times></accessor>`;
    const e = await failureOf(s, moduleDir('urn:x', body, { 'g.ts': 'export class G { constructor(p) { this.p = p; } onSource() { return "hi".repeat(this.p.times); } }' }));
    expect(e.message).toMatch(/hi/);
    expect(e.message).toMatch(/times/);
    const ok = await s.deployModule(moduleDir('urn:y', body.replace('often', '3'), { 'g.ts': 'export class G { constructor(p) { this.p = p; } onSource() { return "hi".repeat(this.p.times); } }' }));
    expect(await s.kernel.source('res:/hi', { scope: ok.rootspaces[0]! })).toBe('hihihi');
    const port = await failureOf(s, moduleDir('urn:z', '<endpoint><prototype>HTTPTransport</prototype><port>eighty</port></endpoint>'));
    expect(port.message).toMatch(/port/);
  });

  it('XML entity tricks: no external entity is fetched, no prototype pollution', async () => {
    const secret = join(mkdtempSync(join(tmpdir(), 'roc-secret-')), 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET');
    const dir = moduleDir('urn:x', '');
    writeFileSync(join(dir, 'module.xml'), `<?xml version="1.0"?><!DOCTYPE module [<!ENTITY x SYSTEM "file://${secret}">]><module version="2.0"><meta><identity><uri>urn:x</uri><version>1</version></identity></meta><rootspace><literal uri="res:/x">&x;</literal></rootspace></module>`);
    const e = await failureOf(system(), dir);
    expect(e.message).not.toContain('TOP-SECRET');
    const proto = await failureOf(system(), moduleDir('urn:p', '<__proto__><polluted>yes</polluted></__proto__>'));
    expect(proto.code).toBe('ROC_ERR_MODULE');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports what the real NetKernel fixtures need that roc-kernel does not provide, precisely', async () => {
    const s = system();
    const fixtures = new URL('../../shared/fixtures/netkernel/', import.meta.url).pathname;
    const intro = await failureOf(s, join(fixtures, 'urn.org.elbeesee.experiment.introduction.module.xml'));
    expect(intro.message).toMatch(/module\/rootspace\[1\]\/accessor: Java endpoints are not supported: class org\.elbeesee\.experiment\.introduction\.HelloWorldAccessor/);
    const server = await failureOf(s, join(fixtures, 'urn.com.elbeesee.kbodata.server.module.xml'));
    expect(server.message).toMatch(/layer1\.Concurrency\.Throttle is not provided/);
    expect(s.deployment.find('urn:com:elbeesee:kbodata:server')).toBeUndefined();
  });
});

function readFileSyncText(path: string): string {
  return readFileSync(path, 'utf8');
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}
