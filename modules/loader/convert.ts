import { parseXml as parseXmlDocument } from '../../kernel/builtins/xml.ts';
import type { RepresentationClass, Verb } from '../../kernel/index.ts';
import type { DeclarativeArgument as SpaceArgument, DeclarativeRequest as SpaceRequest } from '../../spaces/declarative-request.ts';
import type { MapperEndpointConfig } from '../../spaces/mapper.ts';
import type { DeclarativeArgument, DeclarativeHeader, DeclarativeRequest, LiteralValue, MappedEndpoint, XmlNode } from '../module-xml/index.ts';
import type { XmlDocument } from '../../kernel/index.ts';

/** NetKernel representation class names (and ours) as the kernel's representation tags. */
const REPRESENTATIONS: Readonly<Record<string, RepresentationClass>> = {
  string: 'string',
  'java.lang.String': 'string',
  String: 'string',
  bytes: 'bytes',
  'org.netkernel.layer0.representation.IReadableBinaryStreamRepresentation': 'bytes',
  IReadableBinaryStreamRepresentation: 'bytes',
  'org.netkernel.layer0.representation.ByteArrayRepresentation': 'bytes',
  json: 'json',
  xml: 'xml',
  'org.w3c.dom.Document': 'xml',
  'org.netkernel.layer0.representation.IHDSNode': 'xml',
  IHDSNode: 'xml',
  stream: 'stream',
};

/** A model `<representation>` name as a representation class; unknown names give undefined. */
export function representationClass(name: string | undefined): RepresentationClass | undefined {
  return name === undefined ? undefined : REPRESENTATIONS[name.trim()];
}

/** The value of a typed literal: xml literals become XmlDocuments, the rest are already converted. */
export function literalValue(literal: LiteralValue): unknown {
  return literal.type === 'xml' ? xmlDocument(literal.value) : literal.value;
}

/** An XmlNode subtree as an XmlDocument (serialised, then parsed by the kernel's XML reader). */
export function xmlDocument(node: XmlNode): XmlDocument {
  return parseXmlDocument(serializeXml(node));
}

/** Serialise an XmlNode with its mixed content, escaping text and attributes. */
export function serializeXml(node: XmlNode): string {
  const attrs = Object.entries(node.attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v).replace(/"/g, '&quot;')}"`)
    .join('');
  const inner = node.content.map((c) => (typeof c === 'string' ? escapeXml(c) : serializeXml(c))).join('');
  return inner === '' ? `<${node.name}${attrs}/>` : `<${node.name}${attrs}>${inner}</${node.name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function headerValue(header: DeclarativeHeader): unknown {
  return header.value.kind === 'text' ? header.value.text : literalValue(header.value.literal);
}

/** A model declarative request as the spaces layer's. */
export function declarativeRequest(model: DeclarativeRequest, verbGiven = true): SpaceRequest {
  const representation = representationClass(model.representation);
  return {
    identifier: model.identifier,
    ...(verbGiven ? { verb: model.verb } : {}),
    ...(representation === undefined ? {} : { representation }),
    arguments: model.arguments.map(argument),
    varargs: model.varargs,
    headers: model.headers.map((h) => ({ name: h.name, value: headerValue(h) })),
  };
}

function argument(a: DeclarativeArgument): SpaceArgument {
  switch (a.kind) {
    case 'identifier':
      return { name: a.name, identifier: a.identifier };
    case 'string':
      return { name: a.name, identifier: a.value, method: 'as-string' };
    case 'literal':
      return { name: a.name, literal: literalValue(a.literal) };
    case 'request':
      return { name: a.name, request: declarativeRequest(a.request) };
    case 'xml':
      return { name: a.name, literal: xmlDocument(a.value) };
  }
}

/** A mapper config endpoint as the Mapper's. A request without a `<verb>` element passes the incoming verb on. */
export function mappedEndpoint(model: MappedEndpoint): MapperEndpointConfig {
  return {
    ...(model.id === undefined ? {} : { id: model.id }),
    ...(model.grammar === undefined ? {} : { grammar: model.grammar }),
    ...(model.verbs === undefined ? {} : { verbs: model.verbs as Verb[] }),
    private: model.private,
    // <meta> (e.g. <rest> routes for a RESTOverlay around the mapper) travels with the endpoint.
    ...(model.meta === undefined ? {} : { meta: { xml: model.meta } }),
    request: declarativeRequest(model.request, model.request.verbGiven),
    headers: model.headers.map((h) => ({ name: h.name, value: headerValue(h) })),
  };
}
