/**
 * The `rest:` space a RESTOverlay injects into the scope of the request it routes: the rule's
 * path parameters and the URL helper, for endpoints declared in module.xml that cannot hold
 * a reference to the overlay.
 */
import { andThen, MountedEndpoint, SchemeSpace, VERB_BIT, type Awaitable, type RequestContext, type Space } from '../../../kernel/index.ts';
import type { PathParams } from './pattern.ts';

export const REST_SCHEME = 'rest:/';

/** What one routed request exposes under `rest:`. */
export interface RestRequestData {
  readonly params: PathParams;
  readonly method: string;
  /** The path relative to the base path, as `~/…`. */
  readonly internalPath: string;
  readonly basePath: string;
  /** The media type negotiated from the rule's `produces` (undefined when it declares none). */
  readonly mediaType: string | undefined;
  /** The overlay's URL helper (base path, then the URL-rewriting hook). */
  readonly url: (internalPath: string, ctx: RequestContext) => Awaitable<string>;
}

function spaceOf(ctx: RequestContext): RestRequestSpace {
  return ctx.resolution.path[0] as RestRequestSpace;
}

/** One resource of `rest:/`: what SOURCE gives, from the request's data and the name after the resource. */
function read(data: RestRequestData, identifier: string, ctx: RequestContext): unknown {
  const rest = identifier.slice(REST_SCHEME.length);
  const slash = rest.indexOf('/');
  const key = slash < 0 ? rest : rest.slice(0, slash);
  const name = slash < 0 ? '' : decode(rest.slice(slash + 1));
  switch (key) {
    case 'params':
      return { ...data.params };
    case 'param':
      return data.params[name] ?? '';
    case 'method':
      return data.method;
    case 'path':
      return data.internalPath;
    case 'base':
      return data.basePath;
    case 'media-type':
      return data.mediaType ?? '';
    case 'url':
      return data.url(name, ctx);
    default:
      return undefined;
  }
}

const KEYS = new Set(['params', 'param', 'method', 'path', 'base', 'media-type', 'url']);

const ENDPOINT = new MountedEndpoint({
  id: 'rest',
  verbs: ['SOURCE', 'EXISTS'],
  resolve: () => undefined,
  // Per request: never cached, and what is computed from it is scoped to this request's space.
  onSource: (ctx) => andThen(read(spaceOf(ctx).data, ctx.request.identifier, ctx), (v) => ctx.createResponseFrom(v).setNoCache()),
  onExists: (ctx) => {
    const identifier = ctx.request.identifier;
    const name = decode(identifier.slice(`${REST_SCHEME}param/`.length));
    const exists = identifier.startsWith(`${REST_SCHEME}param/`) ? Object.hasOwn(spaceOf(ctx).data.params, name) : true;
    return ctx.createResponseFrom(exists).setNoCache();
  },
});

/**
 * One routed request's `rest:` space. SOURCE `rest:/params` (all path parameters; a trailing
 * wildcard's value under `*`), `rest:/param/NAME` (`''` when absent; EXISTS tells),
 * `rest:/method`, `rest:/path` (`~/…`), `rest:/base`, `rest:/media-type` (negotiated from
 * `produces`), `rest:/url/INTERNAL` (the external URL of `~/…` INTERNAL, percent-encoded in
 * the identifier). Reading it makes a response per-request, as reading `httpRequest:` does;
 * grammar arguments are the cacheable way to get path parameters.
 *
 * @example const home = await ctx.source(`rest:/url/${encodeURIComponent('~/')}`, 'string');
 */
export class RestRequestSpace extends SchemeSpace {
  constructor(readonly data: RestRequestData) {
    super('rest', REST_SCHEME, ENDPOINT);
  }

  protected override accepts(identifier: string): boolean {
    const rest = identifier.slice(REST_SCHEME.length);
    const key = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest;
    return KEYS.has(key) && !((key === 'param' || key === 'url') && !rest.includes('/'));
  }
}

/**
 * The external URL for an internal path (`~/…`), through the RESTOverlay that routed this
 * request: base path applied, then the overlay's URL-rewriting hook (sessions).
 *
 * @example const href = await restUrl(ctx, "~/G'day"); // '/G'day' under base path '/'
 */
export async function restUrl(ctx: RequestContext, internalPath: string): Promise<string> {
  return String(await ctx.source(`${REST_SCHEME}url/${encodeURIComponent(internalPath)}`));
}

/**
 * The path parameters of the rule that routed this request.
 *
 * @example const { id } = await restParams(ctx);
 */
export async function restParams(ctx: RequestContext): Promise<Record<string, string>> {
  return (await ctx.source(`${REST_SCHEME}params`)) as Record<string, string>;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
