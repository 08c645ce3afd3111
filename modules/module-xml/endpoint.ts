/**
 * `<accessor>`, `<endpoint>`, `<transreptor>`, `<transport>` and `<overlay>`: an id, grammar,
 * verbs, private flag and meta, implemented either by a `<class>` or by a `<prototype>`
 * instance whose other children are its parameters (kept as XML until the loader validates
 * them against the prototype's declaration).
 */
import type { EndpointKind, EndpointModel, Implementation, PrototypeParameters } from './model.ts';
import type { XmlNode } from './parse-xml.ts';
import { readGrammar } from './grammar-spec.ts';
import { readVerbs } from './declarative-request.ts';
import { moduleError, optional, readAttributes, readChildren, readFlag, readText, type BuildContext } from './xml-reader.ts';

export const ENDPOINT_KINDS: readonly EndpointKind[] = ['accessor', 'endpoint', 'transreptor', 'transport', 'overlay'];

/** The children every endpoint understands itself; anything else is a prototype parameter. */
export const STANDARD_ENDPOINT_CHILDREN = ['id', 'grammar', 'verbs', 'private', 'meta', 'class', 'prototype', 'space'] as const;

/** Read an endpoint element of kind `node.name`. */
export function readEndpoint(ctx: BuildContext, node: XmlNode): EndpointModel {
  readAttributes(ctx, node, {});
  const c = readChildren(
    ctx,
    node,
    { id: 'optional', grammar: 'optional', verbs: 'optional', private: 'optional', meta: 'optional', class: 'optional', prototype: 'optional', space: 'optional' },
    { rest: true },
  );
  const id = c.optional('id');
  const grammar = c.optional('grammar');
  const verbs = c.optional('verbs');
  const space = c.optional('space');
  return {
    kind: node.name as EndpointKind,
    ...optional('id', id === undefined ? undefined : readText(ctx, id)),
    ...optional('grammar', grammar === undefined ? undefined : readGrammar(ctx, grammar)),
    ...optional('verbs', verbs === undefined ? undefined : readVerbs(ctx, verbs)),
    private: readFlag(ctx, c.optional('private')),
    ...optional('meta', c.optional('meta')),
    implementation: readImplementation(ctx, node, c.optional('class'), c.optional('prototype'), c.rest),
    ...optional('space', space === undefined ? undefined : ctx.space(space)),
    file: ctx.file,
    path: node.path,
  };
}

/**
 * `<class>` xor `<prototype>`. With a class, extra children are unknown elements; with a
 * prototype they are its parameters, grouped by name in document order.
 */
export function readImplementation(
  ctx: BuildContext,
  node: XmlNode,
  classNode: XmlNode | undefined,
  prototypeNode: XmlNode | undefined,
  rest: readonly XmlNode[],
): Implementation {
  if (classNode !== undefined && prototypeNode !== undefined) {
    throw moduleError(ctx, node.path, `<${node.name}> has both <class> and <prototype>; an endpoint is implemented by one of them`);
  }
  if (classNode !== undefined) {
    const [extra] = rest;
    if (extra !== undefined) {
      throw moduleError(ctx, extra.path, `unknown element <${extra.name}> in <${node.name}>; only a <prototype> instance takes parameters`);
    }
    return { kind: 'class', class: readText(ctx, classNode) };
  }
  if (prototypeNode !== undefined) return { kind: 'prototype', prototype: readText(ctx, prototypeNode), parameters: groupParameters(rest) };
  throw moduleError(ctx, node.path, `<${node.name}> is missing its mandatory <class> or <prototype>`);
}

export function groupParameters(nodes: readonly XmlNode[]): PrototypeParameters {
  // Parameter names come from the document: a null-prototype record keeps `__proto__` inert.
  const grouped = Object.create(null) as Record<string, XmlNode[]>;
  for (const node of nodes) (grouped[node.name] ??= []).push(node);
  return Object.freeze(grouped);
}
