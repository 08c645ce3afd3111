import { z } from 'zod';
import { RocError, XmlDocument, type XmlElement } from '../../../kernel/index.ts';

/**
 * The `config` argument of the `active:http*` endpoints, after parsing and defaults. Given as
 * JSON (a JSON value, or JSON text) or as XML (an XmlDocument, or XML text); see README.md.
 *
 * @example
 * { "headers": { "Accept": "application/json" }, "timeout": 5000, "maxRedirects": 2 }
 */
export interface HttpClientConfig {
  /** Request headers to send (names as given; HTTP header names are case-insensitive). */
  readonly headers: Readonly<Record<string, string>>;
  /** Milliseconds for the whole exchange, redirects and body included. */
  readonly timeout: number;
  /** Redirects followed before failing; 0 returns the 3xx response itself. */
  readonly maxRedirects: number;
  /** Largest response body accepted (after decompression), in bytes. */
  readonly maxBytes: number;
  /** Fail with ROC_ERR_HTTP_CLIENT on a status outside 200–399 instead of returning it. */
  readonly failOnStatus: boolean;
  /** HTTP Basic credentials, sent as an Authorization header (not to other origins after a redirect). */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
}

/** Defaults used for what a config leaves out, and for requests without a config. */
export const DEFAULT_CLIENT_CONFIG: HttpClientConfig = Object.freeze({
  headers: Object.freeze({}),
  timeout: 30_000,
  maxRedirects: 5,
  maxBytes: 64 * 1024 * 1024,
  failOnStatus: false,
  credentials: undefined,
});

// Compiled once at load time (house style: schemas are never built per request).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const configSchema = z.strictObject({
  headers: z
    .record(z.string(), z.union([z.string(), z.number()]).transform(String))
    .optional(),
  timeout: z.number().int().positive().max(24 * 3600 * 1000).optional(),
  maxRedirects: z.number().int().min(0).max(100).optional(),
  maxBytes: z.number().int().positive().optional(),
  failOnStatus: z.boolean().optional(),
  credentials: z.strictObject({ username: z.string(), password: z.string() }).optional(),
});

/**
 * Validate a config given as a JSON value (an object) and fill in the defaults. Throws
 * ROC_ERR_ARGUMENT naming the field and what is wrong with it.
 */
export function configFromJson(value: unknown, identifier: string): HttpClientConfig {
  const result = configSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw badConfig(identifier, `${where}: ${issue?.message ?? 'invalid'}`);
  }
  const c = result.data;
  for (const [name, value] of Object.entries(c.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw badConfig(identifier, `headers: "${name}" is not a valid HTTP header name`);
    // A CR or LF in a header value would let a config inject headers or a second request.
    if (/[\r\n\0]/.test(value)) throw badConfig(identifier, `headers: the value of ${name} contains CR, LF or NUL`);
  }
  return {
    headers: c.headers ?? DEFAULT_CLIENT_CONFIG.headers,
    timeout: c.timeout ?? DEFAULT_CLIENT_CONFIG.timeout,
    maxRedirects: c.maxRedirects ?? DEFAULT_CLIENT_CONFIG.maxRedirects,
    maxBytes: c.maxBytes ?? DEFAULT_CLIENT_CONFIG.maxBytes,
    failOnStatus: c.failOnStatus ?? DEFAULT_CLIENT_CONFIG.failOnStatus,
    credentials: c.credentials,
  };
}

/**
 * Read the XML form (`<config><timeout>…</timeout><header name="…">…</header>…</config>`,
 * any root element name) into the JSON form, then validate it like {@link configFromJson}.
 */
export function configFromXml(doc: XmlDocument, identifier: string): HttpClientConfig {
  const json: Record<string, unknown> = {};
  const headers: Record<string, string> = {};
  for (const child of elements(doc.root)) {
    switch (child.name) {
      case 'header': {
        const name = child.attributes['name'];
        if (name === undefined) throw badConfig(identifier, '<header> needs a name attribute');
        headers[name] = textOf(child);
        break;
      }
      case 'timeout':
      case 'maxRedirects':
      case 'maxBytes':
        json[child.name] = numberOf(child, identifier);
        break;
      case 'failOnStatus':
        json[child.name] = booleanOf(child, identifier);
        break;
      case 'credentials': {
        const parts = Object.fromEntries(elements(child).map((e) => [e.name, textOf(e)]));
        json['credentials'] = parts;
        break;
      }
      default:
        throw badConfig(identifier, `unknown element <${child.name}>; expected header, timeout, maxRedirects, maxBytes, failOnStatus or credentials`);
    }
  }
  if (Object.keys(headers).length > 0) json['headers'] = headers;
  return configFromJson(json, identifier);
}

/**
 * A config from what `arg:config` sourced to: an XmlDocument, a JSON value, or JSON text.
 * (XML text is parsed by the caller, through the kernel's transreptor, before this.)
 */
export function configFromValue(value: unknown, identifier: string): HttpClientConfig {
  if (value instanceof XmlDocument) return configFromXml(value, identifier);
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw badConfig(identifier, `neither XML nor JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    return configFromJson(parsed, identifier);
  }
  return configFromJson(value, identifier);
}

function elements(e: XmlElement): XmlElement[] {
  return e.children.filter((c): c is XmlElement => typeof c !== 'string');
}

function textOf(e: XmlElement): string {
  return e.children.filter((c): c is string => typeof c === 'string').join('').trim();
}

function numberOf(e: XmlElement, identifier: string): number {
  const text = textOf(e);
  if (!/^\d+$/.test(text)) throw badConfig(identifier, `<${e.name}> must be a whole number, not "${text}"`);
  return Number(text);
}

function booleanOf(e: XmlElement, identifier: string): boolean {
  const text = textOf(e);
  if (text !== 'true' && text !== 'false') throw badConfig(identifier, `<${e.name}> must be true or false, not "${text}"`);
  return text === 'true';
}

function badConfig(identifier: string, reason: string): RocError {
  return new RocError('ROC_ERR_ARGUMENT', { identifier, reason: `config: ${reason}` });
}
