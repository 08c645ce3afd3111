/**
 * XML text → a small generic tree that the module builders read. xml2js does the parsing;
 * this file only reshapes its output so that element names are never used as object keys
 * (no `__proto__` surprises) and every node knows its element path for error messages.
 */
import { Parser } from 'xml2js';
import { RocError } from '../../kernel/index.ts';

/**
 * One XML element: name, attributes (a null-prototype record), child elements, the
 * concatenation of its direct text and CDATA (untrimmed), the ordered mixed content (text and
 * elements as they appear, for standard grammars) and its element path such as
 * `module/rootspace[2]/mapper/config/endpoint[3]` (an index only where a name repeats).
 *
 * @example
 * const root = parseXml('<a x="1">hi<b/></a>', 'a.xml');
 * root.attributes.x; // '1'
 * root.children[0]?.path; // 'a/b'
 */
export interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  readonly text: string;
  readonly content: readonly (XmlNode | string)[];
  readonly path: string;
}

interface RawNode {
  '#name': string;
  _?: string;
  $?: Record<string, string>;
  $$?: RawNode[];
}

// Prefixing every tag name keeps elements apart from xml2js's own `__text__` children, so an
// element literally named `__text__` cannot pass for text.
const TAG_PREFIX = 'e:';
const TEXT_NAME = '__text__';

/**
 * Parse XML text into an {@link XmlNode} tree. Malformed XML is a RocError ROC_ERR_MODULE
 * naming the file, line and column. A DOCTYPE is tolerated but never acted on: no external
 * entity is fetched and declared entities are not expanded (a reference to one is an error),
 * so entity tricks cannot read files or blow up memory. `basePath` prefixes every path, for
 * XML that sits inside another document (a literal's text).
 *
 * @example
 * parseXml('<module version="2.0"/>', 'module.xml').attributes.version; // '2.0'
 */
export function parseXml(text: string, file: string, basePath?: string): XmlNode {
  const parser = new Parser({
    explicitChildren: true,
    preserveChildrenOrder: true,
    charsAsChildren: true,
    includeWhiteChars: true,
    explicitRoot: false,
    async: false,
    strict: true,
    tagNameProcessors: [(name: string) => TAG_PREFIX + name],
  });
  let root: RawNode | null = null;
  let roots = 0;
  let failure: unknown;
  // Our own listeners instead of a callback: xml2js resets (and silences) the parser when a
  // callback receives the result, which would hide junk after the root element.
  parser.on('end', (result: RawNode | null) => {
    roots += 1;
    root ??= result;
  });
  parser.on('error', (error: unknown) => {
    failure ??= error;
  });
  try {
    parser.parseString(text);
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) throw syntaxError(failure, file);
  if (roots > 1) throw new RocError('ROC_ERR_MODULE', { file, path: 'after the root element', reason: 'malformed XML: more than one root element' });
  if (root === null) throw new RocError('ROC_ERR_MODULE', { file, path: 'line 1, column 1', reason: 'the document has no root element' });
  return toNode(root, basePath === undefined ? '' : `${basePath}/`, 1, 1);
}

function syntaxError(failure: unknown, file: string): RocError {
  const message = failure instanceof Error ? failure.message : String(failure);
  const [first = message] = message.split('\n');
  // sax reports a zero-based line and the one-based column of the offending character.
  const line = /Line: (\d+)/.exec(message);
  const column = /Column: (\d+)/.exec(message);
  const path = line && column ? `line ${Number(line[1]) + 1}, column ${column[1]}` : 'unknown position';
  const reason = /entity/i.test(first) ? `${first} (only the predefined XML entities and character references are allowed; DOCTYPE entities are never expanded)` : first;
  return new RocError('ROC_ERR_MODULE', { file, path, reason: `malformed XML: ${reason}` }, { cause: failure });
}

function toNode(raw: RawNode, parentPath: string, index: number, siblings: number): XmlNode {
  const name = raw['#name'].slice(TAG_PREFIX.length);
  const path = `${parentPath}${name}${siblings > 1 ? `[${index}]` : ''}`;
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(raw.$ ?? {})) attributes[key] = value;
  const rawChildren = raw.$$ ?? [];
  const totals = new Map<string, number>();
  for (const child of rawChildren) if (child['#name'] !== TEXT_NAME) totals.set(child['#name'], (totals.get(child['#name']) ?? 0) + 1);
  const seen = new Map<string, number>();
  const children: XmlNode[] = [];
  const content: (XmlNode | string)[] = [];
  let textValue = '';
  for (const child of rawChildren) {
    if (child['#name'] === TEXT_NAME) {
      const piece = child._ ?? '';
      textValue += piece;
      // Adjacent text and CDATA runs form one piece of mixed content.
      const last = content.length - 1;
      if (typeof content[last] === 'string') content[last] += piece;
      else content.push(piece);
      continue;
    }
    const n = (seen.get(child['#name']) ?? 0) + 1;
    seen.set(child['#name'], n);
    const node = toNode(child, `${path}/`, n, totals.get(child['#name']) ?? 1);
    children.push(node);
    content.push(node);
  }
  return Object.freeze({ name, attributes: Object.freeze(attributes), children: Object.freeze(children), text: textValue, content: Object.freeze(content), path });
}
