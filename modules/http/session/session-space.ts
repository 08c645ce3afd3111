import { MountedEndpoint, Response, RocError, SchemeSpace, type RequestContext } from '../../../kernel/index.ts';
import type { SessionPolicy } from './store/index.ts';

/** What the session space needs of its overlay: ending and regenerating sessions (they touch the cookie). */
export interface SessionControl {
  readonly policy: SessionPolicy;
  /** True when the store is shared between processes: values read here may change elsewhere. */
  readonly shared: boolean;
  end(space: SessionSpace, ctx: RequestContext): Promise<void>;
  regenerate(space: SessionSpace, ctx: RequestContext): Promise<string>;
  url(space: SessionSpace, url: string): string;
}

const SESSION = 'session:';
let sessionSpaces = 0;

/**
 * One live session as a space (spec §11): it answers `session:/path` (SOURCE, SINK, EXISTS,
 * DELETE; DELETE of `session:/` ends the session), `active:regenerateSession` (new id, same
 * data) and `active:sessionURL+url@…` (the URL with the session in it, in URL-rewriting mode).
 *
 * Each session has its own endpoint object, so cached `session:` responses are keyed per
 * session: two sessions never share an entry, even for the same identifier.
 */
export class SessionSpace extends SchemeSpace {
  constructor(
    public sessionId: string,
    private readonly control: SessionControl,
  ) {
    const endpoint: MountedEndpoint = new MountedEndpoint({
      id: 'session',
      // This session's values are its own: a SINK here invalidates only this session's reads.
      threadQualifier: `session-${++sessionSpaces}`,
      verbs: ['SOURCE', 'SINK', 'EXISTS', 'DELETE'],
      resolve: () => undefined,
      onSource: (ctx) => this.source(ctx),
      onSink: (ctx) => this.sink(ctx),
      onExists: (ctx) => this.exists(ctx),
      onDelete: (ctx) => this.delete(ctx),
    });
    super('session-space', SESSION, endpoint);
  }

  /** The endpoint serving this session's resources (for dropping its cached responses). */
  get sessionEndpoint(): MountedEndpoint {
    return this.endpoint;
  }

  override claims(identifier: string): boolean {
    return identifier.startsWith(SESSION) || identifier === 'active:regenerateSession' || identifier.startsWith('active:sessionURL+');
  }

  private async source(ctx: RequestContext): Promise<unknown> {
    const identifier = ctx.request.identifier;
    if (identifier === 'active:regenerateSession') return ctx.createResponseFrom(await this.control.regenerate(this, ctx)).setExpiry('ALWAYS');
    if (identifier.startsWith('active:sessionURL+')) {
      const url = String(await ctx.source(identifier.slice('active:sessionURL+url@'.length), 'string'));
      return ctx.createResponseFrom(this.control.url(this, url)).setExpiry('ALWAYS');
    }
    const value = await this.control.policy.store.read(this.sessionId, pathOf(identifier));
    const response = new Response(value);
    // Values from a store other processes write to may change behind this cache's back.
    if (this.control.shared) response.setExpiry('ALWAYS');
    return response;
  }

  private async sink(ctx: RequestContext): Promise<void> {
    const path = pathOf(ctx.request.identifier);
    const value: unknown = await ctx.sourcePrimary();
    const written = await this.control.policy.store.write(this.sessionId, path, value);
    if (!written) throw new RocError('ROC_ERR_SESSION_EXPIRED', { id: this.sessionId });
  }

  private async exists(ctx: RequestContext): Promise<Response> {
    const exists = await this.control.policy.store.exists(this.sessionId, pathOf(ctx.request.identifier));
    const response = new Response(exists);
    if (this.control.shared) response.setExpiry('ALWAYS');
    return response;
  }

  private async delete(ctx: RequestContext): Promise<boolean> {
    const path = pathOf(ctx.request.identifier);
    if (path === '/') {
      await this.control.end(this, ctx);
      return true;
    }
    return this.control.policy.store.remove(this.sessionId, path);
  }
}

function pathOf(identifier: string): string {
  const path = identifier.slice(SESSION.length);
  if (!path.startsWith('/')) throw new RocError('ROC_ERR_ARGUMENT', { identifier, reason: 'a session resource is session:/path' });
  return path;
}
