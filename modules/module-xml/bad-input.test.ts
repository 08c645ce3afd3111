import { describe, expect, it } from 'vitest';
import { parseMapperConfig, parseModule } from './index.ts';
import { moduleErrorOf, moduleWith } from './testing.ts';

const fail = (body: string): { path: string; reason: string } => {
  const error = moduleErrorOf(() => parseModule(moduleWith(body), 'app/module.xml'));
  expect(error.details.file).toBe('app/module.xml');
  return { path: String(error.details.path), reason: String(error.details.reason) };
};

describe('bad module.xml input', () => {
  it('wrong or missing version', () => {
    const wrong = moduleErrorOf(() => parseModule('<module version="1.0"><meta/></module>', 'm.xml'));
    expect(wrong.details).toMatchObject({ path: 'module', reason: expect.stringMatching(/unsupported module version "1.0"/) });
    expect(moduleErrorOf(() => parseModule('<module><meta/></module>', 'm.xml')).details.reason).toMatch(/missing its mandatory attribute "version"/);
  });

  it('a root element that is not <module>', () => {
    expect(moduleErrorOf(() => parseModule('<config/>', 'm.xml')).details.reason).toMatch(/root element is <config>/);
  });

  it('unknown element, named with its element path', () => {
    const r = fail('<import><uri>urn:x</uri></import><mapper><config><endpoint><grammar>res:/a</grammar><request><identifier>res:/b</identifier><bogus/></request></endpoint></config><space/></mapper>');
    expect(r.path).toBe('module/rootspace/mapper/config/endpoint/request/bogus');
    expect(r.reason).toMatch(/unknown element <bogus> in <request>/);
  });

  it('unknown space element, with an index where names repeat', () => {
    const r = fail('<import><uri>urn:a</uri></import><import><uri>urn:b</uri></import><import><uri>urn:c</uri><privat/></import>');
    expect(r.path).toBe('module/rootspace/import[3]/privat');
    expect(fail('<fileset><regex>res:/a</regex></fileset><filesets/>').reason).toMatch(/unknown element <filesets> in <rootspace>; a space holds <fileset>/);
  });

  it('unknown attribute, named with its element path', () => {
    const r = fail('<literal uri="res:/a" typ="string">x</literal>');
    expect(r.path).toBe('module/rootspace/literal');
    expect(r.reason).toMatch(/unknown attribute "typ" on <literal>/);
    const root = moduleErrorOf(() => parseModule(moduleWith('', 'uri="urn:x" publik="true"'), 'm.xml'));
    expect(root.details.reason).toMatch(/unknown attribute "publik" on <rootspace>/);
    expect(fail('<import visible="yes"><uri>urn:x</uri></import>').reason).toMatch(/unknown attribute "visible" on <import>/);
  });

  it('bad attribute values', () => {
    expect(moduleErrorOf(() => parseModule(moduleWith('', 'public="yes"'), 'm.xml')).details.reason).toMatch(/attribute public="yes" on <rootspace>: expected true or false/);
    expect(fail('<accessor><class>x</class><grammar><active><identifier>active:a</identifier><argument name="b" min="-1"/></active></grammar></accessor>').reason).toMatch(/min="-1"/);
  });

  it('missing mandatory children', () => {
    expect(moduleErrorOf(() => parseModule('<module version="2.0"><meta><identity><uri>urn:x</uri><version>1.0.0</version></identity></meta></module>', 'm.xml')).details).toMatchObject({
      path: 'module',
      reason: '<module> is missing its mandatory <rootspace>',
    });
    expect(moduleErrorOf(() => parseModule('<module version="2.0"><rootspace/></module>', 'm.xml')).details.reason).toMatch(/missing its mandatory <meta>/);
    expect(moduleErrorOf(() => parseModule('<module version="2.0"><meta><identity><uri>urn:x</uri></identity></meta><rootspace/></module>', 'm.xml')).details).toMatchObject({
      path: 'module/meta/identity',
      reason: '<identity> is missing its mandatory <version>',
    });
    expect(fail('<import><private/></import>')).toEqual({ path: 'module/rootspace/import', reason: '<import> is missing its mandatory <uri>' });
    expect(fail('<literal type="string">x</literal>')).toEqual({ path: 'module/rootspace/literal', reason: '<literal> is missing its mandatory attribute "uri"' });
    expect(fail('<accessor><grammar>res:/a</grammar></accessor>')).toEqual({ path: 'module/rootspace/accessor', reason: '<accessor> is missing its mandatory <class> or <prototype>' });
    expect(fail('<fileset><private/></fileset>').reason).toBe('<fileset> is missing its mandatory <regex> or <glob>');
    expect(fail('<mapper><config>res:/c.xml</config></mapper>').reason).toBe('<mapper> is missing its mandatory <space>');
    expect(fail('<mapper><config><endpoint><grammar>res:/a</grammar></endpoint></config><space/></mapper>').reason).toBe('<endpoint> is missing its mandatory <request>');
    expect(fail('<mapper><config><endpoint><request><identifier>res:/b</identifier></request></endpoint></config><space/></mapper>').reason).toMatch(/missing its mandatory <grammar>/);
    expect(fail('<pluggable-overlay><preProcess><identifier>active:x</identifier></preProcess></pluggable-overlay>').reason).toBe('<pluggable-overlay> is missing its mandatory <space>');
    expect(fail('<prototype><class>./p.ts#P</class></prototype>').reason).toBe('<prototype> is missing its mandatory <id>');
  });

  it('duplicated single children and conflicting implementations', () => {
    expect(fail('<import><uri>urn:a</uri><uri>urn:b</uri></import>')).toEqual({ path: 'module/rootspace/import/uri[2]', reason: '<uri> may appear only once in <import>' });
    expect(fail('<accessor><class>./a.ts#A</class><prototype>P</prototype></accessor>').reason).toMatch(/both <class> and <prototype>/);
    expect(fail('<accessor><class>./a.ts#A</class><script>x</script></accessor>')).toEqual({
      path: 'module/rootspace/accessor/script',
      reason: 'unknown element <script> in <accessor>; only a <prototype> instance takes parameters',
    });
    expect(fail('<fileset><regex>res:/a</regex><glob>a/*</glob></fileset>').reason).toMatch(/both <regex> and <glob>/);
  });

  it('bad literal values for their type', () => {
    expect(fail('<literal uri="res:/b" type="boolean">yes</literal>')).toEqual({ path: 'module/rootspace/literal', reason: 'bad value for <literal type="boolean">: expected true or false, got "yes"' });
    expect(fail('<literal uri="res:/l" type="long">12.5</literal>').reason).toMatch(/expected an integer, got "12.5"/);
    expect(fail('<literal uri="res:/l" type="long">9223372036854775808</literal>').reason).toMatch(/does not fit in a 64-bit long/);
    expect(fail('<literal uri="res:/j" type="json">{oops}</literal>').reason).toMatch(/bad value for <literal type="json">: not JSON/);
    expect(fail('<literal uri="res:/x" type="xml"><a/><b/></literal>').reason).toMatch(/exactly one root element/);
    expect(fail('<literal uri="res:/x" type="xml"><![CDATA[<a>]]></literal>').reason).toMatch(/not well-formed XML/);
    expect(fail('<literal uri="res:/x" type="hds">x</literal>').reason).toMatch(/attribute type="hds" on <literal>: expected one of string, boolean, long, xml, json/);
    expect(fail('<literal uri="res:/s"><b>no</b></literal>').reason).toMatch(/unknown element <b> in <literal>/);
  });

  it('bad verbs, grammars and fileset regexes', () => {
    expect(fail('<accessor><class>./a.ts#A</class><verbs>SOURCE,FETCH</verbs></accessor>')).toEqual({
      path: 'module/rootspace/accessor/verbs',
      reason: 'Unknown verb "FETCH"; expected one of SOURCE, SINK, EXISTS, DELETE, NEW, META, TRANSREPT',
    });
    expect(fail('<accessor><class>./a.ts#A</class><grammar>res:/<regex type="words"/></grammar></accessor>').reason).toMatch(/unknown <regex type="words">/);
    expect(fail('<accessor><class>./a.ts#A</class><grammar>res:/<regex>(unclosed</regex></grammar></accessor>')).toMatchObject({
      path: 'module/rootspace/accessor/grammar',
      reason: expect.stringMatching(/the grammar does not compile/),
    });
    expect(fail('<accessor><class>./a.ts#A</class><grammar>res:/<bogus/></grammar></accessor>').reason).toMatch(/unknown grammar element <bogus>/);
    expect(fail('<accessor><class>./a.ts#A</class><grammar><simple>res:/a</simple>tail</grammar></accessor>').reason).toMatch(/<simple> must be the only content/);
    expect(fail('<fileset><regex>res:/(oops</regex></fileset>')).toMatchObject({ path: 'module/rootspace/fileset/regex', reason: expect.stringMatching(/does not compile/) });
    expect(fail('<fileset><glob>../../etc/*</glob></fileset>').reason).toMatch(/must not contain ".."/);
  });

  it('bad declarative requests and imports', () => {
    const mapper = (request: string): string => `<mapper><config><endpoint><grammar>res:/a</grammar><request>${request}</request></endpoint></config><space/></mapper>`;
    expect(fail(mapper('<identifier>res:/b</identifier><verb>FETCH</verb>')).reason).toMatch(/Unknown verb "FETCH"/);
    expect(fail(mapper('<identifier>res:/b</identifier><argument name="x" method="as-value">v</argument>')).reason).toMatch(/the only method is "as-string"/);
    expect(fail(mapper('<identifier>res:/b</identifier><argument>v</argument>')).reason).toMatch(/missing its mandatory attribute "name"/);
    expect(fail(mapper('<identifier>res:/b</identifier><argument name="x" method="as-string"><literal>v</literal></argument>')).reason).toMatch(/needs text/);
    expect(fail('<import><uri>urn:a</uri><version-min>one</version-min></import>').reason).toMatch(/not a version/);
    expect(fail('<import><uri>urn:a</uri><version-min>2.0</version-min><version-max>1.9.9</version-max></import>').reason).toMatch(/above/);
    expect(fail('<branch-merge><config><branch name="b" overlay="missing" targets="x"/></config><space/></branch-merge>').reason).toMatch(/overlay="missing" names no <overlay>/);
  });

  it('two rootspaces with the same URI in one module', () => {
    const xml = '<module version="2.0"><meta><identity><uri>urn:m</uri><version>1.0.0</version></identity></meta><rootspace/><rootspace uri="urn:m"/></module>';
    expect(moduleErrorOf(() => parseModule(xml, 'm.xml')).details).toMatchObject({ path: 'module/rootspace[2]', reason: 'rootspace URI urn:m is already used by module/rootspace[1]' });
  });

  it('stray text where elements are expected', () => {
    expect(fail('hello<import><uri>urn:a</uri></import>').reason).toMatch(/unexpected text "hello" in <rootspace>/);
  });

  it('a mapper config document that is not a <config>, or is malformed', () => {
    expect(moduleErrorOf(() => parseMapperConfig('<module/>', 'res:/c.xml')).details.reason).toMatch(/a mapper config must be a <config>/);
    expect(moduleErrorOf(() => parseMapperConfig('<config><endpoint>', 'res:/c.xml')).details.path).toMatch(/^line 1, column \d+$/);
    expect(moduleErrorOf(() => parseMapperConfig('<config><space/></config>', 'res:/c.xml')).details.reason).toMatch(/unknown element <space> in <config>/);
  });
});
