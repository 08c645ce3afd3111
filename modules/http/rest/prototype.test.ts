import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RocError } from '../../../kernel/index.ts';
import { ModuleSystem } from '../../loader/module-system.ts';
import { PrototypeRegistry } from '../../loader/prototypes.ts';
import { TestClient } from '../bridge/index.ts';
import { registerRestPrototypes } from './prototype.ts';

const dirs: string[] = [];
const systems: ModuleSystem[] = [];
afterEach(async () => {
  for (const s of systems.splice(0)) await s.stop(0);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ENDPOINTS = `
export class User { onSource(ctx) { return 'user ' + ctx.thisRequest.argumentValue('id'); } }
export class Echo { async onSource(ctx) { return 'echo ' + (await ctx.source('arg:what')); } }
export class Errors { async onSource(ctx) { const e = await ctx.source('arg:exception'); return 'error ' + e.status; } }
`;

/** A module whose rootspace is an HTTPBridge around a RESTOverlay (config given), around `space`. */
function moduleWith(config: string, space: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'roc-rest-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'endpoints.js'), ENDPOINTS);
  writeFileSync(
    join(dir, 'module.xml'),
    `<module version="2.0"><meta><identity><uri>urn:test:rest</uri><version>1.0.0</version></identity></meta><rootspace>
      <overlay><prototype>HTTPBridge</prototype><space>
        <overlay><prototype>RESTOverlay</prototype>${config}<space>${space}</space></overlay>
      </space></overlay>
    </rootspace></module>`,
  );
  return dir;
}

const USER = `<accessor><id>user</id><grammar><simple>res:/user/{id}</simple></grammar>
  <meta><rest><simple>/users/{id}</simple><method>GET</method><Etag>MD5</Etag></rest></meta><class>./endpoints.js#User</class></accessor>`;
const ECHO = `<accessor><id>echo</id><grammar><active><identifier>active:echo</identifier><argument name="what"/></active></grammar>
  <meta><rest><simple>~/echo/:what</simple><method>GET, POST</method><produces>text/plain</produces></rest></meta><class>./endpoints.js#Echo</class></accessor>`;
const ERRORS = `<accessor><grammar><active><identifier>active:errors</identifier><argument name="exception"/></active></grammar><class>./endpoints.js#Errors</class></accessor>`;

function system(): ModuleSystem {
  const s = new ModuleSystem({ httpPort: 0, watch: false });
  registerRestPrototypes(s.prototypes);
  systems.push(s);
  return s;
}

async function failure(config: string, space: string): Promise<RocError> {
  const { failed } = await system().deploy([moduleWith(config, space)]);
  expect(failed).toHaveLength(1);
  expect(failed[0]!.error).toBeInstanceOf(RocError);
  return failed[0]!.error as RocError;
}

describe('RESTOverlay prototype (module.xml)', () => {
  it('is registered as RESTOverlay and http.RESTOverlay', () => {
    const registry = new PrototypeRegistry();
    registerRestPrototypes(registry);
    expect(registry.names).toEqual(['RESTOverlay', 'http.RESTOverlay']);
  });

  it('routes by <meta><rest> under the base path, with the exception handler from <config>', async () => {
    const s = system();
    const module = await s.deployModule(moduleWith('<config><basepath>/api/</basepath><auto404/><exceptionHandler>active:errors</exceptionHandler></config>', USER + ECHO + ERRORS));
    const client = new TestClient(s.kernel, module.rootspaces[0]!);
    const user = await client.get('/api/users/7');
    expect([user.text(), user.header('etag')]).toEqual(['user 7', expect.stringMatching(/^".+"$/)]);
    expect((await client.post('/api/echo/hi%20there')).text()).toBe('echo hi there');
    expect([(await client.get('/api/echo/x', { headers: { accept: 'text/html' } })).status]).toEqual([406]);
    const wrong = await client.put('/api/users/7');
    expect([wrong.status, wrong.text(), wrong.header('allow')]).toEqual([405, 'error 405', 'GET, HEAD, OPTIONS']);
    expect([(await client.get('/api/none')).text()]).toEqual(['error 404']);
    expect((await client.get('/users/7')).status).toBe(404);
  });

  it('fails the load with ROC_ERR_MODULE naming both patterns when two <rest> conflict', async () => {
    const clash = USER.replace('<id>user</id>', '<id>user2</id>').replace('/users/{id}', '~/users/:id');
    const error = await failure('', USER + clash);
    expect(error.code).toBe('ROC_ERR_MODULE');
    expect(error.message).toMatch(/"\/users\/\{id\}" \(user\) and "~\/users\/:id" \(user2\) conflict/);
    expect(error.details.path).toMatch(/accessor\[2\]\/meta\/rest$/);
  });

  it('fails the load at the <rest> element whose pattern cannot compile, and on bad settings', async () => {
    const bad = await failure('', USER.replace('/users/{id}', '/users/{id'));
    expect([bad.code, bad.details.path]).toEqual(['ROC_ERR_MODULE', expect.stringMatching(/accessor\/meta\/rest$/)]);
    expect(bad.message).toMatch(/"\/users\/\{id".*never closed/);
    const cases: [string, string, RegExp][] = [
      ['<config><colour/></config>', USER, /no setting <colour>/],
      ['<config><auto404>maybe</auto404></config>', USER, /empty, true or false/],
      ['<config><etag>sha1</etag></config>', USER, /auto, MD5 or none/],
      ['<config><basepath>api</basepath></config>', USER, /must start with "\/"/],
      ['', USER.replace('<Etag>MD5</Etag>', '<colour/>'), /<rest> has no element <colour>/],
      ['', USER.replace('<simple>/users/{id}</simple>', ''), /needs a <simple> path/],
      ['', USER.replace('/users/{id}', '/people/{name}'), /needs id, which path "\/people\/\{name\}" does not capture/],
    ];
    for (const [config, space, reason] of cases) {
      const error = await failure(config, space);
      expect(error.code, reason.source).toBe('ROC_ERR_MODULE');
      expect(error.message, reason.source).toMatch(reason);
    }
  });
});
