/**
 * `<literal type="string|boolean|long|xml|json">`: a value declared in XML, converted once at
 * load time. Used as a space element (with `uri`) and inside declarative arguments and headers
 * (without). A value that does not fit its type is an error naming the literal's path.
 */
import { z } from 'zod';
import type { JsonValue, LiteralModel, LiteralType, LiteralValue } from './model.ts';
import { parseXml } from './parse-xml.ts';
import type { XmlNode } from './parse-xml.ts';
import { moduleError, readAttributes, readChildren, type BuildContext } from './xml-reader.ts';

const LITERAL_TYPES = ['string', 'boolean', 'long', 'xml', 'json'] as const satisfies readonly LiteralType[];
const literalType = z.enum(LITERAL_TYPES, { error: `expected one of ${LITERAL_TYPES.join(', ')}` });

// A Java long: NetKernel literals of type long are 64-bit signed.
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A `<literal>` space element: `uri` is mandatory, `type` defaults to string. */
export function readLiteralElement(ctx: BuildContext, node: XmlNode): LiteralModel {
  const a = readAttributes(ctx, node, { uri: z.string().trim().min(1, { error: 'must not be empty' }), type: literalType.optional() });
  return { kind: 'literal', uri: a.uri, file: ctx.file, path: node.path, ...convert(ctx, node, a.type ?? 'string') };
}

/** A nested `<literal type>` (no uri) inside an argument or a header. */
export function readLiteralValue(ctx: BuildContext, node: XmlNode): LiteralValue {
  const a = readAttributes(ctx, node, { type: literalType.optional() });
  return convert(ctx, node, a.type ?? 'string');
}

function convert(ctx: BuildContext, node: XmlNode, type: LiteralType): LiteralValue {
  if (type === 'xml') return { type, value: xmlValue(ctx, node) };
  readChildren(ctx, node, {}, { text: true });
  const text = node.text.trim();
  const bad = (why: string): never => {
    throw moduleError(ctx, node.path, `bad value for <literal type="${type}">: ${why}`);
  };
  switch (type) {
    case 'string':
      // Strings keep their exact text, surrounding whitespace included.
      return { type, value: node.text };
    case 'boolean':
      if (text !== 'true' && text !== 'false') bad(`expected true or false, got "${text}"`);
      return { type, value: text === 'true' };
    case 'long': {
      if (!/^[+-]?\d+$/.test(text)) bad(`expected an integer, got "${text}"`);
      const big = BigInt(text);
      if (big < LONG_MIN || big > LONG_MAX) bad(`${text} does not fit in a 64-bit long`);
      const value = Number(big);
      return { type, value: Number.isSafeInteger(value) ? value : big };
    }
    case 'json':
      try {
        return { type, value: JSON.parse(text) as JsonValue };
      } catch (error) {
        return bad(`not JSON (${error instanceof Error ? error.message : String(error)})`);
      }
  }
}

/** The single element inside the literal, or its text (often CDATA) parsed as XML. */
function xmlValue(ctx: BuildContext, node: XmlNode): XmlNode {
  const [only, ...others] = node.children;
  if (only !== undefined) {
    if (others.length > 0 || node.text.trim() !== '') {
      throw moduleError(ctx, node.path, 'bad value for <literal type="xml">: it must hold exactly one root element');
    }
    return only;
  }
  if (node.text.trim() === '') throw moduleError(ctx, node.path, 'bad value for <literal type="xml">: it is empty');
  try {
    return parseXml(node.text, ctx.file, node.path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw moduleError(ctx, node.path, `bad value for <literal type="xml">: its text is not well-formed XML (${reason})`, error);
  }
}
