import { randomBytes } from 'node:crypto';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { EndpointDefinition, MountedEndpoint, RequestContext, Resolution, ResolutionContext } from '../../../kernel/index.ts';
import { toBridgeExchange, type BridgeExchange } from '../bridge/exchange.ts';
import { getLogger } from '../logging/registry.ts';
import { observeRequest } from '../logging/request-log.ts';
import { parseSafePath } from '../static/safe-path.ts';
import { HttpTransportError } from '../transport/index.ts';
import { EXCHANGE_HEADER } from '../transport-endpoint.ts';
import { addVia, endToEndRequest, endToEndResponse, type HeaderLines } from './headers.ts';

const log = getLogger('proxy');
const BODYLESS = new Set([204, 304]);

export interface HttpProxyOptions {
  /** URL path prefix forwarded (`/api/` takes `/api` and everything under `/api/`). */
  readonly path: string;
  /** Where to: `http://127.0.0.1:9000/base/`; the rest of the path and the query are appended. */
  readonly target: string;
  /** Milliseconds for the upstream's response head, and the longest silence while a body flows (default 30000). */
  readonly timeout?: number;
  /** Pseudonym in `Via` (default `roc-kernel`). */
  readonly via?: string;
  /** Send the client's `Host` instead of the target's (default false). */
  readonly preserveHost?: boolean;
  /** Add `X-Forwarded-For`, `-Proto` and `-Host` (default true). */
  readonly forwardedHeaders?: boolean;
  readonly id?: string;
  readonly private?: boolean;
}

/**
 * The HTTPProxy endpoint (issue 8, after Woomera's Proxy): forwards every HTTP request under a
 * path prefix to another server and streams the answer back. It is mounted in the **fulcrum**,
 * before the HTTPBridge, because it needs the exchange itself (the bridge gives endpoints the
 * request body only as a whole, and buffers streamed responses): request and response bodies
 * flow through with backpressure, hop-by-hop headers are dropped both ways, `Via` is added.
 * Upstream refused, reset or not speaking HTTP → 502; no response head within `timeout` →
 * 504; a body that stalls for `timeout` or breaks after the head → the client connection is
 * aborted. Nothing waits longer than `timeout` without progress. See README.md.
 *
 * @example
 * fulcrum.mount(new HttpProxy({ path: '/api/', target: 'http://127.0.0.1:9000/' }));
 * fulcrum.mount(new HttpBridge({ space: app }));
 */
export class HttpProxy implements EndpointDefinition {
  readonly id: string;
  readonly private: boolean;
  private readonly prefix: string;
  private readonly target: URL;
  private readonly timeout: number;
  /** Ours alone, so a request that comes back to this proxy is recognised as a loop. */
  private readonly viaEntry: string;
  private readonly agent: http.Agent;
  private readonly inflight = new Set<ClientRequest>();

  constructor(private readonly options: HttpProxyOptions) {
    if (!options.path.startsWith('/')) throw new TypeError(`path "${options.path}" must start with /`);
    this.prefix = options.path.endsWith('/') ? options.path : `${options.path}/`;
    let target: URL;
    try {
      target = new URL(options.target);
    } catch {
      throw new TypeError(`target "${options.target}" is not a URL`);
    }
    if ((target.protocol !== 'http:' && target.protocol !== 'https:') || target.search !== '' || target.hash !== '' || target.username !== '') {
      throw new TypeError(`target "${options.target}" must be an http(s) URL without query, fragment or credentials`);
    }
    if (!target.pathname.endsWith('/')) target.pathname += '/';
    this.target = target;
    this.timeout = options.timeout ?? 30_000;
    if (!(Number.isFinite(this.timeout) && this.timeout > 0)) throw new RangeError(`timeout must be a positive number of ms, got ${options.timeout}`);
    const via = options.via ?? 'roc-kernel';
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z:]+$/.test(via)) throw new TypeError(`via "${via}" must be a token`);
    this.viaEntry = `1.1 ${via} (${randomBytes(6).toString('base64url')})`;
    this.id = options.id ?? `HTTPProxy:${this.prefix}`;
    this.private = options.private === true;
    // No keep-alive: a pooled socket the upstream closed meanwhile would turn into a false 502.
    this.agent = new (target.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: false });
  }

  /** Takes HTTP requests (those carrying an exchange) whose path is under the prefix. */
  resolve(rc: ResolutionContext, self: MountedEndpoint): Resolution | undefined {
    if (rc.verb === 'TRANSREPT') return undefined;
    const exchange = toBridgeExchange(rc.request.headers.get(EXCHANGE_HEADER));
    if (exchange === undefined || this.rest(exchange.url) === undefined) return undefined;
    return { ...rc.match(self, []), cacheable: false };
  }

  async onRequest(ctx: RequestContext): Promise<undefined> {
    const exchange = observeRequest(toBridgeExchange(ctx.request.headers.get(EXCHANGE_HEADER))!);
    const rest = this.rest(exchange.url)!;
    const checked = parseSafePath(rest.path);
    if (!checked.ok) return this.refuse(exchange, 400, `bad path: ${checked.reason}`);
    const via = exchange.headers.via;
    if (via !== undefined && (typeof via === 'string' ? via : via.join(', ')).includes(this.viaEntry)) return this.refuse(exchange, 508, 'the request came back to this proxy (loop)');
    const url = new URL(this.target.href);
    url.pathname = this.target.pathname + rest.path;
    url.search = rest.query;
    await this.forward(exchange, url, this.requestHeaders(exchange));
    return undefined;
  }

  /** Cut what is in flight (the deployment is stopping). */
  decommission(): void {
    for (const request of this.inflight) request.destroy();
    this.agent.destroy();
  }

  /** The path after the prefix (still percent-encoded) and the query, or undefined when `url` is not ours. */
  private rest(url: string): { path: string; query: string } | undefined {
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const full = start < 0 ? '/' : url.slice(start);
    const q = full.indexOf('?');
    const path = q < 0 ? full : full.slice(0, q);
    const query = q < 0 ? '' : full.slice(q);
    if (path === this.prefix.slice(0, -1)) return { path: '', query };
    return path.startsWith(this.prefix) ? { path: path.slice(this.prefix.length), query } : undefined;
  }

  private requestHeaders(exchange: BridgeExchange): HeaderLines {
    const lines = endToEndRequest(exchange.headers);
    // The client already had its 100-continue from our transport.
    delete lines.expect;
    const host = lines.host?.[0];
    if (this.options.preserveHost !== true || host === undefined) lines.host = [this.target.host];
    if (this.options.forwardedHeaders !== false) {
      lines['x-forwarded-for'] = [[...(lines['x-forwarded-for'] ?? []), exchange.remoteAddress ?? 'unknown'].join(', ')];
      lines['x-forwarded-proto'] ??= [exchange.secure ? 'https' : 'http'];
      if (host !== undefined) lines['x-forwarded-host'] ??= [host];
    }
    addVia(lines, this.viaEntry);
    return lines;
  }

  /** One upstream exchange; resolves once the client has its whole answer (or was cut off). */
  private forward(exchange: BridgeExchange, url: URL, headers: HeaderLines): Promise<void> {
    return new Promise((resolveDone) => {
      let settled = false;
      let headReceived = false;
      const send = (url.protocol === 'https:' ? https : http).request;
      let upstream: ClientRequest;
      try {
        upstream = send(url, { method: exchange.method, headers: toNodeHeaders(headers), agent: this.agent });
      } catch (error) {
        // Node refused to build the request (a header it will not send): nothing went out.
        log.warn(`${this.id}: ${exchange.method} ${url.href}: cannot forward`, error);
        this.refuse(exchange, 502, 'the request cannot be forwarded');
        resolveDone();
        return;
      }
      this.inflight.add(upstream);
      const done = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(headTimer);
        this.inflight.delete(upstream);
        resolveDone();
      };
      const fail = (status: number, reason: string, error?: unknown): void => {
        if (settled) return;
        upstream.destroy();
        log.warn(`${this.id}: ${exchange.method} ${url.href}: ${reason}`, error);
        if (!exchange.answered) this.refuse(exchange, status, reason);
        else exchange.abort();
        done();
      };
      const headTimer = setTimeout(() => fail(504, `no response head within ${this.timeout} ms`), this.timeout);
      upstream.on('error', (error) => (headReceived ? (exchange.abort(), done()) : fail(...classify(error))));
      upstream.on('response', (res) => {
        headReceived = true;
        clearTimeout(headTimer);
        void this.relay(exchange, res, url).then(done, (error: unknown) => fail(502, 'relaying the response failed', error));
      });
      if (!exchange.hasBody) {
        upstream.end();
        return;
      }
      const body = exchange.body();
      body.on('error', (error) => {
        const status = error instanceof HttpTransportError ? error.status : 400;
        fail(status, `the request body failed: ${error.message}`);
      });
      body.pipe(upstream);
    });
  }

  /** Stream the upstream's answer to the client, with backpressure and an idle limit. */
  private async relay(exchange: BridgeExchange, res: IncomingMessage, url: URL): Promise<void> {
    res.setTimeout(this.timeout, () => res.destroy(new Error(`no data for ${this.timeout} ms`)));
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 599) {
      res.destroy();
      this.refuse(exchange, 502, `upstream status ${status} is not a final HTTP status`);
      return;
    }
    const lines = endToEndResponse(res.rawHeaders);
    addVia(lines, this.viaEntry);
    this.rewriteLocation(lines, exchange.url);
    try {
      exchange.start({ status, headers: toNodeHeaders(lines) });
    } catch (error) {
      // A head this side cannot send (a status Node refuses, say): the upstream spoke garbage.
      res.destroy();
      this.refuse(exchange, 502, `unusable response head (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    log.debug(`${this.id}: ${exchange.method} ${url.href} → ${status}`);
    if (exchange.method === 'HEAD' || BODYLESS.has(status)) {
      res.resume();
      exchange.finish();
      return;
    }
    try {
      for await (const chunk of res) {
        if (!exchange.chunk(chunk as Buffer)) await exchange.drained();
        // The client went away: stop reading for nobody.
        if (!exchange.streaming) {
          res.destroy();
          return;
        }
      }
    } catch (error) {
      log.warn(`${this.id}: ${exchange.method} ${url.href}: the response body broke off`, error);
      exchange.abort();
      return;
    }
    if (!res.complete) {
      log.warn(`${this.id}: ${exchange.method} ${url.href}: the upstream closed before the body was complete`);
      exchange.abort();
      return;
    }
    exchange.finish();
  }

  /** A redirect to the target's own URLs points back through the proxy instead. */
  private rewriteLocation(lines: HeaderLines, requestUrl: string): void {
    const location = lines.location?.[0];
    if (location === undefined) return;
    const base = this.target.origin + this.target.pathname;
    if (location.startsWith(base)) lines.location = [`${new URL(requestUrl).origin}${this.prefix}${location.slice(base.length)}`];
  }

  /** A short plain-text error answer, never cached. */
  private refuse(exchange: BridgeExchange, status: number, reason: string): undefined {
    if (exchange.answered) return undefined;
    const text = `${status} ${http.STATUS_CODES[status] ?? 'Error'}\n`;
    log.debug(`${this.id}: ${exchange.method} ${exchange.url} → ${status}: ${reason}`);
    exchange.send({ status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } }, text);
    return undefined;
  }
}

/** One value as a string, repeated lines as an array (`Host` and friends must be strings for Node). */
function toNodeHeaders(lines: HeaderLines): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(lines)) out[name] = values.length === 1 ? values[0]! : values;
  return out;
}

/** The status for a failure before the response head: 504 for timeouts, 502 for the rest. */
function classify(error: Error): [number, string, Error] {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ETIMEDOUT') return [504, `upstream timed out (${code})`, error];
  if (code === 'ECONNREFUSED') return [502, 'upstream refused the connection (ECONNREFUSED)', error];
  if (code.startsWith('HPE_')) return [502, `upstream answer is not valid HTTP (${code})`, error];
  if (code === 'ECONNRESET' || error.message === 'socket hang up') return [502, 'upstream closed the connection without answering', error];
  return [502, `upstream failed (${code || error.message})`, error];
}
