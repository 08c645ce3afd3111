import { describe, expect, it } from 'vitest';
import { parseModule, validatePrototypeParameters, type EndpointModel, type PrototypeDefinition, type SpaceModel } from './index.ts';
import { moduleErrorOf, moduleWith } from './testing.ts';

const DEFINITION = `<prototype>
  <id>Server</id>
  <class>./server.ts#Server</class>
  <parameter name="port" type="integer" min="1" max="1"/>
  <parameter name="host" type="identifier" default="localhost"/>
  <parameter name="secure" type="boolean" default="false"/>
  <parameter name="ratio" type="number" min="0"/>
  <parameter name="alias" type="string" min="0" max="unbounded"/>
  <parameter name="settings" type="json" min="0"/>
  <parameter name="config" type="xml" min="0"/>
  <parameter name="space" type="space" min="0"/>
  <parameter name="extra" type="space" min="0"/>
</prototype>`;

function setup(instance: string): { def: PrototypeDefinition; instance: EndpointModel } {
  const elements = parseModule(moduleWith(DEFINITION + instance), 'app/module.xml').rootspaces[0]?.elements ?? [];
  const [def, endpoint] = elements;
  if (def?.kind !== 'prototype' || endpoint === undefined || !('implementation' in endpoint) || endpoint.kind === 'prototype') throw new Error('bad setup');
  return { def, instance: endpoint };
}

describe('prototype definitions', () => {
  it('reads declarations with types, bounds and defaults', () => {
    const { def } = setup('<accessor><prototype>Server</prototype><port>1</port></accessor>');
    expect(def).toMatchObject({ kind: 'prototype', id: 'Server', implementation: { kind: 'class', class: './server.ts#Server' } });
    expect(def.parameters.slice(0, 5)).toEqual([
      { name: 'port', type: 'integer', min: 1, max: 1 },
      { name: 'host', type: 'identifier', min: 0, max: 1, default: 'localhost' },
      { name: 'secure', type: 'boolean', min: 0, max: 1, default: 'false' },
      { name: 'ratio', type: 'number', min: 0, max: 1 },
      { name: 'alias', type: 'string', min: 0, max: 'unbounded' },
    ]);
  });

  it('a prototype may be implemented by another prototype with fixed parameters', () => {
    const def = parseModule(moduleWith('<prototype><id>Local</id><prototype>Server</prototype><port>8080</port><parameter name="x"/></prototype>'), 'm.xml').rootspaces[0]?.elements[0];
    expect(def?.kind === 'prototype' && def.implementation.kind === 'prototype' && def.implementation.parameters.port?.[0]?.text).toBe('8080');
  });

  it('refuses bad declarations', () => {
    const bad = (p: string): string => String(moduleErrorOf(() => parseModule(moduleWith(`<prototype><id>P</id><class>./p.ts#P</class>${p}</prototype>`), 'm.xml')).details.reason);
    expect(bad('<parameter name="a" type="date"/>')).toMatch(/attribute type="date" on <parameter>: expected one of string, boolean, integer/);
    expect(bad('<parameter name="a" min="2" max="1"/>')).toMatch(/min=2 greater than max=1/);
    expect(bad('<parameter name="a" type="integer" default="many"/>')).toMatch(/default of parameter "a": expected an integer/);
    expect(bad('<parameter name="a"/><parameter name="a"/>')).toMatch(/declared twice/);
    expect(bad('<parameter name="grammar"/>')).toMatch(/standard endpoint element/);
    expect(bad('<parameter name="__proto__"/>')).toMatch(/reserved/);
    expect(bad('<parameter name="a" flavour="x"/>')).toMatch(/unknown attribute "flavour" on <parameter>/);
  });
});

describe('validatePrototypeParameters', () => {
  it('converts parameters by type, fills defaults and parses spaces', () => {
    const { def, instance } = setup(`<accessor><id>web</id><prototype>Server</prototype>
      <port> 8080 </port><secure/><ratio>0.5</ratio><alias>a</alias><alias>b</alias>
      <settings>{"x":[1]}</settings><config><limit>3</limit></config>
      <extra><literal uri="res:/e">E</literal></extra>
      <space><import><uri>urn:inner</uri></import></space></accessor>`);
    const params = validatePrototypeParameters(def, instance);
    expect(Object.getPrototypeOf(params)).toBe(null);
    expect(params.port).toEqual([8080]);
    expect(params.host).toEqual(['localhost']);
    expect(params.secure).toEqual([true]);
    expect(params.ratio).toEqual([0.5]);
    expect(params.alias).toEqual(['a', 'b']);
    expect(params.settings).toEqual([{ x: [1] }]);
    expect((params.config?.[0] as { children: { name: string }[] }).children[0]?.name).toBe('limit');
    expect((params.space?.[0] as SpaceModel).elements[0]).toMatchObject({ kind: 'import', uri: 'urn:inner' });
    expect((params.extra?.[0] as SpaceModel).elements[0]).toMatchObject({ kind: 'literal', uri: 'res:/e' });
  });

  it('a parameter of the wrong type names the instance, the prototype and the parameter', () => {
    const { def, instance } = setup('<accessor><id>web</id><prototype>Server</prototype><port>eighty</port></accessor>');
    const error = moduleErrorOf(() => validatePrototypeParameters(def, instance));
    expect(error.details).toMatchObject({ file: 'app/module.xml', path: 'module/rootspace/accessor/port' });
    expect(error.details.reason).toBe('"web" (prototype Server): parameter "port" expected an integer, got "eighty"');
    const boolean = setup('<accessor><prototype>Server</prototype><port>1</port><secure>maybe</secure></accessor>');
    expect(moduleErrorOf(() => validatePrototypeParameters(boolean.def, boolean.instance)).details.reason).toBe('<accessor> (prototype Server): parameter "secure" expected true or false, got "maybe"');
    const json = setup('<accessor><prototype>Server</prototype><port>1</port><settings>{</settings></accessor>');
    expect(moduleErrorOf(() => validatePrototypeParameters(json.def, json.instance)).details.reason).toMatch(/parameter "settings" expected JSON/);
    const nested = setup('<accessor><prototype>Server</prototype><port><n>1</n></port></accessor>');
    expect(moduleErrorOf(() => validatePrototypeParameters(nested.def, nested.instance)).details.reason).toMatch(/parameter "port" expected integer text, got element content <n>/);
  });

  it('a parameter out of range: missing, repeated, or undeclared', () => {
    const missing = setup('<accessor><id>web</id><prototype>Server</prototype></accessor>');
    expect(moduleErrorOf(() => validatePrototypeParameters(missing.def, missing.instance)).details).toMatchObject({
      path: 'module/rootspace/accessor',
      reason: '"web" (prototype Server): parameter "port" needs at least 1 value',
    });
    const twice = setup('<accessor><prototype>Server</prototype><port>1</port><port>2</port></accessor>');
    expect(moduleErrorOf(() => validatePrototypeParameters(twice.def, twice.instance)).details.reason).toMatch(/parameter "port" takes at most 1 value/);
    const unknown = setup('<accessor><prototype>Server</prototype><port>1</port><colour>red</colour></accessor>');
    expect(moduleErrorOf(() => validatePrototypeParameters(unknown.def, unknown.instance)).details).toMatchObject({
      path: 'module/rootspace/accessor/colour',
      reason: expect.stringMatching(/unknown parameter "colour"; declared: port, host/),
    });
    const badSpace = setup('<accessor><prototype>Server</prototype><port>1</port><extra><bogus/></extra></accessor>');
    expect(moduleErrorOf(() => validatePrototypeParameters(badSpace.def, badSpace.instance)).details.path).toBe('module/rootspace/accessor/extra/bogus');
  });

  it('refuses an endpoint that is not an instance of the definition', () => {
    const other = setup('<accessor><prototype>Client</prototype></accessor>');
    expect(moduleErrorOf(() => validatePrototypeParameters(other.def, other.instance)).details.reason).toMatch(/is not an instance of prototype Server/);
  });
});
