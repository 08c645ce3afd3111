/**
 * `<grammar>` → the kernel's plain-data GrammarSpec. Text alone is an exact grammar, a single
 * `<simple>` or `<active>` child picks that kind, anything else (text mixed with `<group>`,
 * `<regex>`, `<optional>`, `<choice>`, `<interleave>`) is a standard grammar. The result is
 * compiled once here so a bad grammar fails at load time with its element path.
 */
import { z } from 'zod';
import { compileGrammar, isRocError, type ActiveArgumentSpec, type GrammarSpec, type StandardNode, type StandardRegexType } from '../../kernel/index.ts';
import { REGEX_TYPES } from '../../kernel/grammar/index.ts';
import type { XmlNode } from './parse-xml.ts';
import { countAttribute, maxAttribute, moduleError, optional, readAttributes, readChildren, readText, type BuildContext } from './xml-reader.ts';

const STANDARD_ELEMENTS = ['group', 'regex', 'optional', 'choice', 'interleave'] as const;

/**
 * Read a `<grammar>` element into a GrammarSpec and check that it compiles.
 *
 * @example
 * readGrammar(ctx, parseXml('<grammar><simple>res:/a/{b}</simple></grammar>', 'm.xml'));
 * // { simple: 'res:/a/{b}' }
 */
export function readGrammar(ctx: BuildContext, node: XmlNode): GrammarSpec {
  readAttributes(ctx, node, {});
  const spec = grammarOf(ctx, node);
  try {
    compileGrammar(spec);
  } catch (error) {
    if (isRocError(error)) throw moduleError(ctx, node.path, `the grammar does not compile: ${error.message}`, error);
    throw error;
  }
  return spec;
}

function grammarOf(ctx: BuildContext, node: XmlNode): GrammarSpec {
  const [only, ...others] = node.children;
  if (only === undefined) return readText(ctx, node);
  const hasText = node.text.trim() !== '';
  if (others.length === 0 && !hasText && only.name === 'simple') return { simple: readText(ctx, only) };
  if (others.length === 0 && !hasText && only.name === 'active') return { active: readActive(ctx, only) };
  for (const child of node.children) {
    if (child.name === 'simple' || child.name === 'active') {
      throw moduleError(ctx, child.path, `<${child.name}> must be the only content of <grammar>`);
    }
  }
  return { standard: standardNodes(ctx, node) };
}

function readActive(ctx: BuildContext, node: XmlNode): { identifier: string; arguments: ActiveArgumentSpec[]; varargs: boolean } {
  readAttributes(ctx, node, {});
  const children = readChildren(ctx, node, { identifier: 'one', argument: 'many', varargs: 'optional' });
  const args = children.all('argument').map((arg): ActiveArgumentSpec => {
    readChildren(ctx, arg, {});
    const a = readAttributes(ctx, arg, {
      name: z.string().min(1, { error: 'must not be empty' }),
      min: countAttribute.optional(),
      max: maxAttribute.optional(),
      desc: z.string().optional(),
    });
    return { name: a.name, ...optional('min', a.min), ...optional('max', a.max), ...optional('desc', a.desc) };
  });
  const varargs = children.optional('varargs');
  if (varargs !== undefined) readText(ctx, varargs, { nonEmpty: false });
  return { identifier: readText(ctx, children.one('identifier')), arguments: args, varargs: varargs !== undefined };
}

/** Mixed content → standard nodes; whitespace around text is layout, not grammar. */
function standardNodes(ctx: BuildContext, node: XmlNode): StandardNode[] {
  const nodes: StandardNode[] = [];
  for (const item of node.content) {
    if (typeof item === 'string') {
      const literal = item.trim();
      if (literal !== '') nodes.push(literal);
    } else nodes.push(standardNode(ctx, item));
  }
  return nodes;
}

function standardNode(ctx: BuildContext, node: XmlNode): StandardNode {
  switch (node.name) {
    case 'group': {
      const a = readAttributes(ctx, node, { name: z.string().min(1).optional(), min: countAttribute.optional(), max: maxAttribute.optional() });
      return { group: standardNodes(ctx, node), ...optional('name', a.name), ...optional('min', a.min), ...optional('max', a.max) };
    }
    case 'regex': {
      const a = readAttributes(ctx, node, { type: z.string().optional() });
      const body = readText(ctx, node, { raw: true, nonEmpty: false, attributesRead: true });
      if (a.type !== undefined) {
        if (body.trim() !== '') throw moduleError(ctx, node.path, '<regex> has both a type attribute and a body; use one');
        if (!Object.hasOwn(REGEX_TYPES, a.type)) {
          throw moduleError(ctx, node.path, `unknown <regex type="${a.type}">; known types: ${Object.keys(REGEX_TYPES).join(', ')}`);
        }
        return { regexType: a.type as StandardRegexType };
      }
      if (body.trim() === '') throw moduleError(ctx, node.path, '<regex> needs a body or a type attribute');
      return { regex: body.trim() };
    }
    case 'optional':
    case 'choice':
    case 'interleave': {
      readAttributes(ctx, node, {});
      const inner = standardNodes(ctx, node);
      if (node.name === 'optional') return { optional: inner };
      return node.name === 'choice' ? { choice: inner } : { interleave: inner };
    }
    default:
      throw moduleError(ctx, node.path, `unknown grammar element <${node.name}>; a standard grammar uses text and ${STANDARD_ELEMENTS.map((n) => `<${n}>`).join(', ')}`);
  }
}
