/**
 * The `httpRequest:` space the bridge injects into each request's scope (spec §10): SOURCE
 * and EXISTS of the HTTP request's parts. One shared endpoint serves every request's space;
 * it finds the request's data through the space it was resolved in, so a request costs one
 * small object, not a space of compiled endpoints.
 */
import { andThen, MountedEndpoint, SchemeSpace, type RequestContext, type Space, VERB_BIT } from '../../../kernel/index.ts';
import { bridgeError } from './bridge-errors.ts';
import { cleanValue, paramsToJson, preferredMediaType, acceptList, singleValue } from './params.ts';
import type { HttpRequestData } from './request-data.ts';

export const HTTP_REQUEST_SCHEME = 'httpRequest:/';

type Reader = (data: HttpRequestData, name: string, ctx: RequestContext) => unknown;
interface Resource {
  /** True when the resource takes a `/NAME` after its own name. */
  readonly named: boolean;
  readonly source: Reader;
  readonly exists?: (data: HttpRequestData, name: string) => unknown;
}

const fixed = (source: Reader): Resource => ({ named: false, source });

/** Every resource, by the first segment after `httpRequest:/`. */
const RESOURCES: ReadonlyMap<string, Resource> = new Map<string, Resource>([
  ['method', fixed((d) => d.method)],
  ['url', fixed((d) => d.exchange.url)],
  ['path', fixed((d) => d.url.pathname)],
  ['query', fixed((d) => d.queryString)],
  ['params', fixed(async (d) => paramsToJson(await d.params()))],
  ['param', { named: true, source: async (d, n) => singleValue(await d.params(), n), exists: async (d, n) => (await d.params()).has(n) }],
  ['param-values', { named: true, source: async (d, n) => ((await d.params()).get(n) ?? []).map(cleanValue), exists: async (d, n) => (await d.params()).has(n) }],
  ['param-raw', { named: true, source: async (d, n) => [...((await d.params()).get(n) ?? [])], exists: async (d, n) => (await d.params()).has(n) }],
  ['header', { named: true, source: (d, n) => d.header(n) ?? '', exists: (d, n) => d.header(n) !== undefined }],
  ['headers', fixed((d) => d.headersJson())],
  ['cookie', { named: true, source: (d, n) => d.cookies[n] ?? '', exists: (d, n) => n in d.cookies }],
  ['cookies', fixed((d) => ({ ...d.cookies }))],
  ['body', { named: false, source: (d, _n, ctx) => body(d, ctx), exists: (d) => d.exchange.hasBody }],
  ['remote-host', fixed((d) => d.exchange.remoteAddress ?? '')],
  ['secure', fixed((d) => d.exchange.secure)],
  ['accept', { named: true, source: (d, n) => (n === 'preferred' ? preferredMediaType(d.header('accept')) : acceptList(d.header('accept')).map((e) => e.type)) }],
  ['upload', { named: true, source: (d, n) => upload(d, n), exists: async (d, n) => (await d.multipart())?.files.some((f) => f.field === n) === true }],
  ['uploads', fixed(async (d) => ((await d.multipart())?.files ?? []).map((f) => f.toJSON()))],
]);

async function upload(data: HttpRequestData, name: string): Promise<unknown> {
  const file = (await data.multipart())?.files.find((f) => f.field === name);
  if (file === undefined) throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'upload', reason: `no file was uploaded as "${name}"` });
  return file;
}

/** The body in the class asked for: parsed here so that a malformed body is a 400, not a transreption failure. */
function body(data: HttpRequestData, ctx: RequestContext): Promise<unknown> {
  switch (ctx.thisRequest.representationClass) {
    case 'string':
      return data.bodyText();
    case 'json':
      return data.bodyJson();
    case 'xml':
      return data.bodyXml();
    default:
      return data.body();
  }
}

/** Split `httpRequest:/param/a%20b` into the resource and its decoded name. */
function parse(identifier: string): { resource: Resource; name: string } | undefined {
  if (!identifier.startsWith(HTTP_REQUEST_SCHEME)) return undefined;
  const rest = identifier.slice(HTTP_REQUEST_SCHEME.length);
  const slash = rest.indexOf('/');
  const key = slash < 0 ? rest : rest.slice(0, slash);
  const resource = RESOURCES.get(key);
  if (resource === undefined) return undefined;
  if (!resource.named) return slash < 0 ? { resource, name: '' } : undefined;
  if (slash < 0 && key !== 'accept') return undefined;
  const raw = slash < 0 ? '' : rest.slice(slash + 1);
  if (key === 'accept' ? raw !== '' && raw !== 'preferred' : raw === '') return undefined;
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // A name that is not valid percent-encoding is taken literally.
  }
  return { resource, name };
}

/**
 * Keep the answer out of the cache. The endpoint is shared by every request's space and the
 * space is on its own resolution path, so the cache would otherwise hand one request's
 * method to the next. What is computed from it stays cacheable per request: its response
 * scope holds this request's space, which no later request has.
 */
function perRequest(ctx: RequestContext, value: unknown): unknown {
  return andThen(value, (v) => ctx.createResponseFrom(v).setNoCache());
}

function spaceOf(ctx: RequestContext): HttpRequestSpace {
  return ctx.resolution.path[0] as HttpRequestSpace;
}

const ENDPOINT = new MountedEndpoint({
  id: 'httpRequest',
  verbs: ['SOURCE', 'EXISTS'],
  resolve: () => undefined,
  onSource: (ctx) => {
    const { resource, name } = parse(ctx.request.identifier)!;
    return perRequest(ctx, resource.source(spaceOf(ctx).data, name, ctx));
  },
  onExists: (ctx) => {
    const { resource, name } = parse(ctx.request.identifier)!;
    return perRequest(ctx, resource.exists === undefined ? true : resource.exists(spaceOf(ctx).data, name));
  },
});

/**
 * One request's `httpRequest:` space. Resources (all SOURCE; EXISTS tells presence):
 * `/method`, `/url`, `/path`, `/query`, `/params`, `/param/NAME`, `/param-values/NAME`,
 * `/param-raw/NAME`, `/header/NAME`, `/headers`, `/cookie/NAME`, `/cookies`, `/body`,
 * `/remote-host`, `/secure`, `/accept`, `/accept/preferred`, `/upload/NAME`, `/uploads`.
 * See the bridge README for what each returns.
 *
 * @example const name = await ctx.source('httpRequest:/param/name', 'string');
 */
export class HttpRequestSpace extends SchemeSpace {
  constructor(readonly data: HttpRequestData) {
    super('httpRequest', HTTP_REQUEST_SCHEME, ENDPOINT);
  }

  protected override accepts(identifier: string): boolean {
    return parse(identifier) !== undefined;
  }
}
