/**
 * HTTP validators from ROC caching. The representation cache hands out the same Response
 * object for as long as an entry is valid, and a new one once it was invalidated or expired.
 * So an ETag is tied to the identity of the Response object: a response served from the cache
 * carries the ETag it got when it was computed, and a recomputed one gets a new ETag.
 *
 * `If-None-Match` therefore costs a cache lookup, never an evaluation: the bridge issues the
 * request as usual; a valid cached entry comes back without running any endpoint, and if its
 * ETag is one the client holds, the answer is 304. A miss computes the resource, which then has
 * a new ETag, so a stale validator can never be confirmed.
 */
import { randomBytes } from 'node:crypto';
import type { Response, Space } from '../../../kernel/index.ts';

/**
 * ETags for Response objects, unique to this process (a random boot prefix, then a counter),
 * so that a validator from a previous run never matches by accident.
 *
 * @example const tag = etags.tagFor(response); // '"k3x9…-1"'
 */
export class EtagRegistry {
  private readonly boot = randomBytes(6).toString('base64url');
  private readonly tags = new WeakMap<Response, string>();
  private next = 0;

  tagFor(response: Response): string {
    let tag = this.tags.get(response);
    if (tag === undefined) this.tags.set(response, (tag = `"${this.boot}-${(++this.next).toString(36)}"`));
    return tag;
  }
}

/**
 * True when `response` could be served from the representation cache to a later request:
 * not expired for good, not `setNoCache`, not invalidated, not a stream (consumed once), and
 * not computed from this request's injected spaces (`perRequest`), which no later request has.
 */
export function reusable(response: Response, perRequest: readonly Space[], cacheOn: boolean): boolean {
  if (!cacheOn || response.alwaysExpired || response.noCache || response.invalidated) return false;
  if (typeof (response.representation as { pipe?: unknown } | undefined)?.pipe === 'function') return false;
  return !(response.usedSpaces?.some((space) => perRequest.includes(space)) ?? false);
}

/**
 * Whether an `If-None-Match` header holds `tag` (weak comparison, as RFC 9110 §13.1.2 asks
 * for GET and HEAD); `*` matches any current representation.
 *
 * @example ifNoneMatch('W/"a", "b"', '"b"'); // true
 */
export function ifNoneMatch(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = tag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}
