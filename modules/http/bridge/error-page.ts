/**
 * The built-in error page: the last high-level step of the exception chain, used when no
 * exception handler is configured or the configured one failed. HTML, JSON or plain text by
 * the request's `Accept`. Clients see the status and, for the client's own mistakes, what
 * was wrong with the request; stacks, causes and internal messages only in development mode.
 */
import { STATUS_CODES } from 'node:http';
import { RocError } from '../../../kernel/index.ts';
import { acceptList } from './params.ts';

export interface ErrorPage {
  readonly contentType: string;
  readonly body: string;
}

/**
 * The page for `status`, decided by `decisive` (the error the status came from) for the
 * request's `accept` header; `error` is the whole failure, shown only in development.
 *
 * @example defaultErrorPage(404, err, err, 'application/json', false).body; // '{"status":404,"error":"Not Found"}'
 */
export function defaultErrorPage(status: number, error: unknown, decisive: unknown, accept: string | undefined, development: boolean): ErrorPage {
  const reason = STATUS_CODES[status] ?? 'Error';
  const code = decisive instanceof RocError ? (decisive.code as string) : undefined;
  // A bridge-detected client error explains itself; anything else could leak internals.
  const detail = development || (status < 500 && code?.startsWith('ROC_ERR_HTTP_')) ? messageOf(decisive) : undefined;
  const chain = development ? causeChain(error) : [];
  const format = pickFormat(accept);
  if (format === 'json') {
    const json: Record<string, unknown> = { status, error: reason };
    if (code !== undefined && (detail !== undefined || development)) json.code = code;
    if (detail !== undefined) json.message = detail;
    if (development) json.chain = chain;
    return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(json) };
  }
  if (format === 'text') {
    const lines = [`${status} ${reason}`];
    if (detail !== undefined) lines.push(code === undefined ? detail : `${code}: ${detail}`);
    if (development) lines.push('', ...chain.map((c) => c.stack ?? `${c.name}: ${c.message}`));
    return { contentType: 'text/plain; charset=utf-8', body: `${lines.join('\n')}\n` };
  }
  const parts = [`<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${status} ${escapeHtml(reason)}</title></head><body>`, `<h1>${status} ${escapeHtml(reason)}</h1>`];
  if (detail !== undefined) parts.push(`<p>${code === undefined ? '' : `<code>${escapeHtml(code)}</code> `}${escapeHtml(detail)}</p>`);
  if (development) for (const c of chain) parts.push(`<pre>${escapeHtml(c.stack ?? `${c.name}: ${c.message}`)}</pre>`);
  parts.push('</body></html>\n');
  return { contentType: 'text/html; charset=utf-8', body: parts.join('\n') };
}

function pickFormat(accept: string | undefined): 'html' | 'json' | 'text' {
  for (const { type } of acceptList(accept)) {
    if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
    if (type === 'application/json' || type.endsWith('+json')) return 'json';
    if (type === 'text/plain') return 'text';
    if (type === '*/*' || type === 'text/*') return 'html';
  }
  // No Accept (curl, scripts): plain text reads best.
  return accept === undefined || accept.trim() === '' ? 'text' : 'html';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error and its causes (and a failed handler's original), outermost first. */
function causeChain(error: unknown): { name: string; message: string; stack?: string; code?: string }[] {
  const chain: { name: string; message: string; stack?: string; code?: string }[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown): void => {
    if (e === undefined || seen.has(e) || chain.length >= 32) return;
    seen.add(e);
    if (e instanceof Error) {
      chain.push({ name: e.name, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }), ...(e instanceof RocError ? { code: e.code as string } : {}) });
      visit(e.cause);
      visit((e as { original?: unknown }).original);
    } else {
      chain.push({ name: typeof e, message: String(e) });
    }
  };
  visit(error);
  return chain;
}

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
