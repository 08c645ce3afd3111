/**
 * NetKernel's declarative request syntax (mapper `<request>`, pluggable-overlay handlers):
 * `<identifier>`, `<verb>`, `<representation>`, `<argument name [method]>`, `<varargs/>`,
 * `<header name>`. Parsed into data once, so issuing one at request time only substitutes
 * `[[arg:x]]` placeholders and builds a request.
 */
import { z } from 'zod';
import { isRocError, parseVerb, type Verb } from '../../kernel/index.ts';
import type { DeclarativeArgument, DeclarativeHeader, DeclarativeRequest, HeaderValue } from './model.ts';
import type { XmlNode } from './parse-xml.ts';
import { readLiteralValue } from './literal.ts';
import { moduleError, optional, readAttributes, readChildren, readFlag, readText, type BuildContext } from './xml-reader.ts';

const SUBSTITUTION = /\[\[arg:([^\]]+)\]\]/g;

/**
 * The argument names referenced as `[[arg:name]]` in `text`, in order, without repeats: what a
 * declarative request must substitute before it can be issued.
 *
 * @example
 * substitutionsOf('file:///[[arg:path]]?v=[[arg:v]]&p=[[arg:path]]'); // ['path', 'v']
 */
export function substitutionsOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(SUBSTITUTION), (m) => m[1] ?? ''))];
}

/**
 * Read a declarative request from `node`: a `<request>` element, or a handler element such as
 * `<preProcess>` whose children are the request's parts.
 *
 * @example
 * readRequest(ctx, parseXml('<request><identifier>res:/[[arg:p]]</identifier></request>', 'm.xml'));
 * // { identifier: 'res:/[[arg:p]]', substitutions: ['p'], verb: 'SOURCE', arguments: [], … }
 */
export function readRequest(ctx: BuildContext, node: XmlNode): DeclarativeRequest {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { identifier: 'one', verb: 'optional', representation: 'optional', argument: 'many', varargs: 'optional', header: 'many' });
  const identifier = readText(ctx, c.one('identifier'));
  const meta = /^meta:(.+)$/.exec(identifier)?.[1];
  const verbNode = c.optional('verb');
  const representation = c.optional('representation');
  return {
    identifier,
    substitutions: substitutionsOf(identifier),
    ...optional('metaEndpoint', meta),
    verb: verbNode === undefined ? 'SOURCE' : readVerb(ctx, verbNode),
    verbGiven: verbNode !== undefined,
    ...optional('representation', representation === undefined ? undefined : readText(ctx, representation)),
    arguments: c.all('argument').map((a) => readArgument(ctx, a)),
    varargs: readFlag(ctx, c.optional('varargs')),
    headers: c.all('header').map((h) => readHeader(ctx, h)),
    file: ctx.file,
    path: node.path,
  };
}

function readVerb(ctx: BuildContext, node: XmlNode): Verb {
  const text = readText(ctx, node);
  try {
    return parseVerb(text);
  } catch (error) {
    if (isRocError(error)) throw moduleError(ctx, node.path, error.message, error);
    throw error;
  }
}

/** A comma-separated `<verbs>` list, each checked with the kernel's parseVerb. */
export function readVerbs(ctx: BuildContext, node: XmlNode): Verb[] {
  const verbs = new Set<Verb>();
  for (const part of readText(ctx, node).split(',')) {
    if (part.trim() === '') throw moduleError(ctx, node.path, `empty verb in <verbs>${node.text.trim()}</verbs>`);
    try {
      verbs.add(parseVerb(part));
    } catch (error) {
      if (isRocError(error)) throw moduleError(ctx, node.path, error.message, error);
      throw error;
    }
  }
  return [...verbs];
}

function readArgument(ctx: BuildContext, node: XmlNode): DeclarativeArgument {
  const a = readAttributes(ctx, node, {
    name: z.string().min(1, { error: 'must not be empty' }),
    method: z.literal('as-string', { error: 'the only method is "as-string"' }).optional(),
  });
  const at = { name: a.name, file: ctx.file, path: node.path };
  const [only, ...others] = node.children;
  if (only !== undefined) {
    if (others.length > 0 || node.text.trim() !== '') throw moduleError(ctx, node.path, `<argument name="${a.name}"> holds either text or one element, not both or several`);
    if (a.method !== undefined) throw moduleError(ctx, node.path, `method="as-string" needs text, but <argument name="${a.name}"> holds <${only.name}>`);
    if (only.name === 'literal') return { ...at, kind: 'literal', literal: readLiteralValue(ctx, only) };
    if (only.name === 'request') return { ...at, kind: 'request', request: readRequest(ctx, only) };
    // Any other element is an inline XML value (a script, a config), passed by value.
    return { ...at, kind: 'xml', value: only };
  }
  const text = readText(ctx, node, { attributesRead: true });
  if (a.method === 'as-string') return { ...at, kind: 'string', value: text, substitutions: substitutionsOf(text) };
  return { ...at, kind: 'identifier', identifier: text, substitutions: substitutionsOf(text) };
}

/** `<header name="…">text</header>` or with a nested `<literal>`; request and response headers alike. */
export function readHeader(ctx: BuildContext, node: XmlNode): DeclarativeHeader {
  const a = readAttributes(ctx, node, { name: z.string().min(1, { error: 'must not be empty' }) });
  let value: HeaderValue;
  if (node.children.length > 0) {
    const c = readChildren(ctx, node, { literal: 'one' });
    value = { kind: 'literal', literal: readLiteralValue(ctx, c.one('literal')) };
  } else value = { kind: 'text', text: readText(ctx, node, { nonEmpty: false, attributesRead: true }) };
  return { name: a.name, value, file: ctx.file, path: node.path };
}
