import { resolveRequest, type RequestContext, type Space } from '../kernel/index.ts';
import { buildDeclarativeRequest, type DeclarativeRequest } from './declarative-request.ts';
import { TransparentOverlay } from './overlay.ts';

/** A named overlay of a branch-merge config: pluggable-overlay processing, optionally chained to `next`. */
export interface BranchOverlay {
  readonly name: string;
  readonly preProcess?: DeclarativeRequest;
  readonly postProcess?: DeclarativeRequest;
  readonly exceptionProcess?: DeclarativeRequest;
  readonly next?: string;
}

/** A branch: requests resolving to one of `targets` (endpoint ids) go through `overlay`. */
export interface Branch {
  readonly name: string;
  readonly overlay: string;
  readonly targets: readonly string[];
}

export interface BranchMergeOptions {
  readonly space: Space;
  readonly branches: readonly Branch[];
  readonly overlays: readonly BranchOverlay[];
  readonly id?: string;
  readonly private?: boolean;
}

/**
 * NetKernel's branch-merge: a transparent overlay that sends requests for chosen logical
 * endpoints (by id) through a branch of overlays and lets everything else pass straight in.
 * The choice is made by resolving the request in the wrapped space, so it follows the same
 * rules as any request.
 *
 * @example
 * new BranchMerge({ space: app, branches: [{ name: 'b', overlay: 'log', targets: ['topic'] }],
 *   overlays: [{ name: 'log', preProcess: { identifier: 'active:log', arguments: [{ name: 'request', identifier: 'arg:request' }] } }] })
 */
export class BranchMerge extends TransparentOverlay {
  constructor(options: BranchMergeOptions) {
    const overlays = new Map(options.overlays.map((o) => [o.name, o]));
    for (const branch of options.branches) {
      if (!overlays.has(branch.overlay)) throw new TypeError(`branch-merge branch "${branch.name}" names overlay "${branch.overlay}", which the config does not declare`);
    }
    const chainFor = (ctx: RequestContext): BranchOverlay[] => {
      const target = resolveRequest(ctx.request, ctx.scope).resolution.endpoint.id;
      const branch = options.branches.find((b) => b.targets.includes(target));
      const chain: BranchOverlay[] = [];
      for (let o = branch && overlays.get(branch.overlay); o && !chain.includes(o); o = o.next ? overlays.get(o.next) : undefined) chain.push(o);
      return chain;
    };
    const chains = new WeakMap<RequestContext, BranchOverlay[]>();
    const chain = (ctx: RequestContext) => {
      let c = chains.get(ctx);
      if (!c) chains.set(ctx, (c = chainFor(ctx)));
      return c;
    };
    super({
      space: options.space,
      id: options.id ?? `branch-merge:${options.space.id}`,
      ...(options.private === undefined ? {} : { private: options.private }),
      onRequest: async (request, ctx) => {
        let current: unknown = request;
        for (const o of chain(ctx)) {
          if (!o.preProcess) continue;
          current = await ctx.issueRequest(buildDeclarativeRequest(o.preProcess, ctx, { request: current }));
        }
        return current;
      },
      onResponse: async (response, ctx) => {
        let current: unknown = response;
        for (const o of [...chain(ctx)].reverse()) {
          if (!o.postProcess) continue;
          current = await ctx.issueRequestForResponse(buildDeclarativeRequest(o.postProcess, ctx, { response: current }));
        }
        return current;
      },
      onException: async (exception, ctx) => {
        const handler = chain(ctx).find((o) => o.exceptionProcess);
        if (!handler?.exceptionProcess) throw exception;
        return ctx.issueRequestForResponse(buildDeclarativeRequest(handler.exceptionProcess, ctx, { exception }));
      },
    });
  }
}
