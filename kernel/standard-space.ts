import type { RequestContext } from './context.ts';
import { MountedEndpoint, type EndpointDefinition } from './endpoint.ts';
import type { GrammarSpec } from './grammar/grammar.ts';
import type { Resolution, ResolutionContext, Space } from './space.ts';
import { topologyChanged } from './space.ts';
import { isOfClass } from './representation.ts';
import { VERB_BIT } from './verbs.ts';
import { PrefixIndex } from './prefix-index.ts';

let spaceCount = 0;
/** Up to this many endpoints a straight scan beats building and walking an index. */
const INDEX_THRESHOLD = 8;

/**
 * The standard space: an ordered list of endpoints. Resolution asks them in declaration order
 * and the first whose grammar matches the identifier, and that supports the verb, wins.
 * Endpoints with a custom `resolve` (imports, overlays) take part in the same order.
 * A TRANSREPT request is answered by the first transreptor whose from/to classes fit.
 *
 * @example
 * const space = new StandardSpace('urn:example:app');
 * space.mount('res:/hello', () => 'Hello world');                  // SOURCE-only function
 * space.mount({ grammar: { simple: 'res:/user/{id}' }, onSource: (ctx) => load(ctx) });
 */
export class StandardSpace implements Space {
  readonly id: string;
  /**
   * When true (the default), private endpoints and imports are hidden from requests that
   * reach this space through an import; NetKernel's `private-filter="false"` turns it off.
   */
  privateFilter = true;
  private list: MountedEndpoint[] = [];
  /** Built on first use after a change; small spaces are scanned directly. */
  private index: PrefixIndex | undefined;

  constructor(id?: string, endpoints: Iterable<EndpointDefinition> = []) {
    this.id = id ?? `space-${++spaceCount}`;
    for (const e of endpoints) this.list.push(new MountedEndpoint(e));
  }

  /** The endpoints, in declaration order. */
  get endpoints(): readonly MountedEndpoint[] {
    return this.list;
  }

  /**
   * Mount an endpoint at the end of the list: a definition (class instance or object), or a
   * grammar and a SOURCE function. Returns the mounted endpoint (to unmount it later).
   */
  mount(definition: EndpointDefinition): MountedEndpoint;
  mount(grammar: GrammarSpec, source: (ctx: RequestContext) => unknown): MountedEndpoint;
  mount(definitionOrGrammar: EndpointDefinition | GrammarSpec, source?: (ctx: RequestContext) => unknown): MountedEndpoint {
    const definition: EndpointDefinition = source === undefined ? (definitionOrGrammar as EndpointDefinition) : { grammar: definitionOrGrammar as GrammarSpec, onSource: source };
    const mounted = new MountedEndpoint(definition);
    this.list.push(mounted);
    this.index = undefined;
    topologyChanged();
    return mounted;
  }

  /** Remove an endpoint (by the value `mount` returned, or by id). True when something was removed. */
  unmount(endpoint: MountedEndpoint | string): boolean {
    const before = this.list.length;
    this.list = this.list.filter((e) => e !== endpoint && e.id !== endpoint);
    if (this.list.length === before) return false;
    this.index = undefined;
    topologyChanged();
    return true;
  }

  resolve(rc: ResolutionContext): Resolution | undefined {
    if (rc.verbBit === VERB_BIT.TRANSREPT) return this.resolveTransreptor(rc);
    const identifier = rc.identifier;
    const list = this.list;
    if (list.length <= INDEX_THRESHOLD) {
      for (let i = 0; i < list.length; i++) {
        const found = this.ask(list[i]!, rc, identifier);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    const candidates = (this.index ??= this.buildIndex()).candidates(identifier);
    for (let i = 0; i < candidates.length; i++) {
      const found = this.ask(list[candidates[i]!]!, rc, identifier);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private buildIndex(): PrefixIndex {
    const index = new PrefixIndex();
    this.list.forEach((endpoint, i) => index.add(endpoint.definition.resolve === undefined ? (endpoint.grammar?.prefix ?? '') : '', i));
    return index;
  }

  /** Ask one endpoint: its custom resolve, or its grammar and verbs. */
  private ask(endpoint: MountedEndpoint, rc: ResolutionContext, identifier: string): Resolution | undefined {
    {
      if (endpoint.private && rc.viaImport && this.privateFilter) return undefined;
      const custom = endpoint.definition.resolve;
      if (custom !== undefined) {
        const found = custom.call(endpoint.definition, rc, endpoint);
        if (found) return found.path[0] === this ? found : { ...found, path: [this, ...found.path] };
        return undefined;
      }
      const grammar = endpoint.grammar;
      if (grammar === undefined || !identifier.startsWith(grammar.prefix)) return undefined;
      const args = grammar.parse(identifier);
      if (args === null) {
        rc.argumentMismatch(grammar);
        return undefined;
      }
      if ((endpoint.verbs & rc.verbBit) === 0) {
        rc.verbMismatch(endpoint.verbs);
        return undefined;
      }
      return rc.match(endpoint, args, this);
    }
  }

  private resolveTransreptor(rc: ResolutionContext): Resolution | undefined {
    const { primary, representationClass } = rc.request;
    if (representationClass === undefined) return undefined;
    for (const endpoint of this.list) {
      const t = endpoint.transreptor;
      if (t === undefined || (endpoint.private && rc.viaImport && this.privateFilter)) continue;
      if (t.to === representationClass && isOfClass(primary, t.from)) return rc.match(endpoint, [], this);
    }
    // Imports and overlays may lead to transreptors in other spaces.
    for (const endpoint of this.list) {
      const custom = endpoint.definition.resolve;
      if (custom === undefined || (endpoint.private && rc.viaImport && this.privateFilter)) continue;
      const found = custom.call(endpoint.definition, rc, endpoint);
      if (found) return found.path[0] === this ? found : { ...found, path: [this, ...found.path] };
    }
    return undefined;
  }
}
