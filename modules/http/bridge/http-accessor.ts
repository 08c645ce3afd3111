import type { EndpointDefinition, GrammarSpec, RequestContext } from '../../../kernel/index.ts';
import { bridgeError } from './bridge-errors.ts';

type MethodHandler = (ctx: RequestContext) => unknown;

const METHODS = [
  ['GET', 'onGet'],
  ['POST', 'onPost'],
  ['PUT', 'onPut'],
  ['DELETE', 'onDelete'],
  ['PATCH', 'onPatch'],
  ['HEAD', 'onHead'],
  ['OPTIONS', 'onOptions'],
] as const;

/**
 * A base for endpoints that answer HTTP methods differently behind the bridge: implement
 * `onGet`, `onPost`, `onPut`, `onDelete`, `onPatch`, `onHead` or `onOptions`, and each request
 * is dispatched by `httpRequest:/method`, whatever verb the bridge issued (SOURCE by default;
 * SINK, DELETE or NEW with `methodVerbs`). HEAD falls back to `onGet`. A method without a
 * handler fails with ROC_ERR_HTTP_METHOD, which the bridge answers with 405 and an `Allow`
 * header listing the implemented methods.
 *
 * Reading `httpRequest:/method` makes the response depend on this request, so it is never
 * served from the representation cache (and gets no ETag): that is the price of dispatching
 * by method. Resources that only answer GET are better plain endpoints.
 *
 * @example
 * class Items extends HttpAccessor {
 *   override grammar = 'res:/items';
 *   override onGet() { return ['a', 'b']; }
 *   override async onPost(ctx: RequestContext) { await ctx.sink('httpResponse:/code', 201); return 'created'; }
 * }
 */
export abstract class HttpAccessor implements EndpointDefinition {
  abstract readonly grammar: GrammarSpec;
  readonly verbs: readonly string[] = ['SOURCE', 'SINK', 'DELETE', 'NEW'];
  onGet?(ctx: RequestContext): unknown;
  onPost?(ctx: RequestContext): unknown;
  onPut?(ctx: RequestContext): unknown;
  /** Also what a ROC DELETE reaches directly (EndpointDefinition's onDelete): the same meaning. */
  onDelete?(ctx: RequestContext): unknown;
  onPatch?(ctx: RequestContext): unknown;
  onHead?(ctx: RequestContext): unknown;
  onOptions?(ctx: RequestContext): unknown;

  /** The methods this accessor answers, for `Allow`. */
  get allowedMethods(): string[] {
    const allowed = METHODS.filter(([, name]) => typeof this[name] === 'function').map(([method]) => method);
    if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.splice(allowed.indexOf('GET') + 1, 0, 'HEAD');
    return allowed;
  }

  async onRequest(ctx: RequestContext): Promise<unknown> {
    const method = String(await ctx.source('httpRequest:/method'));
    const handler = this.handlerFor(method);
    if (handler === undefined) {
      throw bridgeError('ROC_ERR_HTTP_METHOD', { method, identifier: ctx.thisRequest.identifier, allowed: this.allowedMethods.join(', ') });
    }
    return handler.call(this, ctx);
  }

  private handlerFor(method: string): MethodHandler | undefined {
    const entry = METHODS.find(([m]) => m === method);
    const own = entry === undefined ? undefined : this[entry[1]];
    if (own !== undefined) return own;
    return method === 'HEAD' ? this.onGet : undefined;
  }
}
