import type { EndpointDefinition, MountedEndpoint, Resolution, ResolutionContext, Space } from '../kernel/index.ts';

export interface ImportOptions {
  readonly id?: string;
  /** A private import is not seen by requests that reach its space through another import. */
  readonly private?: boolean;
}

/**
 * An import: makes another space's public endpoints resolvable from the space it is mounted
 * in (spec §4.3). A match found through it puts the imported space into the evaluation scope,
 * so the endpoint found there sees its own siblings first. The target may be given lazily
 * (a function), for spaces that are deployed later or replaced on reload.
 *
 * @example
 * app.mount(new Import(library));          // library's public endpoints resolve from app
 */
export class Import implements EndpointDefinition {
  readonly id: string;
  readonly private: boolean;

  constructor(
    private readonly target: Space | (() => Space | undefined),
    options: ImportOptions = {},
  ) {
    this.private = options.private === true;
    this.id = options.id ?? `import:${typeof target === 'function' ? 'dynamic' : target.id}`;
  }

  resolve(rc: ResolutionContext, _self: MountedEndpoint): Resolution | undefined {
    const space = typeof this.target === 'function' ? this.target() : this.target;
    return space === undefined ? undefined : rc.ask(space, true);
  }
}
