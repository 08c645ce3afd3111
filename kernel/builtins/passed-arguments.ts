import type { RequestContext } from '../context.ts';
import { MountedEndpoint } from '../endpoint.ts';
import type { PassedArgument } from '../request.ts';
import { Response } from '../response.ts';
import type { Scope } from '../scope.ts';
import type { Resolution, ResolutionContext, Space } from '../space.ts';

/**
 * The space the kernel injects in front of a request's scope when it carries arguments by
 * value or by request (spec §3). It answers the generated `pbv:` identifiers, so the receiver
 * reads `arg:NAME` the same way whatever way the argument was passed. A by-request argument
 * is issued, each time it is read, into the scope of whoever passed it.
 */
export class PassedArgumentSpace implements Space {
  readonly id = 'pbv';
  private readonly endpoint: MountedEndpoint;

  constructor(
    private readonly passed: ReadonlyMap<string, PassedArgument>,
    private readonly issuerScope: Scope,
    /** The context that issued the request carrying these arguments. */
    readonly owner: RequestContext | undefined,
  ) {
    this.endpoint = new MountedEndpoint({
      id: 'pbv',
      verbs: ['SOURCE', 'EXISTS'],
      resolve: (rc, self) => (this.passed.has(rc.identifier) ? rc.match(self, []) : undefined),
      onSource: (ctx) => this.source(ctx),
      onExists: (ctx) => this.passed.has(ctx.request.identifier),
    });
  }

  claims(identifier: string): boolean {
    return this.passed.has(identifier);
  }

  resolve(rc: ResolutionContext): Resolution | undefined {
    if (!this.passed.has(rc.identifier)) return undefined;
    if ((this.endpoint.verbs & rc.verbBit) === 0) {
      rc.verbMismatch(this.endpoint.verbs);
      return undefined;
    }
    return { endpoint: this.endpoint, args: [], path: [], cacheable: false };
  }

  private source(ctx: RequestContext): unknown {
    const passed = this.passed.get(ctx.request.identifier)!;
    if ('value' in passed) return new Response(passed.value).setExpiry('NEVER');
    // Evaluated in the passer's scope, as if the passer had issued it; this context records the dependency.
    return ctx.kernel.issue(passed.request, passed.request.scope ?? this.issuerScope, ctx);
  }
}

