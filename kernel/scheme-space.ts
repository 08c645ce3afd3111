import type { MountedEndpoint } from './endpoint.ts';
import type { Resolution, ResolutionContext, Space } from './space.ts';

/**
 * A space whose one endpoint answers the identifiers of one scheme (or a few fixed names): the
 * shape of the spaces injected per request or per session (`httpRequest:`, `httpResponse:`,
 * `rest:`, `session:`). It claims only its scheme, so resolution passes it by for everything
 * else (see {@link Space.claims}), checks the identifier's shape with `accepts`, and reports a
 * verb the endpoint lacks as a verb mismatch.
 *
 * @example
 * class ClockSpace extends SchemeSpace {
 *   constructor() { super('clock', 'clock:', clockEndpoint); }
 *   protected accepts(identifier: string) { return identifier === 'clock:/now'; }
 * }
 */
export abstract class SchemeSpace implements Space {
  constructor(
    readonly id: string,
    private readonly scheme: string,
    /** The endpoint serving this space's identifiers. */
    protected readonly endpoint: MountedEndpoint,
  ) {}

  claims(identifier: string): boolean {
    return identifier.startsWith(this.scheme);
  }

  /** Whether a claimed identifier names something this space has (its shape is right). */
  protected accepts(_identifier: string): boolean {
    return true;
  }

  resolve(rc: ResolutionContext): Resolution | undefined {
    if (!this.claims(rc.identifier) || !this.accepts(rc.identifier)) return undefined;
    if ((this.endpoint.verbs & rc.verbBit) === 0) {
      rc.verbMismatch(this.endpoint.verbs);
      return undefined;
    }
    return rc.match(this.endpoint, [], this);
  }
}
