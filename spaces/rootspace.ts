import { StandardSpace, type EndpointDefinition } from '../kernel/index.ts';

export interface RootspaceOptions {
  /** The rootspace URI other modules import it by. */
  readonly uri: string;
  /** The module version (semver-like `1.2.3`), for version ranges on imports. */
  readonly version?: string;
  /** Public rootspaces can be imported (and found by dynamic import); default true. */
  readonly public?: boolean;
  /** Hide private endpoints from requests arriving through imports (default true). */
  readonly privateFilter?: boolean;
  readonly name?: string;
  /** The module folder it was declared in, if any. */
  readonly moduleDir?: string;
}

/**
 * A rootspace: the top-level space a module declares (spec §9), with the URI and version
 * other modules import it by. A plain {@link StandardSpace} otherwise.
 *
 * @example const app = new Rootspace({ uri: 'urn:example:app', version: '1.0.0' });
 */
export class Rootspace extends StandardSpace {
  readonly uri: string;
  readonly version: string;
  readonly public: boolean;
  readonly name: string | undefined;
  readonly moduleDir: string | undefined;

  constructor(options: RootspaceOptions, endpoints: Iterable<EndpointDefinition> = []) {
    super(options.uri, endpoints);
    this.uri = options.uri;
    this.version = options.version ?? '0.0.0';
    this.public = options.public !== false;
    this.privateFilter = options.privateFilter !== false;
    this.name = options.name;
    this.moduleDir = options.moduleDir;
  }
}
