import { Parser } from 'xml2js';
import { XmlDocument, type XmlElement } from '../representation.ts';

interface Xml2jsNode {
  '#name': string;
  _?: string;
  $?: Record<string, string>;
  $$?: Xml2jsNode[];
}

const parser = new Parser({ explicitChildren: true, preserveChildrenOrder: true, charsAsChildren: true, explicitRoot: true, async: false });

/** Parse XML text into an {@link XmlDocument}; malformed XML throws the parser's error. */
export function parseXml(text: string): XmlDocument {
  let result: Record<string, Xml2jsNode> | undefined;
  let failure: unknown;
  // xml2js calls back synchronously when async is false.
  parser.parseString(text, (error: unknown, parsed: Record<string, Xml2jsNode>) => {
    failure = error;
    result = parsed;
  });
  parser.reset();
  if (failure) throw failure;
  const rootName = result ? Object.keys(result)[0] : undefined;
  if (!result || rootName === undefined) throw new Error('the XML document has no root element');
  return new XmlDocument(toElement({ ...result[rootName]!, '#name': rootName }), text);
}

function toElement(node: Xml2jsNode): XmlElement {
  const children: (XmlElement | string)[] = [];
  for (const child of node.$$ ?? []) {
    if (child['#name'] === '__text__' || child['#name'] === '__cdata__') children.push(child._ ?? '');
    else children.push(toElement(child));
  }
  if (node.$$ === undefined && node._ !== undefined) children.push(node._);
  return { name: node['#name'], attributes: { ...(node.$ ?? {}) }, children };
}
