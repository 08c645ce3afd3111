/**
 * Request parameters the Woomera way (seed 003 §3): every name maps to a list of raw values,
 * and the single-value read is cleaned and defensive. Parsing is strict: a malformed
 * percent-escape or invalid UTF-8 is a 400, not a silently mangled value.
 */
import { bridgeError } from './bridge-errors.ts';

/** Parameter name → every value, raw, in arrival order. */
export type ParamMap = Map<string, string[]>;

/**
 * Parse `application/x-www-form-urlencoded` text (a query string or a form body) into
 * `into`: `+` is a space, `a` alone is `a=''`, empty pairs are skipped. More than
 * `maxParams` pairs in total is a 400 (ROC_ERR_HTTP_BAD_REQUEST), so a request cannot make
 * the server build millions of entries.
 *
 * @example parseUrlEncoded('x=1&x=2&y', 'query', 100).get('x'); // ['1', '2']
 */
export function parseUrlEncoded(text: string, what: string, maxParams: number, into: ParamMap = new Map()): ParamMap {
  if (text === '') return into;
  let count = 0;
  for (const [, list] of into) count += list.length;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      if (++count > maxParams) throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what, reason: `more than ${maxParams} parameters` });
      const pair = text.slice(start, end);
      const eq = pair.indexOf('=');
      const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), what);
      const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1), what);
      const list = into.get(name);
      if (list === undefined) into.set(name, [value]);
      else list.push(value);
    }
    start = end + 1;
  }
  return into;
}

function decodeComponent(text: string, what: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    // decodeURIComponent rejects both bad escapes and escapes that are not UTF-8.
    return decodeURIComponent(spaced);
  } catch {
    throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what, reason: `malformed percent-encoding in ${JSON.stringify(text.slice(0, 64))}` });
  }
}

// Woomera's standard mode: line breaks and every whitespace run become one space. We also drop
// the remaining C0/C1 controls and DEL: no form field legitimately holds them, and they are a
// favourite of log- and header-injection attempts.
const WHITESPACE = /[\s\u2028\u2029]+/g;
const CONTROLS = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/g;

/**
 * The cleaned form of a value: controls removed, whitespace runs collapsed to one space,
 * trimmed.
 *
 * @example cleanValue('  a \r\n  b\u0000 '); // 'a b'
 */
export function cleanValue(raw: string): string {
  return raw.replace(CONTROLS, '').replace(WHITESPACE, ' ').trim();
}

/**
 * The single-value read: the cleaned value when the name has exactly one value, `''` when
 * it is absent or repeated (a repeated parameter the application did not expect is
 * parameter pollution, not a choice between values).
 *
 * @example singleValue(new Map([['a', ['1', '2']]]), 'a'); // ''
 */
export function singleValue(params: ParamMap, name: string): string {
  const list = params.get(name);
  return list !== undefined && list.length === 1 ? cleanValue(list[0]!) : '';
}

/** A parameter map as a plain JSON object of raw value lists (null prototype: names are data). */
export function paramsToJson(params: ParamMap): Record<string, string[]> {
  const out = Object.create(null) as Record<string, string[]>;
  for (const [name, values] of params) out[name] = [...values];
  return out;
}

/**
 * The most preferred media type of an `Accept` header: highest `q`, then the most specific,
 * then the first; `q=0` types are refused. `*\/*` when the header is absent or empty.
 *
 * @example preferredMediaType('text/html;q=0.5, application/json'); // 'application/json'
 */
export function preferredMediaType(accept: string | undefined): string {
  const ranked = acceptList(accept);
  return ranked[0]?.type ?? '*/*';
}

/** The `Accept` entries, most preferred first (stable for ties). */
export function acceptList(accept: string | undefined): { type: string; q: number }[] {
  if (accept === undefined || accept.trim() === '') return [];
  const entries: { type: string; q: number; specificity: number; index: number }[] = [];
  accept.split(',').forEach((part, index) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    if (!/^[\w.+*-]+\/[\w.+*-]+$/.test(type)) return;
    let q = 1;
    for (const p of params) {
      const m = /^q=([01](?:\.\d{0,3})?)$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (q <= 0) return;
    const specificity = type === '*/*' ? 0 : type.endsWith('/*') ? 1 : 2;
    entries.push({ type: type.toLowerCase(), q, specificity, index });
  });
  entries.sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.index - b.index);
  return entries.map(({ type, q }) => ({ type, q }));
}
