import { topologyChanged, XmlDocument, type EndpointDefinition, type Kernel, type MountedEndpoint, type RequestContext, type Resolution, type ResolutionContext, type Scope, type Space, type XmlElement } from '../kernel/index.ts';
import type { Rootspace } from './rootspace.ts';

/** The identifier an application exposes to be found by dynamic import. */
export const DYNAMIC_IMPORT_HOOK = 'res:/etc/system/SimpleDynamicImportHook.xml';
/** The golden thread cut whenever the set of deployed rootspaces changes. */
export const DEPLOYMENT_THREAD = 'roc:deployment';

/** What dynamic import needs of a deployment: its public rootspaces, and news of changes. */
export interface RootspaceRegistry {
  publicRootspaces(): Iterable<Rootspace>;
  find(uri: string): Rootspace | undefined;
  /** Call `listener` after each change; returns a function that stops listening. */
  onChange(listener: () => void): () => void;
}

/**
 * NetKernel's SimpleImportDiscovery (spec §9): SOURCE gives the URIs of the deployed public
 * rootspaces whose `res:/etc/system/SimpleDynamicImportHook.xml` has a
 * `<connection><type>` equal to this endpoint's `type`. The answer is cached and recomputed
 * when the deployment changes.
 *
 * @example fulcrum.mount(new SimpleImportDiscovery(registry, { type: 'HTTPFulcrum' }));
 */
export class SimpleImportDiscovery implements EndpointDefinition {
  readonly id: string;
  readonly grammar: string;

  constructor(
    private readonly registry: RootspaceRegistry,
    private readonly options: { type: string; grammar?: string; id?: string },
  ) {
    this.grammar = options.grammar ?? 'active:SimpleImportDiscovery';
    this.id = options.id ?? `SimpleImportDiscovery:${options.type}`;
  }

  async onSource(ctx: RequestContext): Promise<string[]> {
    await ctx.source(`active:attachGoldenThread+id@${DEPLOYMENT_THREAD}`);
    const found: string[] = [];
    for (const space of this.registry.publicRootspaces()) {
      let hook: unknown;
      try {
        hook = await ctx.kernel.source(DYNAMIC_IMPORT_HOOK, { scope: space, as: 'xml' });
      } catch {
        continue; // no hook: not for dynamic import
      }
      if (hook instanceof XmlDocument && connectionTypes(hook.root).includes(this.options.type)) found.push(space.uri);
    }
    return found;
  }
}

function connectionTypes(root: XmlElement): string[] {
  const types: string[] = [];
  const visit = (e: XmlElement) => {
    for (const child of e.children) {
      if (typeof child === 'string') continue;
      if (child.name === 'type' && e.name === 'connection') types.push(child.children.filter((c) => typeof c === 'string').join('').trim());
      visit(child);
    }
  };
  visit({ name: '#document', attributes: {}, children: [root] });
  return types;
}

/**
 * NetKernel's DynamicImport: an import whose targets come from a request (its `config`,
 * usually `active:SimpleImportDiscovery`), evaluated when it is commissioned and again
 * whenever the deployment changes. This is how an application module attaches itself to
 * the HTTP fulcrum without editing it.
 *
 * @example fulcrum.mount(new DynamicImport(registry, { config: 'active:SimpleImportDiscovery' }));
 */
export class DynamicImport implements EndpointDefinition {
  readonly id: string;
  private targets: Space[] = [];
  private stop: (() => void) | undefined;

  constructor(
    private readonly registry: RootspaceRegistry,
    private readonly options: { config: string; id?: string },
  ) {
    this.id = options.id ?? `DynamicImport:${options.config}`;
  }

  /** The spaces currently imported. */
  get imported(): readonly Space[] {
    return this.targets;
  }

  resolve(rc: ResolutionContext, _self: MountedEndpoint): Resolution | undefined {
    for (const target of this.targets) {
      const found = rc.ask(target, true);
      if (found) return found;
    }
    return undefined;
  }

  async commission(kernel: Kernel, scope: Scope): Promise<void> {
    const refresh = async () => {
      const uris = await kernel.source(this.options.config, { scope });
      const list = Array.isArray(uris) ? (uris as unknown[]) : [];
      this.targets = list.map((u) => this.registry.find(String(u))).filter((s): s is Rootspace => s !== undefined);
      topologyChanged();
    };
    await refresh();
    this.stop = this.registry.onChange(() => {
      refresh().catch((error: unknown) => kernel.logger.error(`dynamic import ${this.id} could not refresh`, error));
    });
  }

  decommission(): void {
    this.stop?.();
    this.targets = [];
  }
}
