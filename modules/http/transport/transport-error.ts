/**
 * Failures the transport itself raises, each with a stable `code` and the HTTP status the
 * built-in exception handler answers with. The kernel's error catalogue knows nothing of
 * HTTP, so the transport keeps its own small set at the edge where statuses belong.
 *
 * @example
 * exchange.readBody().catch((e) => {
 *   if (e instanceof HttpTransportError && e.code === 'HTTP_ERR_BODY_TOO_LARGE') return;
 * });
 */
export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';
  readonly code: HttpTransportErrorCode;
  readonly status: number;

  constructor(code: HttpTransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = TRANSPORT_ERROR_STATUS[code];
  }
}

/**
 * The status each transport error code maps to; the built-in exception handler answers
 * with it, and a custom one can too through `statusForError`.
 *
 * @example
 * TRANSPORT_ERROR_STATUS.HTTP_ERR_BODY_TOO_LARGE; // 413
 */
export const TRANSPORT_ERROR_STATUS = {
  HTTP_ERR_BODY_TOO_LARGE: 413,
  HTTP_ERR_BODY_ABORTED: 400,
  HTTP_ERR_RESPONSE_TIMEOUT: 503,
  HTTP_ERR_VERSION: 505,
} as const;

export type HttpTransportErrorCode = keyof typeof TRANSPORT_ERROR_STATUS;
