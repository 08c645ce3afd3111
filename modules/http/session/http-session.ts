import {
  RocError,
  type EndpointDefinition,
  type Kernel,
  type MountedEndpoint,
  type RequestContext,
  type Resolution,
  type ResolutionContext,
  type Space,
  type Verb,
} from '../../../kernel/index.ts';
import { MemorySessionStore, RedisSessionStore, parseSessionConfig, SessionPolicy, type SessionConfig, type SessionStore } from './store/index.ts';
import { SessionSpace, type SessionControl } from './session-space.ts';
import { getLogger } from '../logging/index.ts';

/** Session life events, at debug level (ROC_LOG=sessions:debug); ids are never logged. */
const log = getLogger('sessions');

export interface HttpSessionOptions {
  /** The wrapped application space. */
  readonly space: Space;
  /** The seed's config (maxSessions, minDuration, maxDuration/expiryPeriod, cookiePath, cookieName, autoReconnect); numbers may be text. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Where sessions live: a store, `'memory'` (default) or a `redis://` URL shared by several processes. */
  readonly store?: SessionStore | string;
  /** Key prefix in Redis (default `roc:session`). */
  readonly storePrefix?: string;
  /** Accept the session id from a query parameter named like the cookie, for clients without cookies (default off). */
  readonly urlRewriting?: boolean;
  readonly id?: string;
  readonly private?: boolean;
}

/**
 * NetKernel's HTTPSession overlay (spec §11; prototype `HTTPSession`, alias
 * `jetty.HTTPSession`): a transparent overlay, inside an HTTPBridge, that gives each browser
 * session a space serving `session:/…` resources. With a recognised cookie the session's space
 * is injected into the request's scope; without one a new session is made and its cookie set
 * (HttpOnly, SameSite=Lax, Path=cookiePath, Secure over HTTPS). Unknown ids are never adopted.
 * Limits and expiry follow the policy: idle sessions past maxDuration are gone; a new session
 * at maxSessions reclaims the idlest one idle at least minDuration, else ROC_ERR_TOO_MANY_SESSIONS
 * (503 + Retry-After at the bridge).
 *
 * @example
 * bridgeSpace.mount(new HttpSession({ space: app, config: { maxSessions: 1000, cookiePath: '/app/' } }));
 */
export class HttpSession implements EndpointDefinition, SessionControl {
  readonly id: string;
  readonly private: boolean;
  readonly innerSpaces: readonly Space[];
  readonly verbs: readonly Verb[] = ['SOURCE', 'SINK', 'EXISTS', 'DELETE', 'NEW', 'META'];
  readonly policy: SessionPolicy;
  readonly shared: boolean;
  readonly config: SessionConfig;
  private readonly spaces = new Map<string, SessionSpace>();
  private sweeper: NodeJS.Timeout | undefined;
  private kernel: Kernel | undefined;

  constructor(private readonly options: HttpSessionOptions) {
    this.id = options.id ?? 'HTTPSession';
    this.private = options.private === true;
    this.innerSpaces = [options.space];
    this.config = parseSessionConfig(options.config ?? {});
    const store = options.store ?? 'memory';
    let chosen: SessionStore;
    if (typeof store !== 'string') chosen = store;
    else if (store === 'memory') chosen = new MemorySessionStore({ maxDuration: this.config.maxDuration });
    else if (/^rediss?:\/\//.test(store)) chosen = new RedisSessionStore({ maxDuration: this.config.maxDuration, redis: store, ...(options.storePrefix === undefined ? {} : { prefix: options.storePrefix }) });
    else throw new RocError('ROC_ERR_ARGUMENT', { identifier: `HTTPSession ${this.id}`, reason: `store must be "memory" or a redis:// URL, got "${store}"` });
    this.shared = !(chosen instanceof MemorySessionStore);
    this.policy = new SessionPolicy(this.config, chosen);
  }

  resolve(rc: ResolutionContext, self: MountedEndpoint): Resolution | undefined {
    if (rc.verb === 'TRANSREPT') return undefined;
    const inner = this.options.space;
    return rc.ask(inner, false) ? rc.match(self, [], inner) : undefined;
  }

  async onRequest(ctx: RequestContext): Promise<unknown> {
    const sent = await this.cookieValues(ctx);
    const { session, created } = await this.policy.open(sent);
    const space = this.spaceFor(session.id);
    if (created) {
      log.debug(`${this.id}: new session${sent === undefined ? '' : ' (the cookie named none that is live)'}`);
      await this.setCookie(ctx, session.id);
    }
    // The session's space is injected nearest: session: resolves there, everything else passes on.
    return ctx.kernel.issue(ctx.request.clone(), ctx.scope.push(space), ctx);
  }

  commission(kernel: Kernel): void {
    this.kernel = kernel;
    const every = Math.max(1000, Math.min(60_000, Math.floor(this.config.maxDuration / 2)));
    this.sweeper = setInterval(() => void this.sweep().catch((e: unknown) => kernel.logger.warn(`session sweep of ${this.id} failed`, e)), every);
    this.sweeper.unref();
  }

  async decommission(): Promise<void> {
    clearInterval(this.sweeper);
    this.spaces.clear();
    await this.policy.close();
  }

  /** Sessions currently known to this overlay (live in the store and seen by this process). */
  get liveSpaces(): number {
    return this.spaces.size;
  }

  /** Remove expired sessions from the store and forget their spaces and cached responses. */
  async sweep(now = Date.now()): Promise<void> {
    await this.policy.sweep(now);
    for (const [id, space] of [...this.spaces]) {
      if ((await this.policy.store.get(id, now)) === undefined) this.forget(id, space);
    }
  }

  // SessionControl: operations the session space asks of its overlay.

  async end(space: SessionSpace, ctx: RequestContext): Promise<void> {
    log.debug(`${this.id}: session ended`);
    await this.policy.end(space.sessionId);
    this.forget(space.sessionId, space);
    await ctx.sink('httpResponse:/cookie', { name: this.config.cookieName, value: '', path: this.config.cookiePath, maxAge: 0, httpOnly: true, sameSite: 'Lax' });
  }

  async regenerate(space: SessionSpace, ctx: RequestContext): Promise<string> {
    const moved = await this.policy.regenerate(space.sessionId);
    this.spaces.delete(space.sessionId);
    space.sessionId = moved.id;
    this.spaces.set(moved.id, space);
    await this.setCookie(ctx, moved.id);
    return moved.id;
  }

  url(space: SessionSpace, url: string): string {
    if (this.options.urlRewriting !== true) return url;
    const hash = url.indexOf('#');
    const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
    const param = `${encodeURIComponent(this.config.cookieName)}=${encodeURIComponent(space.sessionId)}`;
    return `${base}${base.includes('?') ? '&' : '?'}${param}${fragment}`;
  }

  private spaceFor(id: string): SessionSpace {
    let space = this.spaces.get(id);
    if (space === undefined) {
      space = new SessionSpace(id, this);
      this.spaces.set(id, space);
    }
    return space;
  }

  private forget(id: string, space: SessionSpace): void {
    this.spaces.delete(id);
    const endpoint = space.sessionEndpoint;
    this.kernel?.cache.invalidateWhere((r) => r.endpoint === endpoint);
  }

  /** Every value the request sent for the session cookie (a duplicated cookie sends several), and the URL parameter in rewriting mode. */
  private async cookieValues(ctx: RequestContext): Promise<string[] | undefined> {
    let header: unknown;
    try {
      header = await ctx.source('httpRequest:/header/cookie');
    } catch (error) {
      throw new RocError('ROC_ERR_SESSION_BRIDGE', { overlay: this.id, reason: `httpRequest: does not resolve (${(error as Error).message})` }, { cause: error });
    }
    const name = this.config.cookieName;
    const values: string[] = [];
    for (const line of Array.isArray(header) ? header : [header]) {
      if (typeof line !== 'string') continue;
      for (const pair of line.split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0 && pair.slice(0, eq).trim() === name) values.push(pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
      }
    }
    if (values.length === 0 && this.options.urlRewriting === true) {
      const fromUrl = await ctx.source(`httpRequest:/param/${name}`);
      if (typeof fromUrl === 'string' && fromUrl !== '') values.push(fromUrl);
    }
    return values.length === 0 ? undefined : values;
  }

  private async setCookie(ctx: RequestContext, id: string): Promise<void> {
    const secure = (await ctx.source('httpRequest:/secure')) === true;
    await ctx.sink('httpResponse:/cookie', { name: this.config.cookieName, value: id, path: this.config.cookiePath, httpOnly: true, sameSite: 'Lax', ...(secure ? { secure: true } : {}) });
  }
}
