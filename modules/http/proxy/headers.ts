/**
 * Header handling of the proxy (RFC 9110 §7.6): hop-by-hop fields describe one connection
 * and are never forwarded — the fixed list plus every field the `Connection` header names —
 * and each hop adds itself to `Via`.
 */
import type { RequestHeaders } from '../bridge/exchange.ts';

/** Fields that belong to one connection, whatever `Connection` says. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'http2-settings']);

/** Header values by lower-case name; repeated fields stay separate lines. */
export type HeaderLines = Record<string, string[]>;

/** True when `name` (lower-case) must not cross the proxy. */
export function isHopByHop(name: string, connectionTokens: ReadonlySet<string>): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('proxy-') || connectionTokens.has(name);
}

/** The field names a `Connection` header lists (lower-case). */
export function connectionTokens(value: string | readonly string[] | undefined): Set<string> {
  const joined = value === undefined ? '' : typeof value === 'string' ? value : value.join(',');
  return new Set(joined.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== ''));
}

/**
 * The end-to-end fields of a request as the exchange holds them (lower-case names).
 *
 * @example endToEnd({ connection: 'close, x-secret', 'x-secret': '1', accept: '*' }); // { accept: ['*'] }
 */
export function endToEndRequest(headers: RequestHeaders): HeaderLines {
  const tokens = connectionTokens(headers.connection);
  const out: HeaderLines = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || isHopByHop(name, tokens)) continue;
    out[name] = typeof value === 'string' ? [value] : [...value];
  }
  return out;
}

/** The end-to-end fields of a response, from Node's `rawHeaders` (so repeated fields, e.g. `Set-Cookie`, stay lines). */
export function endToEndResponse(rawHeaders: readonly string[]): HeaderLines {
  const lines: HeaderLines = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) (lines[rawHeaders[i]!.toLowerCase()] ??= []).push(rawHeaders[i + 1]!);
  const tokens = connectionTokens(lines.connection);
  for (const name of Object.keys(lines)) if (isHopByHop(name, tokens)) delete lines[name];
  return lines;
}

/** Append `entry` to a `Via` header (`1.1 roc-kernel`). */
export function addVia(lines: HeaderLines, entry: string): void {
  lines.via = [[...(lines.via ?? []), entry].join(', ')];
}
