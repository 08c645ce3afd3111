import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMapperConfig, parseModule } from './index.ts';
import type { EndpointModel, MapperModel, ModuleModel, SpaceElement, SpaceModel } from './index.ts';

// modules/module-xml → repository root → the shared folder next to it.
const FIXTURES = new URL('../../../shared/fixtures/netkernel/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const load = (name: string): ModuleModel => parseModule(read(name), name);

/** Every element of a space and of the spaces nested in it, depth first. */
function walk(space: SpaceModel): SpaceElement[] {
  const out: SpaceElement[] = [];
  for (const e of space.elements) {
    out.push(e);
    if ('space' in e && e.space !== undefined) out.push(...walk(e.space));
  }
  return out;
}
const allElements = (m: ModuleModel): SpaceElement[] => m.rootspaces.flatMap(walk);
const endpoints = (els: readonly SpaceElement[]): EndpointModel[] => els.filter((e): e is EndpointModel => 'implementation' in e && e.kind !== 'prototype');

describe('NetKernel fixtures', () => {
  it('finds every fixture file, and each one parses', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBe(6);
    for (const f of files) {
      if (f.endsWith('mapperConfig.xml')) expect(() => parseMapperConfig(read(f), f)).not.toThrow();
      else expect(() => load(f)).not.toThrow();
    }
  });

  it('kbodata fulcrum: HTTP bridge config as XML, dynamic import endpoints, inline mapper, meta: request', () => {
    const m = load('urn.com.elbeesee.kbodata.fulcrum.module.xml');
    expect(m.identity).toEqual({ uri: 'urn:com:elbeesee:kbodata:fulcrum', version: '1.0.0' });
    expect(m.dynamic).toBe(false);
    const [root] = m.rootspaces;
    expect(root).toMatchObject({ uri: 'urn:com:elbeesee:kbodata:fulcrum', public: false, privateFilter: false, name: 'elbeesee kbodata fulcrum' });
    const [transport, bridge] = endpoints(root?.elements ?? []);
    expect(transport).toMatchObject({ kind: 'endpoint', id: 'fulcrum.frontend.HTTPTransport', private: true, implementation: { kind: 'prototype', prototype: 'HTTPTransport' } });
    expect(bridge?.implementation.kind).toBe('prototype');
    if (bridge?.implementation.kind !== 'prototype') throw new Error('unreachable');
    const config = bridge.implementation.parameters.config?.[0];
    expect(config?.children.map((r) => r.children.find((c) => c.name === 'match')?.text)).toEqual(['https?://[^/]*/([^?]*)(\\?.*)?', 'ws://[^/]*/([^\\?]*)(\\?.*)?']);
    expect(bridge.implementation.parameters.exceptionHandler?.[0]?.text).toBe('res:/introspect/exceptionhandler');
    expect(bridge.space?.name).toBe('Frontend Fulcrum HTTP Bridge Overlay');
    const discovery = endpoints(bridge.space?.elements ?? [])[0];
    expect(discovery?.grammar).toBe('active:SimpleImportDiscovery');
    expect(discovery?.implementation.kind === 'prototype' && discovery.implementation.parameters.type?.[0]?.text).toBe('KBOData');
    const inner = bridge.space?.elements.find((e): e is MapperModel => e.kind === 'mapper');
    expect(inner?.config.kind === 'inline' && inner.config.config.endpoints[0]).toMatchObject({
      grammar: 'res:/',
      request: { identifier: 'res:/defaultRoot.html', verb: 'SOURCE' },
      headers: [{ name: 'mime', value: { kind: 'text', text: 'text/html' } }],
    });
    const fileset = root?.elements.find((e) => e.kind === 'fileset');
    expect(fileset).toMatchObject({ match: { glob: 'etc/HTTPServerConfig.xml' }, private: true });
    const styler = root?.elements.filter((e): e is MapperModel => e.kind === 'mapper')[0];
    expect(styler?.config.kind === 'inline' && styler.config.config.endpoints[0]?.request.metaEndpoint).toBe('ExceptionStyler');
    expect(styler?.config.kind === 'inline' && styler.config.config.endpoints[0]?.grammar).toBeUndefined();
    const imports = root?.elements.filter((e) => e.kind === 'import').map((e) => (e.kind === 'import' ? [e.uri, e.private] : []));
    expect(imports).toContainEqual(['urn:org:netkernel:tpt:http', true]);
  });

  it('kbodata server: Limiter with a standard grammar, RESTOverlay meta, active grammars, throttles, literals, version-min', () => {
    const m = load('urn.com.elbeesee.kbodata.server.module.xml');
    expect(m.identity.version).toBe('1.6.0');
    expect(m.dynamic).toBe(true);
    expect(m.rootspaces.map((r) => [r.uri, r.public])).toEqual([
      ['urn:com:elbeesee:kbodata:server', true],
      ['urn:com:elbeesee:kbodata:server:import', false],
    ]);
    const [server, imports] = m.rootspaces;
    const hook = server?.elements[0];
    expect(hook).toMatchObject({ kind: 'literal', type: 'xml', uri: 'res:/etc/system/SimpleDynamicImportHook.xml' });
    expect(hook?.kind === 'literal' && hook.type === 'xml' && hook.value.children[0]?.text).toBe('KBOData');
    expect(server?.elements.filter((e) => e.kind === 'fileset')).toHaveLength(7);
    expect(server?.elements[1]).toMatchObject({ match: { regex: 'res:/css/(.*)' }, rewrite: 'res:/resources/ux/css/$1' });
    const limiter = endpoints(server?.elements ?? []).find((e) => e.implementation.kind === 'prototype' && e.implementation.prototype === 'Limiter');
    expect(limiter?.grammar).toEqual({ standard: ['res:/etc/', { regexType: 'anything' }] });
    const rest = endpoints(server?.elements ?? []).find((e) => e.kind === 'overlay');
    const mapper = rest?.space?.elements[0];
    if (mapper?.kind !== 'mapper' || mapper.config.kind !== 'inline') throw new Error('expected an inline mapper');
    const mapped = mapper.config.config.endpoints;
    expect(mapped).toHaveLength(17);
    expect(mapped[0]?.meta?.children[0]?.name).toBe('rest');
    const byId = mapped.find((e) => e.request.identifier === 'active:kbodatabyid' && e.request.arguments.length === 3);
    expect(byId?.grammar).toEqual({
      active: { identifier: 'active:kbodatabyidwithextensionrestoverlay', arguments: [{ name: 'owner' }, { name: 'id' }, { name: 'extension' }], varargs: false },
    });
    expect(byId?.request.arguments[0]).toMatchObject({ name: 'owner', kind: 'string', value: '[[arg:owner]]', substitutions: ['owner'] });
    const throttles = endpoints(imports?.elements ?? []).filter((e) => e.implementation.kind === 'prototype' && e.implementation.prototype === 'layer1.Concurrency.Throttle');
    expect(throttles).toHaveLength(4);
    const groovy = endpoints(throttles[0]?.space?.elements ?? []);
    expect(groovy).toHaveLength(5);
    expect(groovy[0]?.grammar).toEqual({
      active: {
        identifier: 'active:kbodatabyid',
        arguments: [
          { name: 'owner', desc: 'owner', min: 1, max: 1 },
          { name: 'id', desc: 'id', min: 1, max: 1 },
          { name: 'extension', desc: 'extension', min: 0, max: 1 },
        ],
        varargs: false,
      },
    });
    expect(groovy[0]?.implementation.kind === 'prototype' && groovy[0].implementation.parameters.script?.[0]?.text).toBe('res:/resources/groovy/kbodatabyid.groovy');
    expect(imports?.elements.find((e) => e.kind === 'literal' && e.uri === 'kbodata:dataset')).toMatchObject({ type: 'string', value: 'http://data.kbodata.be/dataset/kbo#id' });
    expect(imports?.elements.find((e) => e.kind === 'import' && e.uri === 'urn:com:elbeesee:kbodata:stardog')).toMatchObject({ versionMin: '1.0.0', private: false });
  });

  it('introduction: fileset rewrite, string literal, Java class accessor, private import, empty rootspace', () => {
    const m = load('urn.org.elbeesee.experiment.introduction.module.xml');
    expect(m.info).toEqual({ name: 'elbeesee / experiment / introduction', description: 'elbeesee / experiment / introduction' });
    const [main, empty] = m.rootspaces;
    expect(main?.elements.map((e) => e.kind)).toEqual(['fileset', 'literal', 'accessor', 'import']);
    expect(main?.elements[1]).toMatchObject({ uri: 'res:/introduction/helloworld-literal', type: 'string', value: 'Hello World' });
    expect(main?.elements[2]).toMatchObject({
      id: 'elbeesee:experiment:introduction:helloworld:accessor',
      grammar: 'res:/introduction/helloworld-accessor',
      implementation: { kind: 'class', class: 'org.elbeesee.experiment.introduction.HelloWorldAccessor' },
    });
    expect(main?.elements[3]).toMatchObject({ uri: 'urn:org:elbeesee:experiment:introduction:import', private: true });
    expect(empty).toMatchObject({ uri: 'urn:org:elbeesee:experiment:introduction:import', public: false, elements: [] });
  });

  it('helloworld: xml dynamic-import hook, mapper to a data: URI with an empty space', () => {
    const m = load('urn.org.tomgeudens.helloworld.module.xml');
    const [main, internal] = m.rootspaces;
    const hook = main?.elements[0];
    if (hook?.kind !== 'literal' || hook.type !== 'xml') throw new Error('expected an xml literal');
    expect(hook.value.name).toBe('connection');
    expect(hook.value.children[0]).toMatchObject({ name: 'type', text: 'HTTPFulcrum' });
    const mapper = main?.elements.find((e) => e.kind === 'mapper');
    expect(mapper?.kind === 'mapper' && mapper.space.elements).toEqual([]);
    expect(mapper?.kind === 'mapper' && mapper.config.kind === 'inline' && mapper.config.config.endpoints[0]?.request.identifier).toBe('data:text/plain,Hello World');
    expect(internal?.elements).toMatchObject([{ kind: 'import', uri: 'urn:org:netkernel:ext:layer1', private: false }]);
  });

  it('nk4um web: session config as XML, pluggable-overlay, branch-merge, computed and resource mapper configs', () => {
    const m = load('urn.org.netkernelroc.nk4um.web.module.xml');
    expect(m.rootspaces.map((r) => r.uri)).toEqual([
      'urn:org:netkernelroc:nk4um:web',
      'urn:org:netkernelroc:nk4um:admin',
      'urn:org:netkernelroc:nk4um:search',
      'urn:org:netkernelroc:nk4um:web:static',
      'urn:org:netkernelroc:mod:nk4um:doc',
    ]);
    expect(m.rootspaces[3]?.public).toBe(false);
    const session = m.rootspaces[0]?.elements.find((e) => e.kind === 'overlay');
    if (session?.kind !== 'overlay' || session.implementation.kind !== 'prototype') throw new Error('expected the session overlay');
    expect(session.implementation.prototype).toBe('jetty.HTTPSession');
    const config = session.implementation.parameters.config?.[0];
    expect(Object.fromEntries(config?.children.map((c) => [c.name, c.text]) ?? [])).toEqual({
      prototype: 'HTTPSession',
      maxSessions: '1000',
      minDuration: '7200000',
      maxDuration: '86400000',
      cookiePath: '/nk4um/',
      cookieName: 'NK4UM_NETKERNEL_SESSION_COOKIE',
      autoReconnect: 'true',
    });
    const pluggable = session.space?.elements[0];
    if (pluggable?.kind !== 'pluggable-overlay') throw new Error('expected a pluggable overlay');
    expect(pluggable.preProcess?.arguments.map((a) => [a.name, a.kind === 'identifier' ? a.identifier : a.kind])).toEqual([
      ['class', 'org.netkernelroc.nk4um.web.security.AccessControlAccessor'],
      ['request', 'arg:request'],
    ]);
    expect(pluggable.postProcess?.arguments.map((a) => a.name)).toEqual(['class', 'request', 'response']);
    expect(pluggable.exceptionProcess?.arguments.map((a) => a.name)).toEqual(['class', 'request', 'exception']);
    const branch = pluggable.space.elements[0];
    if (branch?.kind !== 'branch-merge') throw new Error('expected a branch-merge');
    expect(branch.branches).toMatchObject([{ name: 'RecordTopicView', overlay: 'RecordTopicView', targets: ['nk4um:web:topic'] }]);
    expect(branch.overlays[0]).toMatchObject({ name: 'RecordTopicView', prototype: 'pluggable-overlay', parameters: {} });
    expect(branch.overlays[0]?.next).toBeUndefined();
    expect(branch.overlays[0]?.handlers?.preProcess?.identifier).toBe('active:java');
    const computed = branch.space.elements[0];
    expect(computed?.kind === 'mapper' && computed.config).toEqual({ kind: 'resource', identifier: 'active:java+class@org.netkernelroc.nk4um.web.MapperConfigAccessor', computed: true });
    const sendmail = computed?.kind === 'mapper' ? endpoints(computed.space.elements)[1] : undefined;
    expect(sendmail?.grammar).toMatchObject({ active: { identifier: 'nk4um:sendmail', varargs: true } });
    const notFound = endpoints(pluggable.space.elements).at(-1);
    expect(notFound?.grammar).toEqual({ standard: ['res:/nk4um/', { group: [{ regex: '.*' }] }, 'res:/nk4um/', { group: [{ regex: '(?!(importConfig.xml)).*' }] }] });
    const admin = m.rootspaces[1]?.elements.find((e) => e.kind === 'pluggable-overlay');
    const adminMapper = admin?.kind === 'pluggable-overlay' ? admin.space.elements[0] : undefined;
    expect(adminMapper?.kind === 'mapper' && adminMapper.config).toEqual({ kind: 'resource', identifier: 'res:/org/netkernelroc/nk4um/admin/mapperConfig.xml', computed: false });
    expect(allElements(m).filter((e) => e.kind === 'import' && e.uri === 'urn:org:netkernel:lang:groovy')).toHaveLength(2);
    expect(m.notices).toEqual([]);
  });

  it('nk4um mapperConfig.xml: XRL includes, standard and active grammars, as-string arguments, headers', () => {
    const config = parseMapperConfig(read('urn.org.netkernelroc.nk4um.web.mapperConfig.xml'), 'res:/org/netkernelroc/nk4um/web/mapperConfig.xml');
    expect(config.imports).toHaveLength(12);
    expect(config.imports[0]).toMatchObject({ form: 'xrl:include', identifier: 'res:/org/netkernelroc/nk4um/web/forumGroup/mapperConfig.xml' });
    expect(config.endpoints.map((e) => e.id)).toEqual(['nk4um:web:index', 'nk4um:atom:index', 'nk4um:web:forum', 'nk4um:atom:forum', 'nk4um:web:topic', 'nk4um:atom:topic', 'nk4um:dataTable:columns']);
    const [index, , forum, atomForum] = config.endpoints;
    expect(index?.grammar).toEqual({ standard: ['res:/nk4um/', { group: [{ optional: ['index'] }] }] });
    expect(index?.headers).toMatchObject([{ name: 'nk4umAutoStyle', value: { kind: 'text', text: 'true' } }]);
    expect(forum?.grammar).toEqual({ standard: ['res:/nk4um/forum/', { group: [{ regexType: 'integer' }], name: 'id' }, '/', { group: [{ optional: ['index'] }] }] });
    expect(atomForum?.grammar).toEqual({ standard: ['res:/nk4um/forum/', { group: [{ regexType: 'integer' }], name: 'id' }, '/atom.xml'] });
    expect(forum?.request.arguments[1]).toMatchObject({ name: 'id', kind: 'string', value: 'arg:id' });
    const columns = config.endpoints[6];
    const active = columns?.grammar !== undefined && typeof columns.grammar === 'object' && 'active' in columns.grammar ? columns.grammar.active : undefined;
    expect(active?.identifier).toBe('nk4um:dataTable:columns');
    expect(active?.arguments?.map((a) => `${a.name}:${a.min ?? ''}-${a.max ?? ''}`)).toEqual(['moderator:0-1', 'start:0-1', 'length:0-1', 'sortColumn:0-1', 'sortDirection:0-1', 'search:0-1']);
    expect(columns?.request.arguments.slice(1).every((a) => a.kind === 'identifier' && a.identifier === `arg:${a.name}`)).toBe(true);
  });
});
