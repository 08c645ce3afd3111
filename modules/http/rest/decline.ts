/**
 * Declining (Woomera's `NoResponseFromHandler`): an endpoint routed to by a RESTOverlay that
 * decides the request is not for it lets the next matching rule run. When every matching
 * rule declines, the answer is 404.
 */

/**
 * Return this from an endpoint (or a decorated handler) to decline. It is a plain
 * representation, so a cached "decline" is as cheap as any cached answer.
 *
 * @example
 * onSource: async (ctx) => ((await ctx.source('arg:id')) === 'me' ? DECLINE : page(ctx))
 */
export const DECLINE: unique symbol = Symbol.for('roc-kernel.rest.decline');

/**
 * Throw this to decline from deep inside an endpoint; it works through the kernel's error
 * wrapping (the overlay looks for it along the `cause` chain).
 *
 * @example throw new RouteDeclined('not a numeric id');
 */
export class RouteDeclined extends Error {
  override readonly name = 'RouteDeclined';
  /** Marks the error across module instances (tests load code twice). */
  readonly restDecline = true;
  constructor(reason = 'declined') {
    super(reason);
  }
}

/** True when `value` is {@link DECLINE} or an error whose cause chain holds a {@link RouteDeclined}. */
export function isDecline(value: unknown): boolean {
  if (value === DECLINE) return true;
  for (let e: unknown = value, depth = 0; e instanceof Error && depth < 32; e = e.cause, depth++) {
    if ((e as { restDecline?: unknown }).restDecline === true) return true;
  }
  return false;
}
