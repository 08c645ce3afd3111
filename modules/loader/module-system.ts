import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { commissionSpace, decommissionSpace, endpointsOf, Kernel, RocError, type KernelOptions } from '../../kernel/index.ts';
import { Rootspace } from '../../spaces/rootspace.ts';
import type { HttpTransportEndpoint } from '../http/transport-endpoint.ts';
import { parseModule, parseXml } from '../module-xml/index.ts';
import { buildModule, type BuiltModule } from './build.ts';
import { Deployment, type DeployedModule } from './deployment.ts';
import { PrototypeRegistry } from './prototypes.ts';
import { registerStandardPrototypes } from './standard-prototypes.ts';
import { registerBridgePrototypes } from '../http/bridge/index.ts';
import { registerSessionPrototypes } from '../http/session/prototype.ts';
import { registerStaticPrototypes } from '../http/static/index.ts';
import { registerProxyPrototypes } from '../http/proxy/index.ts';
import { registerRestPrototypes } from '../http/rest/index.ts';
import { createHttpClientSpace } from '../http/client/index.ts';

export interface ModuleSystemOptions extends KernelOptions {
  /** Use this kernel instead of making one. */
  readonly kernel?: Kernel;
  /** Port for HTTPTransports whose module.xml sets none (default 8080; 0 = any free port). */
  readonly httpPort?: number;
  readonly httpHost?: string;
  /** Watch `<dynamic/>` modules and reload them on change (default true). */
  readonly watch?: boolean;
}

/** A module that could not be deployed, and why. */
export interface DeployFailure {
  readonly path: string;
  readonly error: Error;
}

export interface DeployReport {
  readonly deployed: DeployedModule[];
  readonly failed: DeployFailure[];
}

const BUILT_IN = '(built in)';

/** NetKernel library rootspaces whose useful parts roc-kernel provides built in (golden threads, data:, the HTTP prototypes). */
const STANDARD_ROOTSPACES = ['urn:org:netkernel:ext:layer1', 'urn:org:netkernel:tpt:http'];

/**
 * Deploys module folders into a kernel (spec §9): parses each module.xml, builds its
 * rootspaces, registers them so modules import each other by URI and version range, checks
 * every import, and commissions the endpoints. A module that fails leaves nothing behind and
 * the others keep running. `<dynamic/>` modules are watched and reloaded when module.xml or
 * any file in the folder changes; cached representations from the old version are invalidated.
 *
 * @example
 * const system = new ModuleSystem({ httpPort: 0 });
 * const { deployed, failed } = await system.deploy(['examples/hello']);
 * await system.kernel.source('res:/hello', { scope: deployed[0]!.rootspaces[0] });
 */
export class ModuleSystem {
  readonly kernel: Kernel;
  readonly deployment: Deployment;
  readonly prototypes = new PrototypeRegistry();
  /** HTTP transports built by deployed modules (to report where they listen, and to stop them). */
  readonly transports: HttpTransportEndpoint[] = [];
  private readonly watchers = new Map<DeployedModule, FSWatcher>();
  private readonly built = new Map<DeployedModule, BuiltModule>();
  private reloads = 0;

  constructor(private readonly options: ModuleSystemOptions = {}) {
    this.kernel = options.kernel ?? new Kernel(options);
    this.deployment = new Deployment(this.kernel);
    registerStandardPrototypes(this.prototypes, {
      ...(options.httpPort === undefined ? {} : { httpPort: options.httpPort }),
      ...(options.httpHost === undefined ? {} : { httpHost: options.httpHost }),
      onTransport: (t) => this.transports.push(t),
    });
    registerBridgePrototypes(this.prototypes);
    registerSessionPrototypes(this.prototypes);
    registerStaticPrototypes(this.prototypes);
    registerProxyPrototypes(this.prototypes);
    registerRestPrototypes(this.prototypes);
    for (const uri of STANDARD_ROOTSPACES) {
      this.deployment.register({ uri, version: '1.0.0', file: BUILT_IN, rootspaces: [new Rootspace({ uri, version: '1.0.0' })] });
    }
    const client = createHttpClientSpace();
    this.deployment.register({ uri: client.uri, version: client.version, file: BUILT_IN, rootspaces: [client] });
  }

  /**
   * Deploy module folders, module.xml files or modules.xml lists. All are built first and
   * registered together, so they may import each other in any order; then imports are checked
   * and endpoints commissioned. Failures are reported, not thrown.
   */
  async deploy(paths: readonly string[]): Promise<DeployReport> {
    const failed: DeployFailure[] = [];
    const candidates: { path: string; built: BuiltModule }[] = [];
    for (const path of expand(paths, failed)) {
      try {
        candidates.push({ path, built: await this.build(path) });
      } catch (error) {
        failed.push({ path, error: error as Error });
      }
    }
    // Register all, then drop (repeatedly) those whose imports cannot be satisfied.
    const registered: { path: string; built: BuiltModule; module: DeployedModule }[] = [];
    for (const c of candidates) {
      const module = toDeployed(c.built);
      try {
        this.deployment.register(module);
        registered.push({ ...c, module });
      } catch (error) {
        failed.push({ path: c.path, error: error as Error });
      }
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of [...registered]) {
        const missing = r.built.imports.filter((i) => this.deployment.find(i.uri, i.versionMin, i.versionMax) === undefined);
        if (missing.length === 0) continue;
        const describe = (i: (typeof missing)[number]) => `import of ${i.uri}${i.versionMin || i.versionMax ? ` (version ${i.versionMin ?? '*'}..${i.versionMax ?? '*'})` : ''}: no such rootspace is deployed`;
        const reason = missing.length === 1 ? describe(missing[0]!) : `${missing.length} imports cannot be satisfied: ${missing.map((i) => `${i.path}: ${describe(i)}`).join('; ')}`;
        failed.push({ path: r.path, error: new RocError('ROC_ERR_MODULE', { file: r.built.model.file, path: missing[0]!.path, reason }) });
        this.deployment.unregister(r.module);
        registered.splice(registered.indexOf(r), 1);
        changed = true;
      }
    }
    const deployed: DeployedModule[] = [];
    for (const r of registered) {
      try {
        await this.commission(r.module);
        this.built.set(r.module, r.built);
        deployed.push(r.module);
        if (r.built.model.dynamic && this.options.watch !== false) this.watchModule(r.module);
      } catch (error) {
        this.deployment.unregister(r.module);
        failed.push({ path: r.path, error: error as Error });
      }
    }
    return { deployed, failed };
  }

  /** Deploy one module folder (or module.xml); throws its error if it fails. */
  async deployModule(path: string): Promise<DeployedModule> {
    const { deployed, failed } = await this.deploy([path]);
    if (failed[0]) throw failed[0].error;
    return deployed[0]!;
  }

  /** Take a module out: decommission its endpoints, unregister its rootspaces, drop what was cached from it. */
  async undeploy(module: DeployedModule): Promise<void> {
    this.watchers.get(module)?.close();
    this.watchers.delete(module);
    for (const space of [...module.rootspaces].reverse()) await decommissionSpace(this.kernel, space);
    this.deployment.unregister(module);
    this.built.delete(module);
    this.forgetCached(module);
  }

  /** Rebuild a module from disk and swap it in; if the new version fails, the old one keeps serving. */
  async reload(module: DeployedModule): Promise<DeployedModule> {
    const built = await this.build(module.file, ++this.reloads);
    const next = toDeployed(built);
    await this.undeploy(module);
    try {
      this.deployment.register(next);
      await this.commission(next);
    } catch (error) {
      this.deployment.unregister(next);
      // Put the old version back so the application keeps serving.
      this.deployment.register(module);
      await this.commission(module);
      throw error;
    }
    this.built.set(next, built);
    if (built.model.dynamic && this.options.watch !== false) this.watchModule(next);
    return next;
  }

  /** Stop everything: transports first (within `graceMs`), then every module, last deployed first. */
  async stop(graceMs = 5000): Promise<void> {
    await Promise.all(this.transports.map((t) => t.stop(graceMs)));
    for (const module of [...this.deployment.deployed].reverse()) {
      if (module.file === BUILT_IN) continue;
      await this.undeploy(module);
    }
  }

  private async build(path: string, generation = 0): Promise<BuiltModule> {
    const file = moduleFile(path);
    const text = readFileSync(file, 'utf8');
    const model = parseModule(text, file);
    for (const notice of model.notices) this.kernel.logger.info(`${notice.file} ${notice.path}: ${notice.message}`);
    return buildModule(model, dirname(file), { kernel: this.kernel, deployment: this.deployment, prototypes: this.prototypes, generation });
  }

  private async commission(module: DeployedModule): Promise<void> {
    const done: Rootspace[] = [];
    try {
      for (const space of module.rootspaces) {
        await commissionSpace(this.kernel, space);
        done.push(space);
      }
    } catch (error) {
      for (const space of done.reverse()) await decommissionSpace(this.kernel, space);
      throw error;
    }
  }

  private forgetCached(module: DeployedModule): void {
    const endpoints = new Set(module.rootspaces.flatMap((s) => [...endpointsIn(s)]));
    this.kernel.cache.invalidateWhere((r) => r.endpoint !== undefined && endpoints.has(r.endpoint));
  }

  private watchModule(module: DeployedModule): void {
    const dir = dirname(module.file);
    let timer: NodeJS.Timeout | undefined;
    let current = module;
    const watcher = watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        this.reload(current)
          .then((next) => {
            current = next;
            this.kernel.logger.info(`reloaded ${next.uri} ${next.version} from ${next.file}`);
          })
          .catch((error: unknown) => this.kernel.logger.error(`reloading ${module.file} failed; the previous version keeps serving`, error));
      }, 100);
    });
    watcher.on('error', (error) => this.kernel.logger.warn(`watching ${dir} failed`, error));
    this.watchers.set(module, watcher);
  }
}


function* endpointsIn(space: Rootspace) {
  for (const [endpoint] of endpointsOf(space)) {
    yield endpoint;
    const logical = (endpoint.definition as { logicalEndpoints?: readonly unknown[] }).logicalEndpoints;
    if (logical) yield* logical as never[];
  }
}

function toDeployed(built: BuiltModule): DeployedModule {
  return { uri: built.model.identity.uri, version: built.model.identity.version, file: built.model.file, rootspaces: built.rootspaces };
}

function moduleFile(path: string): string {
  const file = existsSync(path) && statSync(path).isDirectory() ? resolve(path, 'module.xml') : resolve(path);
  if (!existsSync(file)) throw new RocError('ROC_ERR_MODULE', { file, path: 'module', reason: 'no module.xml here' });
  return file;
}

/** Module paths, with modules.xml lists expanded (their paths relative to the list). */
function expand(paths: readonly string[], failed: DeployFailure[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (basename(path) !== 'modules.xml') {
      out.push(path);
      continue;
    }
    try {
      const root = parseXml(readFileSync(path, 'utf8'), path);
      if (root.name !== 'modules') throw new RocError('ROC_ERR_MODULE', { file: path, path: root.name, reason: 'a modules list must have a <modules> root' });
      for (const child of root.children) {
        if (child.name !== 'module') throw new RocError('ROC_ERR_MODULE', { file: path, path: child.path, reason: `unknown element <${child.name}>; expected <module>` });
        out.push(resolve(dirname(path), child.text.trim()));
      }
    } catch (error) {
      failed.push({ path, error: error as Error });
    }
  }
  return out;
}
