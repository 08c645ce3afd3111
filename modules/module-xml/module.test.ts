import { describe, expect, it } from 'vitest';
import { compileGrammar } from '../../kernel/index.ts';
import { parseModule, type EndpointModel, type MapperModel, type ModuleModel, type SpaceElement } from './index.ts';
import { moduleWith } from './testing.ts';

const load = (body: string, attrs?: string): ModuleModel => parseModule(moduleWith(body, attrs), 'app/module.xml');
const first = (body: string): SpaceElement | undefined => load(body).rootspaces[0]?.elements[0];

describe('parseModule', () => {
  it('applies rootspace defaults and reads system/dynamic', () => {
    const m = parseModule(
      '<module version="2.0"><meta><identity><uri>urn:m</uri><version>2.1.0</version></identity><info><name>M</name></info></meta><system><dynamic/></system><rootspace/></module>',
      'm.xml',
    );
    expect(m).toMatchObject({ identity: { uri: 'urn:m', version: '2.1.0' }, info: { name: 'M' }, dynamic: true, notices: [] });
    expect(m.rootspaces[0]).toMatchObject({ uri: 'urn:m', public: true, privateFilter: true, elements: [], path: 'module/rootspace' });
  });

  it('accepts Java-only elements with a notice naming them', () => {
    const m = parseModule(
      `<module version="2.0"><meta><identity><uri>urn:m</uri><version>1.0.0</version></identity></meta>
        <system><classloader><exports><match>org\\.postgresql\\..*</match></exports></classloader></system>
        <rootspace><representation><class>org.x.ScriptRepresentation</class></representation><import><uri>urn:a</uri></import></rootspace></module>`,
      'm.xml',
    );
    expect(m.notices.map((n) => [n.element, n.path])).toEqual([
      ['classloader', 'module/system/classloader'],
      ['representation', 'module/rootspace/representation'],
    ]);
    expect(m.notices[0]?.message).toMatch(/ignored/);
    expect(m.rootspaces[0]?.elements.map((e) => e.kind)).toEqual(['import']);
  });

  it('reads grammars into GrammarSpecs the kernel compiles', () => {
    const grammar = (g: string): unknown => {
      const e = first(`<accessor><class>./a.ts#A</class><grammar>${g}</grammar></accessor>`);
      return e?.kind === 'accessor' ? e.grammar : undefined;
    };
    expect(grammar(' res:/hello ')).toBe('res:/hello');
    expect(grammar('<simple>res:/owners/{id:\\d+}</simple>')).toEqual({ simple: 'res:/owners/{id:\\d+}' });
    expect(grammar('<active><identifier>active:x</identifier><argument name="a" min="0" max="unbounded" desc="d"/><varargs/></active>')).toEqual({
      active: { identifier: 'active:x', arguments: [{ name: 'a', min: 0, max: 'unbounded', desc: 'd' }], varargs: true },
    });
    const standard = grammar('res:/a/<choice><group name="x">one</group><group name="y">two</group></choice><interleave><group name="p">p</group><group name="q">q</group></interleave>');
    expect(standard).toEqual({
      standard: ['res:/a/', { choice: [{ group: ['one'], name: 'x' }, { group: ['two'], name: 'y' }] }, { interleave: [{ group: ['p'], name: 'p' }, { group: ['q'], name: 'q' }] }],
    });
    const compiled = compileGrammar(standard as never);
    expect(compiled.parse('res:/a/twoqp')).toEqual([['y', 'two'], ['q', 'q'], ['p', 'p']]);
  });

  it('converts literal values by type', () => {
    const values = load(`
      <literal uri="res:/s" type="string">  spaced  </literal>
      <literal uri="res:/d">default string</literal>
      <literal uri="res:/b" type="boolean"> false </literal>
      <literal uri="res:/l" type="long">86400000</literal>
      <literal uri="res:/big" type="long">9007199254740993</literal>
      <literal uri="res:/j" type="json"><![CDATA[{"a":[1,true,null],"__proto__":{"polluted":1}}]]></literal>
      <literal uri="res:/x" type="xml"><![CDATA[<config><zone>Z</zone></config>]]></literal>`).rootspaces[0]?.elements.map((e) => (e.kind === 'literal' ? [e.type, e.value] : []));
    expect(values?.slice(0, 5)).toEqual([
      ['string', '  spaced  '],
      ['string', 'default string'],
      ['boolean', false],
      ['long', 86400000],
      ['long', 9007199254740993n],
    ]);
    expect(values?.[5]?.[1]).toEqual(JSON.parse('{"a":[1,true,null],"__proto__":{"polluted":1}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const xml = values?.[6]?.[1] as { name: string; children: { text: string; path: string }[] };
    expect(xml.name).toBe('config');
    expect(xml.children[0]).toMatchObject({ text: 'Z', path: 'module/rootspace/literal[7]/config/zone' });
  });

  it('reads filesets, imports and endpoint standard children', () => {
    const [fileset, imp, accessor] = load(`
      <fileset><regex>res:/(.*)\\.txt</regex><rewrite>res:/text/$1.txt</rewrite><private/><mutable/></fileset>
      <import><uri>urn:lib</uri><private/><version-min>1.0</version-min><version-max>1.9.0</version-max></import>
      <transreptor><id>t</id><verbs>transrept, source,SOURCE</verbs><meta><from>string</from></meta><class>./t.ts#T</class></transreptor>`).rootspaces[0]?.elements ?? [];
    expect(fileset).toEqual({ kind: 'fileset', match: { regex: 'res:/(.*)\\.txt' }, rewrite: 'res:/text/$1.txt', private: true, mutable: true, file: 'app/module.xml', path: 'module/rootspace/fileset' });
    expect(imp).toMatchObject({ uri: 'urn:lib', private: true, versionMin: '1.0', versionMax: '1.9.0' });
    const t = accessor as EndpointModel;
    expect(t).toMatchObject({ kind: 'transreptor', id: 't', verbs: ['TRANSREPT', 'SOURCE'], private: false, implementation: { kind: 'class', class: './t.ts#T' } });
    expect(t.meta?.children[0]?.text).toBe('string');
  });

  it('reads every form of declarative request', () => {
    const mapper = first(`<mapper><config>
      <endpoint><id>e</id><grammar><simple>res:/p/{path}</simple></grammar><verbs>SOURCE,SINK</verbs>
        <request>
          <identifier>file:///[[arg:path]]/[[arg:path]]</identifier>
          <verb>sink</verb>
          <representation>string</representation>
          <argument name="ref">arg:path</argument>
          <argument name="str" method="as-string">[[arg:path]]</argument>
          <argument name="lit"><literal type="long">5</literal></argument>
          <argument name="req"><request><identifier>active:inner</identifier><argument name="x">res:/x</argument></request></argument>
          <argument name="operator"><script>return 1;</script></argument>
          <varargs/>
          <header name="h"><literal type="boolean">true</literal></header>
        </request>
        <header name="mime"><literal type="string">image/png</literal></header>
        <header name="HTTP_CACHE_EXPIRES_DELTA_SECONDS">86400</header>
      </endpoint>
      <import>res:/more.xml</import>
    </config><space><fileset><regex>res:/.*</regex></fileset></space></mapper>`) as MapperModel;
    if (mapper.config.kind !== 'inline') throw new Error('expected inline config');
    expect(mapper.config.config.imports).toMatchObject([{ identifier: 'res:/more.xml', form: 'import' }]);
    const endpoint = mapper.config.config.endpoints[0];
    expect(endpoint).toMatchObject({ id: 'e', grammar: { simple: 'res:/p/{path}' }, verbs: ['SOURCE', 'SINK'] });
    expect(endpoint?.headers.map((h) => [h.name, h.value])).toEqual([
      ['mime', { kind: 'literal', literal: { type: 'string', value: 'image/png' } }],
      ['HTTP_CACHE_EXPIRES_DELTA_SECONDS', { kind: 'text', text: '86400' }],
    ]);
    const request = endpoint?.request;
    expect(request).toMatchObject({ identifier: 'file:///[[arg:path]]/[[arg:path]]', substitutions: ['path'], verb: 'SINK', representation: 'string', varargs: true });
    expect(request?.metaEndpoint).toBeUndefined();
    expect(request?.headers[0]?.value).toEqual({ kind: 'literal', literal: { type: 'boolean', value: true } });
    const args = request?.arguments ?? [];
    expect(args.map((a) => a.kind)).toEqual(['identifier', 'string', 'literal', 'request', 'xml']);
    expect(args[0]).toMatchObject({ identifier: 'arg:path', substitutions: [] });
    expect(args[1]).toMatchObject({ value: '[[arg:path]]', substitutions: ['path'] });
    expect(args[2]).toMatchObject({ literal: { type: 'long', value: 5 } });
    expect(args[3]?.kind === 'request' && args[3].request).toMatchObject({ identifier: 'active:inner', verb: 'SOURCE', arguments: [{ name: 'x', identifier: 'res:/x' }] });
    expect(args[4]?.kind === 'xml' && args[4].value.name).toBe('script');
    expect(mapper.space.elements[0]?.kind).toBe('fileset');
  });

  it('reads an identifier or computed mapper config', () => {
    expect((first('<mapper><config> res:/mapperConfig.xml </config><space/></mapper>') as MapperModel).config).toEqual({ kind: 'resource', identifier: 'res:/mapperConfig.xml', computed: false });
    expect((first('<mapper><config>active:makeConfig</config><space/></mapper>') as MapperModel).config).toEqual({ kind: 'resource', identifier: 'active:makeConfig', computed: true });
  });

  it('reads prototype instances with parameters and a nested space', () => {
    const overlay = first('<overlay><prototype>HTTPBridge</prototype><config><rewrite/></config><exceptionHandler>res:/e</exceptionHandler><space name="inner"><literal uri="res:/a">A</literal></space></overlay>') as EndpointModel;
    if (overlay.implementation.kind !== 'prototype') throw new Error('expected a prototype instance');
    expect(Object.keys(overlay.implementation.parameters)).toEqual(['config', 'exceptionHandler']);
    expect(Object.getPrototypeOf(overlay.implementation.parameters)).toBe(null);
    expect(overlay.space).toMatchObject({ name: 'inner', elements: [{ kind: 'literal', uri: 'res:/a', value: 'A' }], path: 'module/rootspace/overlay/space' });
  });
});
