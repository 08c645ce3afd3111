import type { EndpointDefinition } from '../endpoint.ts';
import { parseXml } from './xml.ts';
import type { XmlDocument } from '../representation.ts';

const utf8 = new TextDecoder('utf-8');

/**
 * The standard transreptors (spec §7): string ↔ bytes as UTF-8, string/bytes → JSON value,
 * JSON value → string, string/bytes ↔ XML document. They live in the kernel's built-in space, at the end of every root
 * scope, so a transreptor a module declares wins over them.
 */
export function standardTransreptors(): EndpointDefinition[] {
  return [
    { id: 'urn:roc:kernel:transrept:string-bytes', transreptor: { from: 'string', to: 'bytes' }, onTransrept: (ctx) => Buffer.from(ctx.request.primary as string, 'utf8') },
    { id: 'urn:roc:kernel:transrept:bytes-string', transreptor: { from: 'bytes', to: 'string' }, onTransrept: (ctx) => utf8.decode(ctx.request.primary as Uint8Array) },
    { id: 'urn:roc:kernel:transrept:string-json', transreptor: { from: 'string', to: 'json' }, onTransrept: (ctx) => JSON.parse(ctx.request.primary as string) as unknown },
    { id: 'urn:roc:kernel:transrept:bytes-json', transreptor: { from: 'bytes', to: 'json' }, onTransrept: (ctx) => JSON.parse(utf8.decode(ctx.request.primary as Uint8Array)) as unknown },
    { id: 'urn:roc:kernel:transrept:json-string', transreptor: { from: 'json', to: 'string' }, onTransrept: (ctx) => JSON.stringify(ctx.request.primary) },
  ];
}

/** Transreptors to and from the kernel's XML document class. */
export function xmlTransreptors(): EndpointDefinition[] {
  return [
    { id: 'urn:roc:kernel:transrept:string-xml', transreptor: { from: 'string', to: 'xml' }, onTransrept: (ctx) => parseXml(ctx.request.primary as string) },
    { id: 'urn:roc:kernel:transrept:bytes-xml', transreptor: { from: 'bytes', to: 'xml' }, onTransrept: (ctx) => parseXml(utf8.decode(ctx.request.primary as Uint8Array)) },
    { id: 'urn:roc:kernel:transrept:xml-string', transreptor: { from: 'xml', to: 'string' }, onTransrept: (ctx) => (ctx.request.primary as XmlDocument).text },
  ];
}
