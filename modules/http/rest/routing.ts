/**
 * The small decisions of routing one request: does a rule answer this method, which of its
 * `produces` fits the client's `Accept`, what `Allow` says, and the error an exception
 * handler receives when nothing answers (Woomera's `NotFoundException`).
 */
import { httpStatusOf } from '../bridge/bridge-errors.ts';
import { acceptList } from '../bridge/params.ts';
import type { RestRule } from './rules.ts';

/** Why no rule answered. */
export type RoutingFailure = 'not-found' | 'method-not-allowed' | 'not-acceptable' | 'declined';

const STATUS: Readonly<Record<RoutingFailure, 404 | 405 | 406>> = { 'not-found': 404, 'method-not-allowed': 405, 'not-acceptable': 406, declined: 404 };
const CODE: Readonly<Record<RoutingFailure, string>> = {
  'not-found': 'REST_NOT_FOUND',
  'method-not-allowed': 'REST_METHOD_NOT_ALLOWED',
  'not-acceptable': 'REST_NOT_ACCEPTABLE',
  declined: 'REST_NOT_FOUND',
};

/**
 * What a RESTOverlay's exception handler receives (as `arg:exception`) when no rule answered:
 * `found` says why (no path matched; the path matched for other methods; no `produces` fit
 * `Accept`; every matching rule declined), `status` is the answer it implies (404, 405, 406),
 * `allowed` the `Allow` value for a 405.
 *
 * @example
 * const ex = await ctx.source('arg:exception');
 * const status = ex instanceof RestRoutingError ? ex.status : 500;
 */
export class RestRoutingError extends Error {
  override readonly name = 'RestRoutingError';
  readonly status: 404 | 405 | 406;
  /** `REST_NOT_FOUND`, `REST_METHOD_NOT_ALLOWED` or `REST_NOT_ACCEPTABLE`: stable across module instances. */
  readonly code: string;

  constructor(
    readonly found: RoutingFailure,
    readonly method: string,
    /** The path relative to the base path, as `~/…`. */
    readonly path: string,
    /** The `Allow` header value (methods some rule answers for this path). */
    readonly allowed: string,
  ) {
    super(
      found === 'method-not-allowed'
        ? `${method} is not allowed for ${path}; allowed: ${allowed}`
        : found === 'not-acceptable'
          ? `no representation of ${path} matches the Accept header`
          : found === 'declined'
            ? `every rule matching ${method} ${path} declined`
            : `no rule matches ${path}`,
    );
    this.status = STATUS[found];
    this.code = CODE[found];
  }
}

/**
 * The HTTP status and `Allow` value a failure implies, for an exception handler: a
 * {@link RestRoutingError}'s own status, else what the bridge would answer (400 for a bad
 * request anywhere in the cause chain, 500 for an application failure). Works across module
 * instances (it reads `code`, not the class).
 *
 * @example const { status } = restStatusOf(await ctx.source('arg:exception'));
 */
export function restStatusOf(error: unknown): { status: number; allowed?: string } {
  const e = error as { code?: unknown; status?: unknown; allowed?: unknown } | null;
  if (e !== null && typeof e === 'object' && typeof e.code === 'string' && e.code.startsWith('REST_') && typeof e.status === 'number') {
    return e.status === 405 && typeof e.allowed === 'string' ? { status: e.status, allowed: e.allowed } : { status: e.status };
  }
  return { status: httpStatusOf(error, undefined).status };
}

/** True when `rule` answers `method`; a GET rule answers HEAD too. */
export function answers(rule: RestRule, method: string): boolean {
  return rule.methods.has(method) || (method === 'HEAD' && rule.methods.has('GET'));
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The `Allow` value: the methods given, plus HEAD with GET and OPTIONS always, in the usual order. */
export function allowHeader(methods: Iterable<string>): string {
  const all = new Set(methods);
  if (all.has('GET')) all.add('HEAD');
  all.add('OPTIONS');
  const rank = (m: string) => (ORDER.includes(m) ? ORDER.indexOf(m) : ORDER.length);
  return [...all].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).join(', ');
}

/** One acceptable media range, with its quality. */
export interface AcceptEntry {
  readonly type: string;
  readonly q: number;
}

/** `Accept` as ranges, most preferred first; empty when absent (anything goes). */
export function parseAccept(header: string): AcceptEntry[] {
  return acceptList(header);
}

/**
 * The media type a rule would produce for this `Accept`, with the client's quality for it:
 * the `produces` entry the client prefers most (first on ties). A rule without `produces`
 * fits anything, at the client's top quality. Undefined when nothing fits (406).
 *
 * @example negotiate(['application/json', 'text/html'], parseAccept('text/html')); // { mediaType: 'text/html', q: 1 }
 */
export function negotiate(produces: readonly string[], accept: readonly AcceptEntry[]): { mediaType: string | undefined; q: number } | undefined {
  if (produces.length === 0) return { mediaType: undefined, q: accept[0]?.q ?? 1 };
  if (accept.length === 0) return { mediaType: produces[0], q: 1 };
  let best: { mediaType: string; q: number } | undefined;
  for (const type of produces) {
    const q = quality(type, accept);
    if (q > 0 && (best === undefined || q > best.q)) best = { mediaType: type, q };
  }
  return best;
}

function quality(type: string, accept: readonly AcceptEntry[]): number {
  const [major] = type.toLowerCase().split('/');
  let q = 0;
  for (const entry of accept) {
    const range = entry.type.toLowerCase();
    if (range === type.toLowerCase() || range === '*/*' || range === `${major}/*`) q = Math.max(q, entry.q);
  }
  return q;
}
