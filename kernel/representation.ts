import { Readable } from 'node:stream';

/**
 * A representation class: what a requestor asks a representation to be. The built-in tags
 * cover the common forms; any constructor (a user class) works too and is checked with
 * `instanceof`.
 *
 * - `string`: a JS string
 * - `bytes`: a `Uint8Array` (Node `Buffer` included)
 * - `json`: a parsed JSON value (object, array, number, boolean or null; a string is
 *   treated as JSON text to parse)
 * - `xml`: an {@link XmlDocument}
 * - `stream`: a Node `Readable`
 *
 * @example await kernel.source('res:/data.json', { as: 'json' })
 */
export type RepresentationTag = 'string' | 'bytes' | 'json' | 'xml' | 'stream';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RepresentationClass = RepresentationTag | (abstract new (...args: any[]) => unknown);

/** The representation type a class stands for, so `source(id, 'string')` is typed `string`. */
export type RepresentationOf<C> = C extends 'string'
  ? string
  : C extends 'bytes'
    ? Uint8Array
    : C extends 'stream'
      ? Readable
      : C extends 'xml'
        ? XmlDocument
      : C extends abstract new (...args: never[]) => infer T
        ? T
        : unknown;

/**
 * A parsed XML document. The kernel keeps XML as a small immutable tree so that it needs no
 * DOM; `text` is the serialised form it was made from (or that `serialize` produces).
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}
export class XmlDocument {
  constructor(
    readonly root: XmlElement,
    readonly text: string,
  ) {}
}

/** True when `value` already is of class `cls`, so no transreption is needed. */
export function isOfClass(value: unknown, cls: RepresentationClass): boolean {
  switch (cls) {
    case 'string':
      return typeof value === 'string';
    case 'bytes':
      return value instanceof Uint8Array;
    case 'json':
      return value === null || typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'object' && isPlainJsonObject(value));
    case 'xml':
      return value instanceof XmlDocument;
    case 'stream':
      return value instanceof Readable;
    default:
      return value instanceof cls;
  }
}

function isPlainJsonObject(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The name of a class, for messages. */
export function className(cls: RepresentationClass): string {
  return typeof cls === 'string' ? cls : cls.name || 'anonymous class';
}

/** The class name of a value, for messages and for choosing a transreptor. */
export function classNameOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return 'string';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof XmlDocument) return 'xml';
  if (value instanceof Readable) return 'stream';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return 'json';
  if (typeof value !== 'object') return typeof value;
  if (isPlainJsonObject(value)) return 'json';
  return (value as object).constructor?.name ?? 'object';
}
