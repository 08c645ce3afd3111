import { RocError, topologyChanged, type Kernel } from '../../kernel/index.ts';
import { DEPLOYMENT_THREAD, type RootspaceRegistry } from '../../spaces/dynamic-import.ts';
import type { Rootspace } from '../../spaces/rootspace.ts';
import { compareVersions, inRange } from './versions.ts';

/** A module as deployed: where it came from and the rootspaces it registered. */
export interface DeployedModule {
  readonly uri: string;
  readonly version: string;
  readonly file: string;
  readonly rootspaces: readonly Rootspace[];
}

/**
 * The deployed modules of a kernel and their rootspaces, by URI and version (spec §9). Imports
 * find their target here (the highest version in range), dynamic import lists the public
 * rootspaces, and every change cuts the deployment golden thread so discovery is recomputed.
 *
 * @example deployment.find('urn:example:lib', '1.0.0', '1.9.9')
 */
export class Deployment implements RootspaceRegistry {
  private readonly modules: DeployedModule[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly kernel: Kernel) {}

  get deployed(): readonly DeployedModule[] {
    return this.modules;
  }

  /** Register a module's rootspaces; a rootspace URI + version already deployed is an error and nothing is registered. */
  register(module: DeployedModule): void {
    for (const space of module.rootspaces) {
      const clash = this.modules.find((m) => m.rootspaces.some((s) => s.uri === space.uri && s.version === space.version));
      if (clash) {
        throw new RocError('ROC_ERR_MODULE', { file: module.file, path: `rootspace ${space.uri}`, reason: `rootspace ${space.uri} version ${space.version} is already deployed by ${clash.file}` });
      }
    }
    this.modules.push(module);
    this.changed();
  }

  unregister(module: DeployedModule): void {
    const at = this.modules.indexOf(module);
    if (at < 0) return;
    this.modules.splice(at, 1);
    this.changed();
  }

  /** The deployed rootspace with this URI and the highest version within [min, max]. */
  find(uri: string, min?: string, max?: string): Rootspace | undefined {
    let best: Rootspace | undefined;
    for (const m of this.modules) {
      for (const s of m.rootspaces) {
        if (s.uri !== uri || !inRange(s.version, min, max)) continue;
        if (!best || compareVersions(s.version, best.version) > 0) best = s;
      }
    }
    return best;
  }

  *publicRootspaces(): Iterable<Rootspace> {
    for (const m of this.modules) for (const s of m.rootspaces) if (s.public) yield s;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    topologyChanged();
    this.kernel.cache.cut(`gt:${DEPLOYMENT_THREAD}`);
    for (const listener of this.listeners) listener();
  }
}
