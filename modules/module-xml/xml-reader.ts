/**
 * The checks every builder shares: which children and attributes an element may have, how
 * many of each, and text-only content. Each failure is a RocError ROC_ERR_MODULE naming the
 * file, the element path and the offending name, so a module author can find the line.
 */
import { z } from 'zod';
import { RocError } from '../../kernel/index.ts';
import type { Notice, SpaceModel } from './model.ts';
import type { XmlNode } from './parse-xml.ts';

/** What a builder carries down the tree: the file for errors, notices, and the space builder. */
export interface BuildContext {
  readonly file: string;
  readonly notices: Notice[];
  /** Injected by the space builder so nested spaces recurse without a circular import. */
  readonly space: (node: XmlNode) => SpaceModel;
}

export function moduleError(ctx: Pick<BuildContext, 'file'>, path: string, reason: string, cause?: unknown): RocError {
  return new RocError('ROC_ERR_MODULE', { file: ctx.file, path, reason }, cause === undefined ? undefined : { cause });
}

/** How often a child may occur: exactly once, at most once, any number, at least once. */
export type Occurs = 'one' | 'optional' | 'many' | 'some';

export interface Children {
  one(name: string): XmlNode;
  optional(name: string): XmlNode | undefined;
  all(name: string): readonly XmlNode[];
  /** Children not named in the spec, in document order (only when `rest` was allowed). */
  readonly rest: readonly XmlNode[];
}

/**
 * Check `node`'s child elements against `spec`. Unknown children are an error unless
 * `options.rest` is set (prototype parameters); text other than whitespace is an error unless
 * `options.text` is set.
 */
export function readChildren(
  ctx: BuildContext,
  node: XmlNode,
  spec: Readonly<Record<string, Occurs>>,
  options: { readonly rest?: boolean; readonly text?: boolean } = {},
): Children {
  const known = new Map<string, XmlNode[]>();
  const rest: XmlNode[] = [];
  for (const child of node.children) {
    if (Object.hasOwn(spec, child.name)) {
      const list = known.get(child.name) ?? [];
      list.push(child);
      known.set(child.name, list);
    } else if (options.rest === true) rest.push(child);
    else throw moduleError(ctx, child.path, `unknown element <${child.name}> in <${node.name}>; expected ${describeSpec(spec)}`);
  }
  if (options.text !== true && node.text.trim() !== '') {
    throw moduleError(ctx, node.path, `unexpected text "${abbreviate(node.text.trim())}" in <${node.name}>`);
  }
  for (const [name, occurs] of Object.entries(spec)) {
    const count = known.get(name)?.length ?? 0;
    if ((occurs === 'one' || occurs === 'some') && count === 0) throw moduleError(ctx, node.path, `<${node.name}> is missing its mandatory <${name}>`);
    if ((occurs === 'one' || occurs === 'optional') && count > 1) throw moduleError(ctx, known.get(name)?.[1]?.path ?? node.path, `<${name}> may appear only once in <${node.name}>`);
  }
  return {
    one: (name) => {
      const found = known.get(name)?.[0];
      if (found === undefined) throw moduleError(ctx, node.path, `<${node.name}> is missing its mandatory <${name}>`);
      return found;
    },
    optional: (name) => known.get(name)?.[0],
    all: (name) => known.get(name) ?? [],
    rest,
  };
}

function describeSpec(spec: Readonly<Record<string, Occurs>>): string {
  const names = Object.keys(spec);
  return names.length === 0 ? 'no child elements' : `one of ${names.map((n) => `<${n}>`).join(', ')}`;
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Namespace declarations are not attributes a builder reads; they are always allowed. */
function isNamespaceDeclaration(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

/**
 * Validate `node`'s attributes with a strict zod object: an unknown attribute, a missing
 * required one or a bad value is an error naming the attribute and the element path.
 */
export function readAttributes<S extends z.ZodRawShape>(ctx: BuildContext, node: XmlNode, shape: S): z.output<z.ZodObject<S>> {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attributes)) if (!isNamespaceDeclaration(key)) input[key] = value;
  const result = z.strictObject(shape).safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw moduleError(ctx, node.path, `unknown attribute "${issue.keys.join('", "')}" on <${node.name}>; allowed: ${Object.keys(shape).join(', ') || 'none'}`);
  }
  const key = String(issue?.path[0] ?? '?');
  const reason = input[key] === undefined ? `<${node.name}> is missing its mandatory attribute "${key}"` : `attribute ${key}="${input[key]}" on <${node.name}>: ${issue?.message ?? 'invalid'}`;
  throw moduleError(ctx, node.path, reason);
}

/**
 * The text of an element that may not contain elements (trimmed unless `raw`). Attributes are
 * refused unless the caller has read them itself (`attributesRead`).
 */
export function readText(
  ctx: BuildContext,
  node: XmlNode,
  options: { readonly raw?: boolean; readonly nonEmpty?: boolean; readonly attributesRead?: boolean } = {},
): string {
  readChildren(ctx, node, {}, { text: true });
  if (options.attributesRead !== true) readAttributes(ctx, node, {});
  const value = options.raw === true ? node.text : node.text.trim();
  if (options.nonEmpty !== false && value.trim() === '') throw moduleError(ctx, node.path, `<${node.name}> must not be empty`);
  return value;
}

/** A flag element such as `<private/>`: present means true; `true`/`false` text is honoured. */
export function readFlag(ctx: BuildContext, node: XmlNode | undefined): boolean {
  if (node === undefined) return false;
  const text = readText(ctx, node, { nonEmpty: false });
  if (text === '' || text === 'true') return true;
  if (text === 'false') return false;
  throw moduleError(ctx, node.path, `<${node.name}> takes no value, or true/false; got "${abbreviate(text)}"`);
}

/** Attribute schema for `true`/`false` values. */
export const booleanAttribute = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((v) => v === 'true');

/** Attribute schema for a non-negative integer count. */
export const countAttribute = z.string().regex(/^\s*\d+\s*$/, { error: 'expected a non-negative integer' }).transform(Number);

/** Attribute schema for a maximum count: an integer or `unbounded` (also `*`). */
export const maxAttribute = z.union([
  z.enum(['unbounded', '*', 'infinity']).transform(() => 'unbounded' as const),
  countAttribute,
], { error: 'expected a non-negative integer or "unbounded"' });

/**
 * `{ key: value }`, or `{}` when the value is undefined: spread it into an object literal so an
 * absent optional property stays absent (exactOptionalPropertyTypes).
 */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
