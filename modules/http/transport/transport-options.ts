import type { HttpExchange } from './http-exchange.ts';
import type { RawExceptionHandler } from './raw-exception-handler.ts';

/**
 * Called once per request, in arrival order per connection; answers through
 * `exchange.session` with `exchange.id`, now or later. A synchronous throw or a rejected
 * promise is answered by the raw exception handler.
 *
 * @example
 * const handler: ExchangeHandler = (x) => x.session.sendNoBody({ status: 204 }, x.id);
 */
export type ExchangeHandler = (exchange: HttpExchange) => void;

/**
 * Resource limits of one transport. Sizes are bytes, timeouts milliseconds (0 disables a
 * timeout). Every limit protects the process from one misbehaving client without affecting
 * the others; unset limits take {@link DEFAULT_LIMITS}.
 *
 * @example
 * new HttpTransport({ handler, limits: { maxBodySize: 10 * 1024 * 1024, keepAliveTimeout: 15_000 } });
 */
export interface HttpLimits {
  /** Largest request line plus headers; beyond it the client gets 431. Default 16 KiB. */
  readonly maxHeaderSize: number;
  /** Largest request body a reader may consume; beyond it 413 and the connection closes. Default 1 MiB. */
  readonly maxBodySize: number;
  /** Time allowed to receive the request headers. Default 60 s. */
  readonly headersTimeout: number;
  /** Time allowed to receive the whole request (headers and body). Default 300 s. */
  readonly requestTimeout: number;
  /** Time an idle keep-alive connection stays open. Default 5 s. */
  readonly keepAliveTimeout: number;
  /** Time the application has to finish a response before the transport answers 503 (or cancels). Default 300 s. */
  readonly responseTimeout: number;
  /** Open connections accepted at once; further ones are closed. Default unlimited (`Infinity`). */
  readonly maxConnections: number;
  /** Requests of one connection handed to the handler but unfinished; beyond it reading pauses. Default 100. */
  readonly maxPendingPerConnection: number;
}

/**
 * Options of an {@link HttpTransport}; only `handler` is required. They are validated when
 * the transport is constructed, and a bad one throws a `TypeError`/`RangeError` naming it.
 *
 * @example
 * const options: HttpTransportOptions = { port: 8443, host: '0.0.0.0', tls: { key, cert }, handler };
 */
export interface HttpTransportOptions {
  readonly handler: ExchangeHandler;
  /** 0 (default) picks a free port; `start()` reports the one chosen. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`: exposing a server is an explicit decision. */
  readonly host?: string;
  /** PEM key and certificate; when given the transport speaks HTTPS. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  readonly limits?: Partial<HttpLimits>;
  /** Formats failures that never reached the application; a plain-text default is used when absent. */
  readonly exceptionHandler?: RawExceptionHandler;
}

/**
 * The defaults every limit falls back to: Node's own defaults where it has one, 1 MiB of
 * body, 100 pending requests per connection (as Pony's http_server) and no connection cap.
 *
 * @example
 * const generous = { ...DEFAULT_LIMITS, maxBodySize: DEFAULT_LIMITS.maxBodySize * 8 };
 */
export const DEFAULT_LIMITS: HttpLimits = Object.freeze({
  maxHeaderSize: 16 * 1024,
  maxBodySize: 1024 * 1024,
  headersTimeout: 60_000,
  requestTimeout: 300_000,
  keepAliveTimeout: 5_000,
  responseTimeout: 300_000,
  maxConnections: Infinity,
  maxPendingPerConnection: 100,
});

/** Options after validation, with every default filled in. */
export interface ResolvedTransportOptions {
  readonly handler: ExchangeHandler;
  readonly port: number;
  readonly host: string;
  readonly tls: { readonly key: string | Buffer; readonly cert: string | Buffer } | undefined;
  readonly limits: HttpLimits;
  readonly exceptionHandler: RawExceptionHandler | undefined;
}

/**
 * Check options once, at construction, so a typo fails loudly at boot instead of surfacing
 * as odd behaviour under load. Errors name the offending option.
 */
export function resolveTransportOptions(options: HttpTransportOptions): ResolvedTransportOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('HttpTransport options must be an object');
  if (typeof options.handler !== 'function') throw new TypeError('HttpTransport option "handler" must be a function');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`HttpTransport option "port" must be an integer 0..65535, got ${String(port)}`);
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0) throw new TypeError('HttpTransport option "host" must be a non-empty string');
  const tls = options.tls;
  if (tls !== undefined) {
    for (const key of ['key', 'cert'] as const) {
      const value: unknown = tls[key];
      if (!(typeof value === 'string' || Buffer.isBuffer(value)) || value.length === 0) {
        throw new TypeError(`HttpTransport option "tls.${key}" must be a non-empty PEM string or Buffer`);
      }
    }
  }
  if (options.exceptionHandler !== undefined && typeof options.exceptionHandler !== 'function') {
    throw new TypeError('HttpTransport option "exceptionHandler" must be a function');
  }
  const limits = resolveLimits(options.limits ?? {});
  return { handler: options.handler, port, host, tls, limits, exceptionHandler: options.exceptionHandler };
}

function resolveLimits(given: Partial<HttpLimits>): HttpLimits {
  const known = new Set(Object.keys(DEFAULT_LIMITS));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) throw new TypeError(`Unknown HttpTransport limit "limits.${name}"; known: ${[...known].join(', ')}`);
  }
  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...stripUndefined(given) };
  const positive = (name: keyof HttpLimits, allowInfinity: boolean): void => {
    const value = limits[name];
    const ok = (allowInfinity && value === Infinity) || (Number.isInteger(value) && value > 0);
    if (!ok) throw new RangeError(`HttpTransport limit "limits.${name}" must be a positive integer, got ${String(value)}`);
  };
  const timeout = (name: keyof HttpLimits): void => {
    const value = limits[name];
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`HttpTransport limit "limits.${name}" must be a non-negative integer of milliseconds, got ${String(value)}`);
    }
  };
  positive('maxHeaderSize', false);
  positive('maxBodySize', true);
  positive('maxConnections', true);
  positive('maxPendingPerConnection', false);
  timeout('headersTimeout');
  timeout('requestTimeout');
  timeout('keepAliveTimeout');
  timeout('responseTimeout');
  if (limits.requestTimeout > 0 && limits.headersTimeout > limits.requestTimeout) {
    throw new RangeError('HttpTransport limit "limits.headersTimeout" must not exceed "limits.requestTimeout"');
  }
  return Object.freeze(limits);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
