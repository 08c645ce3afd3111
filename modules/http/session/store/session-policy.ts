/**
 * The rules of spec §11 that do not depend on where sessions are kept: the HTTPSession config,
 * session ids, and the operations the overlay calls when a request arrives (open), on log-in
 * (regenerate), on DELETE of `session:/` (end) and on a timer (sweep).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { RocError } from '../../../../kernel/errors.ts';
import { MemorySessionStore } from './memory-store.ts';
import type { SessionRecord, SessionStore } from './session-store.ts';

// XML hands every value over as text, so numbers and booleans are also accepted as strings.
const count = z.union([z.number(), z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number)]).pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));
const flag = z.union([z.boolean(), z.string().trim().toLowerCase().pipe(z.enum(['true', 'false'])).transform((s) => s === 'true')]);
const text = z.string().trim().min(1);

/**
 * The zod schema of the HTTPSession `<config>` (spec §11), with the seed's defaults.
 * `expiryPeriod` is the seed's other name for the idle limit and becomes `maxDuration`.
 * Cookie names must be RFC 6265 tokens and paths must start with "/", since both end up in a
 * Set-Cookie header.
 */
export const SessionConfigSchema = z
  .object({
    maxSessions: count.default(64),
    minDuration: count.default(300_000),
    maxDuration: count.optional(),
    expiryPeriod: count.optional(),
    cookiePath: text.regex(/^\/[\x21-\x3a\x3c-\x7e]*$/, 'a cookie path starts with "/" and has no spaces, controls or ";"').default('/'),
    cookieName: text.regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'a cookie name is an RFC 6265 token').default('NETKERNEL_SESSION_COOKIE'),
    autoReconnect: flag.default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.maxDuration !== undefined && c.expiryPeriod !== undefined && c.maxDuration !== c.expiryPeriod) {
      ctx.addIssue({ code: 'custom', path: ['expiryPeriod'], message: 'expiryPeriod is another name for maxDuration; give one, or the same value for both' });
    }
    const idle = c.maxDuration ?? c.expiryPeriod ?? 3_000_000;
    if (c.minDuration > idle) ctx.addIssue({ code: 'custom', path: ['minDuration'], message: `minDuration (${c.minDuration}) exceeds maxDuration (${idle})` });
  })
  .transform(({ expiryPeriod, maxDuration, ...rest }) => ({ ...rest, maxDuration: maxDuration ?? expiryPeriod ?? 3_000_000 }));

/** A validated HTTPSession config, all durations in ms. */
export type SessionConfig = z.output<typeof SessionConfigSchema>;

/**
 * Validate an HTTPSession config (as parsed from module.xml, or written in code), throwing
 * `ROC_ERR_ARGUMENT` that names the offending element.
 *
 * @example
 * parseSessionConfig({ maxSessions: '500', expiryPeriod: '300000' }); // → maxDuration 300000
 */
export function parseSessionConfig(input: unknown = {}): SessionConfig {
  const result = SessionConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const reason = result.error.issues.map((i) => `${i.path.length > 0 ? `<${i.path.join('.')}> ` : ''}${i.message}`).join('; ');
  throw new RocError('ROC_ERR_ARGUMENT', { identifier: 'HTTPSession config', reason });
}

/** 128 random bits, base64url: 21 characters of 6 bits and a last one carrying 2. */
const ID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/**
 * A new session id: 128 bits from the CSPRNG (above the 122 of spec §11 and the 128 OWASP
 * asks), base64url so it goes into a cookie or a URL unescaped.
 *
 * @example
 * newSessionId(); // 'q3Jx0b1M8mYtQk2cVZ5kzw'
 */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * True when `value` has exactly the shape {@link newSessionId} produces. Anything else —
 * truncated, padded, concatenated, re-encoded, or with foreign characters — is refused before
 * any store is asked, so junk from a cookie never reaches Redis keys or error messages.
 */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** What {@link SessionPolicy.open} hands the overlay. */
export interface OpenedSession {
  readonly session: SessionRecord;
  /** True when this request started the session: the overlay must set the cookie. */
  readonly created: boolean;
}

/**
 * Spec §11 on top of any {@link SessionStore}. One instance per HTTPSession overlay.
 *
 * @example
 * const policy = new SessionPolicy(parseSessionConfig({ maxSessions: 500 }));
 * const { session, created } = await policy.open(cookieValue, Date.now());
 * if (created) setCookie(policy.config.cookieName, session.id);
 */
export class SessionPolicy {
  readonly config: SessionConfig;
  readonly store: SessionStore;

  /** Without a store, sessions are kept in memory. A given store must enforce the config's maxDuration. */
  constructor(config: SessionConfig, store?: SessionStore) {
    this.config = config;
    this.store = store ?? new MemorySessionStore({ maxDuration: config.maxDuration });
    if (this.store.maxDuration !== config.maxDuration) {
      throw new RocError('ROC_ERR_ARGUMENT', {
        identifier: 'HTTPSession config',
        reason: `the session store expires after ${this.store.maxDuration} ms but maxDuration is ${config.maxDuration} ms`,
      });
    }
  }

  /**
   * The session for a request carrying `cookie` (the value of the session cookie; several when
   * the client sent the cookie more than once, most specific path first as browsers order
   * them), opened at `now` (its idle clock restarts).
   *
   * - a well-formed id of a live session: that session, `created: false`;
   * - no cookie: a new session;
   * - only malformed, expired or unknown ids: a new session when autoReconnect is on, else
   *   `ROC_ERR_SESSION_EXPIRED`. The id sent is never adopted: a new session gets a new id.
   *
   * A new session when maxSessions are live reclaims the idle-longest session if it has been
   * idle at least minDuration, else fails `ROC_ERR_TOO_MANY_SESSIONS` with details `max`,
   * `minDuration` and `retryAfter` (whole seconds until a session becomes reclaimable).
   * A store that is down fails `ROC_ERR_SESSION_STORE`.
   */
  async open(cookie: string | readonly string[] | undefined, now: number = Date.now()): Promise<OpenedSession> {
    const sent = cookie === undefined ? [] : typeof cookie === 'string' ? [cookie] : [...new Set(cookie)];
    for (const id of sent) {
      if (!isSessionId(id)) continue;
      const session = await this.store.touch(id, now);
      if (session !== undefined) return { session, created: false };
    }
    if (sent.length > 0 && !this.config.autoReconnect) {
      const known = sent.find(isSessionId);
      // Only a well-formed id is repeated in the message: the rest is attacker-chosen text.
      throw new RocError('ROC_ERR_SESSION_EXPIRED', { id: known ?? '(malformed)' });
    }
    return { session: await this.create(now), created: true };
  }

  /**
   * A new session at `now`, within the limits. The store makes the count-check-and-create
   * atomic, so concurrent first requests never exceed maxSessions.
   */
  async create(now: number = Date.now()): Promise<SessionRecord> {
    const { maxSessions, minDuration } = this.config;
    const made = await this.store.create(newSessionId(), now, { maxSessions, minDuration });
    if (made.ok) return made.session;
    const retryAfter = Math.max(1, Math.ceil((made.reclaimableAt - now) / 1000));
    throw new RocError('ROC_ERR_TOO_MANY_SESSIONS', { max: maxSessions, minDuration, retryAfter, live: made.live });
  }

  /**
   * Give session `id` a fresh id, keeping its values (call it on log-in, against fixation).
   * The old id stops working at once. Fails `ROC_ERR_SESSION_EXPIRED` when `id` is not live.
   */
  async regenerate(id: string, now: number = Date.now()): Promise<SessionRecord> {
    const moved = isSessionId(id) ? await this.store.regenerate(id, newSessionId(), now) : undefined;
    if (moved === undefined) throw new RocError('ROC_ERR_SESSION_EXPIRED', { id: isSessionId(id) ? id : '(malformed)' });
    return moved;
  }

  /** End session `id` (DELETE of `session:/`); true when it existed. */
  async end(id: string): Promise<boolean> {
    return isSessionId(id) ? this.store.destroy(id) : false;
  }

  /** Remove sessions idle past maxDuration; the overlay calls it on an unref'd timer. */
  async sweep(now: number = Date.now()): Promise<number> {
    return this.store.sweep(now);
  }

  /** Close the store. */
  async close(): Promise<void> {
    await this.store.close();
  }
}
