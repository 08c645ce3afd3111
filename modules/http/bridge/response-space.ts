/**
 * The `httpResponse:` space the bridge injects into each request's scope (spec §10): SINK
 * `/code`, `/header/NAME`, `/cookie` and `/redirect` to shape the HTTP response. Like
 * `httpRequest:`, one shared endpoint serves every request's space.
 */
import { MountedEndpoint, SchemeSpace, type RequestContext, type Space, VERB_BIT } from '../../../kernel/index.ts';
import type { HttpResponseState } from './response-state.ts';

export const HTTP_RESPONSE_SCHEME = 'httpResponse:/';

function target(identifier: string): { kind: 'code' | 'cookie' | 'redirect' } | { kind: 'header'; name: string } | undefined {
  const rest = identifier.slice(HTTP_RESPONSE_SCHEME.length);
  if (rest === 'code' || rest === 'cookie' || rest === 'redirect') return { kind: rest };
  if (rest.startsWith('header/') && rest.length > 'header/'.length) return { kind: 'header', name: rest.slice('header/'.length) };
  return undefined;
}

const ENDPOINT = new MountedEndpoint({
  id: 'httpResponse',
  verbs: ['SINK'],
  resolve: () => undefined,
  onSink: async (ctx: RequestContext) => {
    const state = (ctx.resolution.path[0] as HttpResponseSpace).state;
    const where = target(ctx.request.identifier)!;
    const value = await ctx.sourcePrimary();
    if (where.kind === 'header') state.setHeader(where.name, value);
    else if (where.kind === 'code') state.setCode(value);
    else if (where.kind === 'cookie') state.addCookie(value);
    else state.setRedirect(value);
  },
});

/**
 * One request's `httpResponse:` space.
 *
 * @example
 * await ctx.sink('httpResponse:/code', 201);
 * await ctx.sink('httpResponse:/header/Location', '/items/7');
 * await ctx.sink('httpResponse:/cookie', { name: 'seen', value: 'yes', maxAge: 86400 });
 */
export class HttpResponseSpace extends SchemeSpace {
  constructor(readonly state: HttpResponseState) {
    super('httpResponse', HTTP_RESPONSE_SCHEME, ENDPOINT);
  }

  protected override accepts(identifier: string): boolean {
    return target(identifier) !== undefined;
  }
}
