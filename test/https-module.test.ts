import https from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModuleSystem } from '../modules/loader/module-system.ts';
import { selfSignedCertificate } from '../modules/http/transport/test-support.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('a module folder with an HTTPS fulcrum', () => {
  it('serves the example application over HTTPS from <tlsKey>/<tlsCert>', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roc-https-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const tls = selfSignedCertificate();
    writeFileSync(join(dir, 'key.pem'), tls.key);
    writeFileSync(join(dir, 'cert.pem'), tls.cert);
    writeFileSync(
      join(dir, 'module.xml'),
      `<module version="2.0"><meta><identity><uri>urn:test:secure-fulcrum</uri><version>1.0.0</version></identity></meta>
       <rootspace public="false">
         <endpoint><prototype>HTTPTransport</prototype><port>0</port><tlsKey>key.pem</tlsKey><tlsCert>cert.pem</tlsCert></endpoint>
         <overlay><prototype>HTTPBridge</prototype><space>
           <endpoint><prototype>SimpleImportDiscovery</prototype><grammar>active:SimpleImportDiscovery</grammar><type>HTTPFulcrum</type></endpoint>
           <endpoint><prototype>DynamicImport</prototype><config>active:SimpleImportDiscovery</config></endpoint>
         </space></overlay>
       </rootspace></module>`,
    );
    const system = new ModuleSystem({ watch: false });
    cleanup.push(() => system.stop(0));
    const { failed } = await system.deploy([dir, 'examples/session']);
    expect(failed).toEqual([]);
    const origin = system.transports[0]!.address!.origin;
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { body, cookie } = await new Promise<{ body: string; cookie: string }>((resolve, reject) => {
      https
        .get(`${origin}/session/count`, { ca: tls.cert }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ body: text, cookie: String(res.headers['set-cookie']) }));
        })
        .on('error', reject);
    });
    expect(body).toBe('1');
    expect(cookie).toMatch(/; Secure/i); // the session cookie is Secure over HTTPS
  });

  it('refuses a TLS key without a certificate at load, naming the element', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roc-https-bad-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'module.xml'), `<module version="2.0"><meta><identity><uri>urn:test:half</uri><version>1</version></identity></meta><rootspace><endpoint><prototype>HTTPTransport</prototype><tlsKey>key.pem</tlsKey></endpoint></rootspace></module>`);
    const system = new ModuleSystem({ watch: false });
    cleanup.push(() => system.stop(0));
    const { failed } = await system.deploy([dir]);
    expect(failed[0]!.error.message).toMatch(/module\/rootspace\/endpoint: HTTPTransport needs both <tlsKey> and <tlsCert>/);
  });
});

