/**
 * The bridge's own error codes and the one place where errors become HTTP statuses (the
 * kernel's errors never know HTTP; spec §12). The codes and their templates live in the
 * kernel's catalogue; this file says which status each one is.
 */
import { ERROR_CATALOGUE, RocError, type ErrorDetails, type RocErrorCode } from '../../../kernel/index.ts';
import { HttpTransportError } from '../transport/index.ts';

/** The bridge's codes, with their templates from the kernel catalogue. */
export const BRIDGE_ERRORS = {
  ROC_ERR_HTTP_BAD_REQUEST: ERROR_CATALOGUE.ROC_ERR_HTTP_BAD_REQUEST,
  ROC_ERR_HTTP_TOO_LARGE: ERROR_CATALOGUE.ROC_ERR_HTTP_TOO_LARGE,
  ROC_ERR_HTTP_NO_REWRITE: ERROR_CATALOGUE.ROC_ERR_HTTP_NO_REWRITE,
  ROC_ERR_HTTP_METHOD: ERROR_CATALOGUE.ROC_ERR_HTTP_METHOD,
  ROC_ERR_HTTP_RESPONSE: ERROR_CATALOGUE.ROC_ERR_HTTP_RESPONSE,
  ROC_ERR_HTTP_EXCEPTION_HANDLER: ERROR_CATALOGUE.ROC_ERR_HTTP_EXCEPTION_HANDLER,
} as const;

export type BridgeErrorCode = keyof typeof BRIDGE_ERRORS;

/** Statuses of the bridge codes; kernel codes are mapped in {@link httpStatusOf}. */
const BRIDGE_STATUS: Readonly<Record<BridgeErrorCode, number>> = {
  ROC_ERR_HTTP_BAD_REQUEST: 400,
  ROC_ERR_HTTP_TOO_LARGE: 413,
  ROC_ERR_HTTP_NO_REWRITE: 404,
  ROC_ERR_HTTP_METHOD: 405,
  ROC_ERR_HTTP_RESPONSE: 500,
  ROC_ERR_HTTP_EXCEPTION_HANDLER: 500,
};

/**
 * A RocError with a bridge code. `original` is set on ROC_ERR_HTTP_EXCEPTION_HANDLER: the
 * error the failing handler was handling (its `cause` is the handler's own failure).
 *
 * @example throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'body', reason: 'not JSON' });
 */
export function bridgeError(code: BridgeErrorCode, details: ErrorDetails, options: { cause?: unknown; original?: unknown } = {}): RocError {
  const error = new RocError(code as RocErrorCode, details, options.cause === undefined ? {} : { cause: options.cause });
  if (options.original !== undefined) Object.defineProperty(error, 'original', { value: options.original, enumerable: false });
  return error;
}

/** The error a failing exception handler was handling, when `error` is such a wrapper. */
export function originalOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'original' in error ? (error as { original: unknown }).original : undefined;
}

/** The status and extra headers an error becomes, and the error that decided it. */
export interface HttpFailure {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The error in the chain that decided the status (shown by the default page). */
  readonly decisive: unknown;
}

const METHODS_OF_VERB: Readonly<Record<string, readonly string[]>> = { SOURCE: ['GET', 'HEAD'], SINK: ['PUT'], DELETE: ['DELETE'], NEW: ['POST'] };

/**
 * Map a failure to an HTTP status (spec §10 defaults). The kernel wraps whatever escapes an
 * endpoint in ROC_ERR_ENDPOINT with the original as `cause`, so the chain is read in two ways:
 *
 * - errors about the HTTP request itself (bad body, too large, method, too many sessions, a
 *   transport error such as a body over the limit) count wherever they are in the chain:
 *   whoever read the bad body, it is the client's fault;
 * - kernel codes count only at the edge, that is for the request the bridge issued
 *   (`issued`): ROC_ERR_RESOLUTION → 404, ROC_ERR_VERB → 405 + Allow, ROC_ERR_ARGUMENT → 400.
 *   The same codes deeper down (an endpoint that sources a missing resource) are the
 *   application's fault: 500.
 *
 * A failing exception handler's wrapper maps like the error it was handling.
 *
 * @example httpStatusOf(new RocError('ROC_ERR_RESOLUTION', { verb: 'SOURCE', identifier: 'res:/x', spaces: '' }), 'res:/x').status; // 404
 */
export function httpStatusOf(error: unknown, issued: string | undefined): HttpFailure {
  const original = originalOf(error);
  if (original !== undefined) return httpStatusOf(original, issued);
  // Anywhere in the chain: statuses that belong to the HTTP request, not to the application.
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 64; e = causeOf(e), depth++) {
    if (e instanceof HttpTransportError) return { status: e.status, headers: {}, decisive: e };
    if (!(e instanceof RocError)) continue;
    const code = e.code as string;
    if (code === 'ROC_ERR_TOO_MANY_SESSIONS') {
      const retry = e.details.retryAfter;
      return { status: 503, headers: retry === undefined ? {} : { 'retry-after': String(retry) }, decisive: e };
    }
    // A session whose cookie names an expired or unknown session (autoReconnect off): the client must log in again.
    if (code === 'ROC_ERR_SESSION_EXPIRED') return { status: 401, headers: {}, decisive: e };
    if (code === 'ROC_ERR_SESSION_STORE') return { status: 503, headers: { 'retry-after': '5' }, decisive: e };
    if (code === 'ROC_ERR_HTTP_METHOD') return { status: 405, headers: { allow: String(e.details.allowed ?? '') }, decisive: e };
    if (Object.hasOwn(BRIDGE_STATUS, code) && code !== 'ROC_ERR_HTTP_RESPONSE' && code !== 'ROC_ERR_HTTP_EXCEPTION_HANDLER') {
      return { status: BRIDGE_STATUS[code as BridgeErrorCode], headers: {}, decisive: e };
    }
  }
  // At the edge: peel the wrappers the kernel put around the issued request's own failure.
  let edge: unknown = error;
  while (edge instanceof RocError && edge.code === 'ROC_ERR_ENDPOINT' && edge.details.identifier === issued && edge.cause !== undefined) edge = edge.cause;
  if (edge instanceof RocError) {
    const code = edge.code as string;
    const atEdge = edge.details.identifier === issued;
    if (code === 'ROC_ERR_RESOLUTION' && atEdge) return { status: 404, headers: {}, decisive: edge };
    if (code === 'ROC_ERR_VERB' && atEdge) return { status: 405, headers: { allow: allowFromVerbs(String(edge.details.supported ?? '')) }, decisive: edge };
    if (code === 'ROC_ERR_ARGUMENT' && atEdge) return { status: 400, headers: {}, decisive: edge };
    if (Object.hasOwn(BRIDGE_STATUS, code)) return { status: BRIDGE_STATUS[code as BridgeErrorCode], headers: {}, decisive: edge };
  }
  return { status: 500, headers: {}, decisive: edge };
}

function causeOf(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined;
}

/** `SOURCE, SINK` → `GET, HEAD, PUT`: the HTTP methods that reach those verbs with methodVerbs on. */
function allowFromVerbs(supported: string): string {
  const methods = supported.split(/[\s,]+/).flatMap((verb) => METHODS_OF_VERB[verb] ?? []);
  return [...new Set(methods)].join(', ');
}

