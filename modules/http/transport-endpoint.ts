import { isRocError, Request, type EndpointDefinition, type Kernel, type MountedEndpoint, type Response, type Scope } from '../../kernel/index.ts';
import { getLogger } from './logging/index.ts';
import { HttpTransport, type HttpTransportAddress, type HttpTransportOptions } from './transport/index.ts';
import type { HttpExchange } from './transport/http-exchange.ts';

/** The request header that carries the HTTP exchange from the transport to the bridge. */
export const EXCHANGE_HEADER = 'roc:httpExchange';

export type HttpTransportEndpointOptions = Omit<HttpTransportOptions, 'handler'> & {
  readonly id?: string;
  /** Grace period for in-flight responses when decommissioned (ms, default 5000). */
  readonly graceMs?: number;
};

/**
 * The HTTPTransport endpoint (spec §10): mounted in a fulcrum space, it runs an HTTP server
 * while commissioned and issues each HTTP request into that space as a root request for the
 * full URL (`http://host:port/path?query`), with the exchange in the `roc:httpExchange`
 * request header for the bridge. If nothing in the fulcrum answered the exchange (no
 * bridge), it writes the representation itself: strings and bytes as they are, anything else
 * as JSON, a resolution failure as 404 and any other failure as a bare 500.
 *
 * @example
 * fulcrum.mount(new HttpTransportEndpoint({ port: 8080 }));
 * await commissionSpace(kernel, fulcrum);
 */
export class HttpTransportEndpoint implements EndpointDefinition {
  readonly id: string;
  private transport: HttpTransport | undefined;
  private listening: HttpTransportAddress | undefined;

  constructor(private readonly options: HttpTransportEndpointOptions = {}) {
    this.id = options.id ?? 'HTTPTransport';
  }

  /** Transports are reached from outside, never by resolution. */
  resolve(_rc: unknown, _self: MountedEndpoint): undefined {
    return undefined;
  }

  /** Where it listens once commissioned. */
  get address(): HttpTransportAddress | undefined {
    return this.listening;
  }

  async commission(kernel: Kernel, scope: Scope): Promise<void> {
    const { id: _id, graceMs: _grace, ...transportOptions } = this.options;
    this.transport = new HttpTransport({ ...transportOptions, handler: (exchange) => this.handle(kernel, scope, exchange) });
    this.listening = await this.transport.start();
    getLogger('server').info(`${this.id} listening on ${this.listening.origin}`);
  }

  async decommission(): Promise<void> {
    await this.transport?.stop(this.options.graceMs ?? 5000);
    this.transport = undefined;
  }

  /** Stop within `graceMs` (SIGTERM through `roc run`). */
  async stop(graceMs: number): Promise<void> {
    await this.transport?.stop(graceMs);
  }

  private async handle(kernel: Kernel, scope: Scope, exchange: HttpExchange): Promise<void> {
    const request = new Request(exchange.url).setHeader(EXCHANGE_HEADER, exchange);
    let response: Response;
    try {
      // Never coalesced: each exchange is its own request, even for the same URL.
      response = await kernel.issue(request, scope, undefined, false);
    } catch (error) {
      if (answered(exchange)) return;
      if (isRocError(error, 'ROC_ERR_RESOLUTION')) {
        exchange.session.send({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }, 'Not Found\n', exchange.id);
        return;
      }
      throw error; // the transport's raw exception handler answers
    }
    if (answered(exchange)) return;
    const body = response.representation;
    const bytes = typeof body === 'string' || body instanceof Uint8Array ? body : body === undefined ? '' : JSON.stringify(body);
    const type = response.mimeType ?? (typeof body === 'string' ? 'text/plain; charset=utf-8' : body instanceof Uint8Array ? 'application/octet-stream' : 'application/json');
    if (body === undefined) exchange.session.sendNoBody({ status: 204 }, exchange.id);
    else exchange.session.send({ status: 200, headers: { 'content-type': type } }, bytes, exchange.id);
  }
}

function answered(exchange: HttpExchange): boolean {
  const state = exchange.session.stateOf(exchange.id);
  return state === undefined || state === 'started' || state === 'finished' || state === 'cancelled';
}
