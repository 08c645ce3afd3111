import { afterEach, describe, expect, it } from 'vitest';
import { PrototypeRegistry } from '../../loader/prototypes.ts';
import { prototypeContext } from '../static/test-support.ts';
import { HttpProxy } from './http-proxy.ts';
import { registerProxyPrototypes } from './prototype.ts';
import { closeAll } from './test-support.ts';

afterEach(closeAll);

async function build(xml: string) {
  const registry = new PrototypeRegistry();
  registerProxyPrototypes(registry);
  return registry.get('HTTPProxy')!(prototypeContext(xml, '.'));
}

describe('HTTPProxy prototype', () => {
  it('builds a proxy from module.xml parameters', async () => {
    const proxy = await build(`<endpoint><prototype>HTTPProxy</prototype><id>api.proxy</id><path>/api/</path>
      <target>http://127.0.0.1:9000/v1/</target><timeout>500</timeout><via>edge</via><preserveHost>true</preserveHost></endpoint>`);
    expect(proxy).toBeInstanceOf(HttpProxy);
    expect(proxy.id).toBe('api.proxy');
  });

  it('fails the load with ROC_ERR_MODULE for missing or bad parameters', async () => {
    const bad = [
      ['<endpoint><prototype>HTTPProxy</prototype><target>http://x/</target></endpoint>', /needs a <path>/],
      ['<endpoint><prototype>HTTPProxy</prototype><path>/a/</path></endpoint>', /needs a <target>/],
      ['<endpoint><prototype>HTTPProxy</prototype><path>/a/</path><target>ftp://x/</target></endpoint>', /http\(s\) URL/],
      ['<endpoint><prototype>HTTPProxy</prototype><path>/a/</path><target>http://x/</target><timeout>0</timeout></endpoint>', /positive whole number/],
      ['<endpoint><prototype>HTTPProxy</prototype><path>/a/</path><target>http://x/</target><retries>3</retries></endpoint>', /no parameter <retries>/],
      ['<endpoint><prototype>HTTPProxy</prototype><path>/a/</path><target>http://x/</target><via>a b</via></endpoint>', /token/],
    ] as const;
    for (const [xml, message] of bad) await expect(build(xml), xml).rejects.toMatchObject({ code: 'ROC_ERR_MODULE', message });
  });
});
