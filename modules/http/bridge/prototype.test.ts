import { describe, expect, it } from 'vitest';
import { Kernel, RocError, StandardSpace, type EndpointDefinition } from '../../../kernel/index.ts';
import { parameterHelpers, PrototypeRegistry, type PrototypeContext } from '../../loader/prototypes.ts';
import { parseXml, type EndpointModel, type XmlNode } from '../../module-xml/index.ts';
import { HttpBridge } from './http-bridge.ts';
import { registerBridgePrototypes } from './prototype.ts';
import { TestClient } from './test-client.ts';

/** A PrototypeContext for an `<overlay>` element, as the loader builds one. */
function contextFor(xml: string, app: StandardSpace): PrototypeContext {
  const node = parseXml(xml, 'module.xml');
  const standard = new Set(['prototype', 'id', 'space', 'private']);
  const parameters: Record<string, XmlNode[]> = {};
  for (const child of node.children) if (!standard.has(child.name)) (parameters[child.name] ??= []).push(child);
  const hasSpace = node.children.some((c) => c.name === 'space');
  const model = {
    kind: 'overlay', private: false, file: 'module.xml', path: node.path,
    implementation: { kind: 'prototype', prototype: 'HTTPBridge', parameters },
    ...(hasSpace ? { space: { elements: [], file: 'module.xml', path: `${node.path}/space` } } : {}),
  } as unknown as EndpointModel;
  const fail = (reason: string, path?: string) => new RocError('ROC_ERR_MODULE', { file: 'module.xml', path: path ?? node.path, reason });
  return {
    kernel: new Kernel(), deployment: undefined as never, moduleDir: '.', file: 'module.xml', model, parameters,
    buildSpace: async () => app,
    fail,
    ...parameterHelpers(parameters, fail, 'HTTPBridge'),
  };
}

async function instantiate(name: string, xml: string, app = new StandardSpace('urn:test:app')): Promise<EndpointDefinition> {
  const registry = new PrototypeRegistry();
  registerBridgePrototypes(registry);
  return registry.get(name)!(contextFor(xml, app));
}

describe('HTTPBridge prototype', () => {
  it('is registered as HTTPBridge and jetty.HTTPBridge, and builds the bridge of the kbodata fulcrum', async () => {
    const registry = new PrototypeRegistry();
    registerBridgePrototypes(registry);
    expect(registry.names).toEqual(['HTTPBridge', 'jetty.HTTPBridge']);
    const app = new StandardSpace('urn:test:app');
    app.mount('res:/home', () => 'page home');
    app.mount({ grammar: { active: { identifier: 'active:errors', arguments: [{ name: 'exception' }] } }, onSource: () => 'error page' });
    const bridge = await instantiate('jetty.HTTPBridge', `<overlay>
      <prototype>jetty.HTTPBridge</prototype>
      <exceptionHandler>active:errors</exceptionHandler>
      <config>
        <rewrite><match>https?://[^/]*/([^?]*)(\\?.*)?</match><to>res:/$1</to></rewrite>
        <rewrite><match>ws://[^/]*/([^\\?]*)(\\?.*)?</match><to>ws:/$1</to></rewrite>
      </config>
      <frameOptions>DENY</frameOptions>
      <methodVerbs><method name="POST">SOURCE</method></methodVerbs>
      <space/>
    </overlay>`, app);
    expect(bridge).toBeInstanceOf(HttpBridge);
    const kernel = new Kernel();
    const fulcrum = new StandardSpace('urn:test:fulcrum');
    fulcrum.mount(bridge);
    const client = new TestClient(kernel, fulcrum);
    const page = await client.get('/home?x=1');
    expect([page.text(), page.header('x-frame-options')]).toEqual(['page home', 'DENY']);
    const missing = await client.get('/a/b');
    expect([missing.status, missing.text()]).toEqual([404, 'error page']);
  });

  it('fails the module load with ROC_ERR_MODULE at the rule whose regex does not compile', async () => {
    const error = await instantiate('HTTPBridge', `<overlay><prototype>HTTPBridge</prototype>
      <config><rewrite><match>ok</match><to>res:/ok</to></rewrite><rewrite><match>([unclosed</match><to>res:/x</to></rewrite></config><space/></overlay>`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RocError);
    expect((error as RocError).code).toBe('ROC_ERR_MODULE');
    expect((error as RocError).details.path).toBe('overlay/config/rewrite[2]');
    expect((error as RocError).message).toMatch(/rewrite rule 2.*not a valid regular expression/);
  });

  it('fails on unknown parameters, a missing space, malformed rules and bad values', async () => {
    const cases: [string, RegExp][] = [
      ['<overlay><prototype>HTTPBridge</prototype><colour>red</colour><space/></overlay>', /no parameter <colour>/],
      ['<overlay><prototype>HTTPBridge</prototype></overlay>', /needs a <space>/],
      ['<overlay><prototype>HTTPBridge</prototype><config><rule/></config><space/></overlay>', /<rewrite> elements only/],
      ['<overlay><prototype>HTTPBridge</prototype><config><rewrite><match>x</match></rewrite></config><space/></overlay>', /needs a <match> and a <to>/],
      ['<overlay><prototype>HTTPBridge</prototype><development>maybe</development><space/></overlay>', /true or false/],
      ['<overlay><prototype>HTTPBridge</prototype><maxParams>-1</maxParams><space/></overlay>', /non-negative integer/],
      ['<overlay><prototype>HTTPBridge</prototype><frameOptions>ALLOW</frameOptions><space/></overlay>', /DENY, SAMEORIGIN or none/],
      ['<overlay><prototype>HTTPBridge</prototype><methodVerbs><method name="POST">FETCH</method></methodVerbs><space/></overlay>', /Unknown verb/],
    ];
    for (const [xml, message] of cases) {
      const error = await instantiate('HTTPBridge', xml).catch((e: unknown) => e);
      expect((error as RocError).code, xml).toBe('ROC_ERR_MODULE');
      expect((error as RocError).message, xml).toMatch(message);
    }
  });
});
