import type { Space } from '../kernel/index.ts';
import { buildDeclarativeRequest, type DeclarativeRequest } from './declarative-request.ts';
import { TransparentOverlay } from './overlay.ts';

export interface PluggableOverlayOptions {
  readonly space: Space;
  /** Issued with `arg:request` (the incoming request); returns the request to pass inward, or a response to answer with. */
  readonly preProcess?: DeclarativeRequest;
  /** Issued with `arg:response` (the inner response); returns what to answer with. */
  readonly postProcess?: DeclarativeRequest;
  /** Issued with `arg:exception` (the failure); returns what to answer with, or throws. */
  readonly exceptionProcess?: DeclarativeRequest;
  readonly id?: string;
  readonly private?: boolean;
}

/**
 * NetKernel's pluggable-overlay (spec §9): a transparent overlay whose pre-, post- and
 * exception-processing are ordinary requests, so an access check, a logger or an error page
 * is just another endpoint. `arg:request`, `arg:response` and `arg:exception` reach them by
 * value.
 *
 * @example
 * new PluggableOverlay({ space: app, preProcess: { identifier: 'active:checkAccess', arguments: [{ name: 'request', identifier: 'arg:request' }] } })
 */
export class PluggableOverlay extends TransparentOverlay {
  constructor(options: PluggableOverlayOptions) {
    const { preProcess, postProcess, exceptionProcess } = options;
    super({
      space: options.space,
      id: options.id ?? `pluggable-overlay:${options.space.id}`,
      ...(options.private === undefined ? {} : { private: options.private }),
      ...(preProcess && {
        onRequest: (request, ctx) => ctx.issueRequest(buildDeclarativeRequest(preProcess, ctx, { request })),
      }),
      ...(postProcess && {
        onResponse: (response, ctx) => ctx.issueRequestForResponse(buildDeclarativeRequest(postProcess, ctx, { response })),
      }),
      ...(exceptionProcess && {
        onException: (exception, ctx) => ctx.issueRequestForResponse(buildDeclarativeRequest(exceptionProcess, ctx, { exception })),
      }),
    });
  }
}

