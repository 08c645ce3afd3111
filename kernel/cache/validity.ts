import { RocError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Response } from '../response.ts';

/**
 * Work out, once at completion, how long a response stays valid given its own expiry and its
 * dependencies' (spec §6), so that a cache hit only compares numbers: the earliest clock
 * expiry in the dependency tree, whether anything in it is ALWAYS expired, and the few
 * FUNCTION expiries that must be asked each time.
 */
export function settleValidity(response: Response): void {
  const expiry = response.expiry;
  switch (expiry.kind) {
    case 'ALWAYS':
      response.alwaysExpired = true;
      return;
    case 'NEVER':
      return;
    case 'CONSTANT':
      response.expiresAt = expiry.at;
      return;
    case 'FUNCTION':
      response.volatile = [response];
      return;
    case 'DEPENDENT':
    case 'MIN_CONSTANT_DEPENDENT': {
      let expiresAt = expiry.kind === 'MIN_CONSTANT_DEPENDENT' ? expiry.at : Infinity;
      let volatile: Response[] | undefined;
      for (const dep of response.dependencies) {
        if (dep.alwaysExpired) response.alwaysExpired = true;
        if (dep.invalidated) response.invalidated = true;
        if (dep.expiresAt < expiresAt) expiresAt = dep.expiresAt;
        if (dep.volatile) (volatile ??= []).push(...dep.volatile);
      }
      response.expiresAt = expiresAt;
      response.volatile = volatile;
    }
  }
}

/** Whether the response may still be used at `now`. An expiry function that throws counts as expired (and is logged). */
export function isExpired(response: Response, now: number, logger: Logger, identifier: string): boolean {
  if (response.invalidated || response.alwaysExpired || now >= response.expiresAt) return true;
  const volatile = response.volatile;
  if (volatile === undefined) return false;
  for (const r of volatile) {
    if (r.invalidated) return true;
    const expiry = r.expiry;
    if (expiry.kind !== 'FUNCTION') continue;
    try {
      if (expiry.fn(now)) return true;
    } catch (error) {
      logger.warn(new RocError('ROC_ERR_EXPIRY', { identifier, reason: error instanceof Error ? error.message : String(error) }).message);
      return true;
    }
  }
  return false;
}

/** Whether invalidating a dependency invalidates this response (only DEPENDENT kinds follow their dependencies). */
export function followsDependencies(response: Response): boolean {
  const kind = response.expiry.kind;
  return kind === 'DEPENDENT' || kind === 'MIN_CONSTANT_DEPENDENT';
}
