/**
 * The top of a module.xml: `<module version="2.0">` with `<meta>`, `<system>` and one or more
 * `<rootspace>`s. This is the public entry that turns text into a validated ModuleModel.
 */
import { z } from 'zod';
import type { ModuleInfo, ModuleModel, Notice, RootspaceModel } from './model.ts';
import { parseXml, type XmlNode } from './parse-xml.ts';
import { readSpace, readSpaceElements } from './space.ts';
import { booleanAttribute, moduleError, optional, readAttributes, readChildren, readFlag, readText, type BuildContext } from './xml-reader.ts';

const MODULE_VERSION = '2.0';

/** `<system>` children that configure the Java class loader: accepted, ignored, noticed. */
const JAVA_ONLY_SYSTEM: Readonly<Record<string, string>> = {
  classloader: 'configures the Java class loader; there is no class loader here, so it is ignored',
};

/**
 * Parse and validate a module.xml. `file` names the module in errors; nothing is read from
 * disk. Every problem is a RocError ROC_ERR_MODULE naming the file, the element path (or
 * line and column for malformed XML) and the reason; Java-only elements become `notices`.
 *
 * @example
 * const model = parseModule(await readFile('hello/module.xml', 'utf8'), 'hello/module.xml');
 * model.rootspaces[0]?.uri; // 'urn:example:hello'
 * model.rootspaces[0]?.elements.map((e) => e.kind); // ['fileset', 'accessor', …]
 */
export function parseModule(text: string, file: string): ModuleModel {
  const notices: Notice[] = [];
  const ctx: BuildContext = { file, notices, space: (node) => readSpace(ctx, node) };
  const root = parseXml(text, file);
  if (root.name !== 'module') throw moduleError(ctx, root.path, `the root element is <${root.name}>; a module definition is a <module version="2.0">`);
  const version = root.attributes.version;
  if (version === undefined) throw moduleError(ctx, root.path, `<module> is missing its mandatory attribute "version" (it must be "${MODULE_VERSION}")`);
  if (version.trim() !== MODULE_VERSION) {
    throw moduleError(ctx, root.path, `unsupported module version "${version}"; only version="${MODULE_VERSION}" (the NetKernel 4+ format) is understood`);
  }
  readAttributes(ctx, root, { version: z.string() });
  const c = readChildren(ctx, root, { meta: 'one', system: 'optional', rootspace: 'some' });
  const { identity, info } = readMeta(ctx, c.one('meta'));
  const system = c.optional('system');
  const dynamic = system === undefined ? false : readSystem(ctx, system);
  const rootspaces = c.all('rootspace').map((r) => readRootspace(ctx, r, identity.uri));
  const seen = new Map<string, string>();
  for (const space of rootspaces) {
    const earlier = seen.get(space.uri);
    if (earlier !== undefined) throw moduleError(ctx, space.path, `rootspace URI ${space.uri} is already used by ${earlier}`);
    seen.set(space.uri, space.path);
  }
  return { file, identity, info, dynamic, rootspaces, notices };
}

function readMeta(ctx: BuildContext, node: XmlNode): { identity: ModuleModel['identity']; info: ModuleInfo } {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { identity: 'one', info: 'optional' });
  const identityNode = c.one('identity');
  readAttributes(ctx, identityNode, {});
  const id = readChildren(ctx, identityNode, { uri: 'one', version: 'one' });
  const version = readText(ctx, id.one('version'));
  if (!/^\d+(\.\d+)*$/.test(version)) throw moduleError(ctx, id.one('version').path, `module version "${version}" is not a version such as 1.0.0`);
  const identity = { uri: readText(ctx, id.one('uri')), version };
  const infoNode = c.optional('info');
  if (infoNode === undefined) return { identity, info: {} };
  readAttributes(ctx, infoNode, {});
  const i = readChildren(ctx, infoNode, { name: 'optional', description: 'optional', icon: 'optional', web: 'optional' });
  const text = (name: string): string | undefined => {
    const n = i.optional(name);
    return n === undefined ? undefined : readText(ctx, n, { nonEmpty: false });
  };
  const info: ModuleInfo = {
    ...optional('name', text('name')),
    ...optional('description', text('description')),
    ...optional('icon', text('icon')),
    ...optional('web', text('web')),
  };
  return { identity, info };
}

/** `<system>`: returns whether the module is `<dynamic/>`. */
function readSystem(ctx: BuildContext, node: XmlNode): boolean {
  readAttributes(ctx, node, {});
  const javaOnly = Object.keys(JAVA_ONLY_SYSTEM);
  const c = readChildren(ctx, node, { dynamic: 'optional', ...Object.fromEntries(javaOnly.map((n) => [n, 'many' as const])) });
  for (const name of javaOnly) {
    for (const ignored of c.all(name)) {
      ctx.notices.push({ file: ctx.file, path: ignored.path, element: name, message: `<${name}> ${JAVA_ONLY_SYSTEM[name] ?? 'is Java-only'}` });
    }
  }
  return readFlag(ctx, c.optional('dynamic'));
}

function readRootspace(ctx: BuildContext, node: XmlNode, moduleUri: string): RootspaceModel {
  const a = readAttributes(ctx, node, {
    uri: z.string().trim().min(1, { error: 'must not be empty' }).optional(),
    public: booleanAttribute.optional(),
    name: z.string().optional(),
    'private-filter': booleanAttribute.optional(),
  });
  return {
    uri: a.uri ?? moduleUri,
    public: a.public ?? true,
    privateFilter: a['private-filter'] ?? true,
    ...optional('name', a.name),
    elements: readSpaceElements(ctx, node),
    file: ctx.file,
    path: node.path,
  };
}
