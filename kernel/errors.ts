/**
 * The one catalogue of roc-kernel error codes. Every error the kernel, the spaces and the
 * modules raise carries one of these stable codes and a message built from its template, so
 * callers branch on `code`, never on message text. HTTP statuses are not known here: the
 * HTTP bridge maps codes to statuses at the edge.
 *
 * `docs/errors.md` documents every code; `kernel/errors.test.ts` keeps the two in sync.
 *
 * @example
 * try { await kernel.source('res:/nothing'); }
 * catch (e) { if (isRocError(e, 'ROC_ERR_RESOLUTION')) console.log(e.details.identifier); }
 */
export const ERROR_CATALOGUE = {
  ROC_ERR_RESOLUTION: 'Could not resolve {verb} {identifier}: no endpoint matched in the spaces asked ({spaces})',
  ROC_ERR_VERB: 'Verb {verb} is not supported for {identifier}; supported: {supported}',
  ROC_ERR_UNKNOWN_VERB: 'Unknown verb "{verb}"; expected one of SOURCE, SINK, EXISTS, DELETE, NEW, META, TRANSREPT',
  ROC_ERR_IDENTIFIER: 'Malformed identifier "{identifier}": {reason}',
  ROC_ERR_ARGUMENT: 'Bad argument for {identifier}: {reason}',
  ROC_ERR_GRAMMAR: 'Grammar {grammar} cannot be compiled: {reason}',
  ROC_ERR_ENDPOINT_DEFINITION: 'Endpoint {endpoint} cannot be mounted: {reason}',
  ROC_ERR_ENDPOINT: 'Endpoint {endpoint} failed on {verb} {identifier}: {reason}',
  ROC_ERR_RECURSION: 'Request depth limit {limit} exceeded at {identifier}: the request is recursing without end',
  ROC_ERR_TRANSREPT: 'No transreptor turns {from} into {to} (for {identifier})',
  ROC_ERR_EXPIRY: 'Expiry function of {identifier} threw: {reason}; the response is treated as expired',
  ROC_ERR_MODULE: 'Module {file} cannot be loaded at {path}: {reason}',
  ROC_ERR_SESSION_EXPIRED: 'Session {id} has expired or is unknown, and autoReconnect is off',
  ROC_ERR_TOO_MANY_SESSIONS: 'Too many sessions: {max} are live and none has been idle for {minDuration} ms; retry after {retryAfter} s',
  ROC_ERR_SESSION_VALUE: 'Session value at {path} cannot be stored: {reason}',
  ROC_ERR_SESSION_STORE: 'Session store {store} is unavailable: {reason}',
  ROC_ERR_SESSION_BRIDGE: 'HTTPSession overlay {overlay} is not inside an HTTPBridge: {reason}',
  ROC_ERR_HTTP_CLIENT: 'HTTP request {method} {url} failed: {reason}',
  ROC_ERR_HTTP_BAD_REQUEST: 'Bad HTTP request ({what}): {reason}',
  ROC_ERR_HTTP_TOO_LARGE: 'HTTP request {what} exceeds the limit of {limit}',
  ROC_ERR_HTTP_NO_REWRITE: 'No rewrite rule of {bridge} matches {url}',
  ROC_ERR_HTTP_METHOD: 'HTTP method {method} is not implemented by {identifier}; allowed: {allowed}',
  ROC_ERR_HTTP_RESPONSE: 'Invalid HTTP response setting {what}: {reason}',
  ROC_ERR_HTTP_EXCEPTION_HANDLER: 'Exception handler {handler} failed ({reason}) while handling: {original}',
} as const;

export type RocErrorCode = keyof typeof ERROR_CATALOGUE;
export type ErrorDetails = Readonly<Record<string, string | number>>;

/**
 * An error with a stable `code` from {@link ERROR_CATALOGUE}, the values its message was
 * built from (`details`), the chain of request identifiers that led to it (`requestPath`,
 * root request first) and, when it wraps a failure, the original as `cause`.
 */
export class RocError extends Error {
  override readonly name = 'RocError';
  readonly code: RocErrorCode;
  readonly details: ErrorDetails;
  /** Identifiers from the root request down to the one that failed; empty outside a request. */
  requestPath: readonly string[];

  constructor(code: RocErrorCode, details: ErrorDetails, options?: { cause?: unknown; requestPath?: readonly string[] }) {
    super(formatMessage(code, details), options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = details;
    this.requestPath = options?.requestPath ?? [];
  }
}

/** Fill a code's template with `details`; unknown placeholders stay visible as `{name}`. */
export function formatMessage(code: RocErrorCode, details: ErrorDetails): string {
  return ERROR_CATALOGUE[code].replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = details[key];
    return value === undefined ? whole : String(value);
  });
}

/** True when `error` is a {@link RocError}, optionally with the given code. */
export function isRocError(error: unknown, code?: RocErrorCode): error is RocError {
  return error instanceof RocError && (code === undefined || error.code === code);
}
