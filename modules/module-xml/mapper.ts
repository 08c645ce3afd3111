/**
 * The mapper overlay: an opaque overlay whose config declares logical endpoints (grammar,
 * verbs, meta, response headers) and, for each, the declarative request it issues into the
 * wrapped space. The config is inline, or an identifier the loader requests from the wrapped
 * space and parses with {@link parseMapperConfig}.
 */
import { z } from 'zod';
import type { MappedEndpoint, MapperConfig, MapperConfigImport, MapperConfigSource, MapperModel } from './model.ts';
import { parseXml, type XmlNode } from './parse-xml.ts';
import { readGrammar } from './grammar-spec.ts';
import { readHeader, readRequest, readVerbs } from './declarative-request.ts';
import { moduleError, optional, readAttributes, readChildren, readFlag, readText, type BuildContext } from './xml-reader.ts';

const XRL_INCLUDE = 'xrl:include';

/** `<mapper>`: `<config>` (inline or an identifier) and the wrapped `<space>`. */
export function readMapper(ctx: BuildContext, node: XmlNode): MapperModel {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { id: 'optional', private: 'optional', config: 'one', space: 'one' });
  const id = c.optional('id');
  return {
    kind: 'mapper',
    ...optional('id', id === undefined ? undefined : readText(ctx, id)),
    private: readFlag(ctx, c.optional('private')),
    config: readConfigSource(ctx, c.one('config')),
    space: ctx.space(c.one('space')),
    file: ctx.file,
    path: node.path,
  };
}

function readConfigSource(ctx: BuildContext, node: XmlNode): MapperConfigSource {
  if (node.children.length > 0) return { kind: 'inline', config: readMapperConfig(ctx, node) };
  const identifier = readText(ctx, node, { nonEmpty: false });
  if (identifier === '') throw moduleError(ctx, node.path, '<config> is empty: give <endpoint>s inline or the identifier of a config resource');
  readAttributes(ctx, node, {});
  return { kind: 'resource', identifier, computed: identifier.startsWith('active:') };
}

/** A `<config>` element: mapped `<endpoint>`s plus `<import>`s / `<xrl:include>`s of more config. */
export function readMapperConfig(ctx: BuildContext, node: XmlNode): MapperConfig {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { endpoint: 'many', import: 'many', [XRL_INCLUDE]: 'many' });
  const imports: MapperConfigImport[] = [];
  // Keep imports in document order: a later config may rely on an earlier one's endpoints.
  for (const child of node.children) {
    if (child.name === 'import') imports.push({ identifier: readText(ctx, child), form: 'import', file: ctx.file, path: child.path });
    if (child.name === XRL_INCLUDE) {
      readChildren(ctx, child, {});
      const a = readAttributes(ctx, child, { identifier: z.string().trim().min(1, { error: 'must not be empty' }) });
      imports.push({ identifier: a.identifier, form: XRL_INCLUDE, file: ctx.file, path: child.path });
    }
  }
  return { endpoints: c.all('endpoint').map((e) => readMappedEndpoint(ctx, e)), imports, file: ctx.file, path: node.path };
}

function readMappedEndpoint(ctx: BuildContext, node: XmlNode): MappedEndpoint {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { id: 'optional', grammar: 'optional', verbs: 'optional', meta: 'optional', private: 'optional', request: 'one', header: 'many' });
  const request = readRequest(ctx, c.one('request'));
  const grammar = c.optional('grammar');
  if (grammar === undefined && request.metaEndpoint === undefined) {
    throw moduleError(ctx, node.path, '<endpoint> is missing its mandatory <grammar> (only a request to a meta: identifier may leave it out)');
  }
  const id = c.optional('id');
  const verbs = c.optional('verbs');
  return {
    ...optional('id', id === undefined ? undefined : readText(ctx, id)),
    ...optional('grammar', grammar === undefined ? undefined : readGrammar(ctx, grammar)),
    ...optional('verbs', verbs === undefined ? undefined : readVerbs(ctx, verbs)),
    private: readFlag(ctx, c.optional('private')),
    ...optional('meta', c.optional('meta')),
    request,
    headers: c.all('header').map((h) => readHeader(ctx, h)),
    file: ctx.file,
    path: node.path,
  };
}

/**
 * Parse a mapper config document (root `<config>`), such as a `res:/…/mapperConfig.xml` that a
 * mapper names by identifier. The loader calls it with the fetched text; a document whose
 * root is not `<config>` is a RocError ROC_ERR_MODULE.
 *
 * @example
 * const config = parseMapperConfig('<config><endpoint><grammar>res:/a</grammar><request><identifier>res:/b</identifier></request></endpoint></config>', 'res:/mapperConfig.xml');
 * config.endpoints[0]?.request.identifier; // 'res:/b'
 */
export function parseMapperConfig(text: string, file: string): MapperConfig {
  const ctx: BuildContext = {
    file,
    notices: [],
    space: (node) => {
      throw moduleError({ file }, node.path, 'a mapper config has no <space>');
    },
  };
  const root = parseXml(text, file);
  if (root.name !== 'config') throw moduleError(ctx, root.path, `the root element is <${root.name}>; a mapper config must be a <config>`);
  return readMapperConfig(ctx, root);
}
