import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrototypeRegistry } from '../../loader/prototypes.ts';
import { bridged } from '../bridge/test-support.ts';
import { registerStaticPrototypes } from './prototype.ts';
import { makeSite, prototypeContext, type Site } from './test-support.ts';

let site: Site;
beforeEach(() => (site = makeSite()));
afterEach(() => site.remove());

async function build(xml: string) {
  const registry = new PrototypeRegistry();
  registerStaticPrototypes(registry);
  return registry.get('StaticFiles')!(prototypeContext(xml, site.base));
}

describe('StaticFiles prototype', () => {
  it('builds from module.xml parameters with the folder relative to the module', async () => {
    const endpoint = await build(`<endpoint><prototype>StaticFiles</prototype><id>web.static</id>
      <folder>public</folder><path>/assets/</path><index>missing.html</index><index>hello.txt</index>
      <listing>true</listing><compress/><maxAge>60</maxAge></endpoint>`);
    expect(endpoint.id).toBe('web.static');
    const { app, client } = bridged();
    app.mount(endpoint);
    const index = await client.get('/assets/');
    expect([index.status, index.text(), index.header('cache-control')]).toEqual([200, 'hello world', 'public, max-age=60']);
  });

  it('fails the load with ROC_ERR_MODULE for a missing or absolute folder, unknown or bad parameters', async () => {
    const bad = [
      ['<endpoint><prototype>StaticFiles</prototype></endpoint>', /needs a <folder>/],
      ['<endpoint><prototype>StaticFiles</prototype><folder>/etc</folder></endpoint>', /relative to the module/],
      ['<endpoint><prototype>StaticFiles</prototype><folder>public</folder><colour>red</colour></endpoint>', /no parameter <colour>/],
      ['<endpoint><prototype>StaticFiles</prototype><folder>public</folder><listing>maybe</listing></endpoint>', /true or false/],
      ['<endpoint><prototype>StaticFiles</prototype><folder>public</folder><maxAge>soon</maxAge></endpoint>', /whole seconds/],
      ['<endpoint><prototype>StaticFiles</prototype><folder>public</folder><path>static</path></endpoint>', /identifier prefix/],
    ] as const;
    for (const [xml, message] of bad) await expect(build(xml), xml).rejects.toMatchObject({ code: 'ROC_ERR_MODULE', message });
  });
});
