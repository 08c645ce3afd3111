import {

  type Awaitable,
  RocError,
  Scope,
  type Grammar,
  type GrammarSpec,
  type Kernel,
  type RequestContext,
  type Response,
  type Space,
  type Verb,
} from '../kernel/index.ts';
import { buildDeclarativeRequest, findEndpointGrammar, type DeclarativeRequest } from './declarative-request.ts';
import { OpaqueOverlay, type MappedEndpoint } from './overlay.ts';

/** One logical endpoint of a mapper's config (a `<config><endpoint>`). */
export interface MapperEndpointConfig {
  readonly id?: string;
  /**
   * The identifiers it answers. May be left out when the request is `meta:ID`: the endpoint
   * then takes the grammar of endpoint ID in the wrapped space (found at commission).
   */
  readonly grammar?: GrammarSpec;
  readonly verbs?: readonly Verb[];
  readonly private?: boolean;
  readonly description?: string;
  readonly meta?: Readonly<Record<string, unknown>>;
  /** What to issue into the wrapped space. */
  readonly request: DeclarativeRequest;
  /** Headers put on the response (`mime`, `HTTP_CACHE_EXPIRES_DELTA_SECONDS`, …). */
  readonly headers?: readonly { readonly name: string; readonly value: unknown }[];
}

/** A config given inline, or loaded when the mapper is commissioned (a config resource, a computed config). */
export type MapperConfigSource = readonly MapperEndpointConfig[] | ((kernel: Kernel, innerScope: Scope) => Awaitable<readonly MapperEndpointConfig[]>);

export interface MapperOptions {
  readonly space: Space;
  readonly config: MapperConfigSource;
  readonly id?: string;
  /** Hide the mapper's endpoints from requests arriving through an import. */
  readonly private?: boolean;
}

/**
 * The mapper (spec §9): an opaque overlay whose logical endpoints each map a grammar to a
 * declarative request into the wrapped space. The incoming verb, primary argument and
 * representation class pass on unless the request says otherwise. A config that is not
 * inline is loaded at commission time, resolved against the wrapped space (where a module's
 * filesets usually live), so nothing is interpreted per request.
 *
 * @example
 * space.mount(new Mapper({ space: impl, config: [
 *   { grammar: { simple: 'res:/hello/{name}' }, request: { identifier: 'active:greet', arguments: [{ name: 'name', identifier: 'arg:name' }] } },
 * ] }));
 */
export class Mapper extends OpaqueOverlay {
  private readonly source: MapperConfigSource;

  constructor(options: MapperOptions) {
    super(options.space, [], { ...(options.id === undefined ? {} : { id: options.id }), ...(options.private === undefined ? {} : { private: options.private }) });
    this.source = options.config;
    // An inline config whose grammars are all given is ready now; the rest waits for commission.
    if (typeof options.config !== 'function' && options.config.every((c) => c.grammar !== undefined)) this.setEndpoints(options.config.map((c) => this.toMapped(c)));
  }

  async commission(kernel: Kernel, scope: Scope): Promise<void> {
    const config = typeof this.source === 'function' ? await this.source(kernel, scope.push(this.innerSpaces[0]!)) : this.source;
    if (typeof this.source !== 'function' && config.every((c) => c.grammar !== undefined)) return;
    this.setEndpoints(config.map((c) => this.toMapped(c)));
  }

  /** A config endpoint as a logical endpoint; a `meta:ID` request without a grammar takes endpoint ID's. */
  private toMapped(config: MapperEndpointConfig): MappedEndpoint {
    if (config.grammar !== undefined) return toMapped(config, config.grammar);
    const id = config.request.identifier.startsWith('meta:') ? config.request.identifier.slice(5) : undefined;
    const grammar = id === undefined ? undefined : findEndpointGrammar(Scope.of(this.innerSpaces[0]!), id);
    if (grammar === undefined) {
      throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', {
        endpoint: this.id,
        reason: id === undefined ? `a config endpoint for ${config.request.identifier} has no grammar` : `a config endpoint for meta:${id} has no grammar, and no endpoint "${id}" is in the wrapped space`,
      });
    }
    return toMapped(config, grammar);
  }
}

function toMapped(config: MapperEndpointConfig, grammar: GrammarSpec | Grammar): MappedEndpoint {
  const headers = config.headers ?? [];
  return {
    ...(config.id === undefined ? {} : { id: config.id }),
    grammar,
    verbs: config.verbs ?? ['SOURCE'],
    ...(config.private === undefined ? {} : { private: config.private }),
    ...(config.meta === undefined ? {} : { meta: config.meta }),
    ...(config.description === undefined ? {} : { description: config.description }),
    request: (ctx: RequestContext) => {
      const request = buildDeclarativeRequest(config.request, ctx);
      const incoming = ctx.request;
      if (config.request.verb === undefined) request.setVerb(incoming.verb);
      if (incoming.hasPrimary && !request.hasPrimary) request.addPrimaryArgument(incoming.primary);
      if (config.request.representation === undefined && incoming.representationClass !== undefined) request.setRepresentationClass(incoming.representationClass);
      for (const [name, value] of incoming.headers) if (!request.headers.has(name)) request.setHeader(name, value);
      return request;
    },
    ...(headers.length === 0
      ? {}
      : {
          onResponse: (response: Response) => {
            const copy = response.withRepresentation(response.representation);
            for (const h of headers) copy.setHeader(h.name, h.value);
            return copy;
          },
        }),
  };
}

