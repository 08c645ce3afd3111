import type { RequestContext } from '../context.ts';
import type { Response } from '../response.ts';

interface Flight {
  readonly promise: Promise<Response>;
  readonly ctx: RequestContext;
}

/**
 * Requests being computed right now, so that an identical one waits for the same computation
 * instead of starting its own (coalescing). It also keeps the graph of which request chains
 * (by their root context) wait for which, so that joining never closes a cycle: two chains
 * waiting for each other would hang, where computing independently ends in
 * ROC_ERR_RECURSION.
 */
export class InFlight {
  private readonly flights = new Map<string, Flight>();
  private readonly waits = new Map<RequestContext, Map<RequestContext, number>>();

  /** Record the computation of `key` by `ctx` until `promise` settles. */
  start(key: string, promise: Promise<Response>, ctx: RequestContext): void {
    this.flights.set(key, { promise, ctx });
    const done = () => {
      if (this.flights.get(key)?.ctx === ctx) this.flights.delete(key);
    };
    promise.then(done, done);
  }

  /** The computation of `key` that `parent`'s chain may wait for, if any. */
  joinable(key: string, parent: RequestContext | undefined): Flight | undefined {
    const flight = this.flights.get(key);
    return flight !== undefined && this.mayJoin(flight.ctx, parent) ? flight : undefined;
  }

  /** Wait for `flight` on behalf of `parent`'s chain; the wait is recorded until it settles. */
  wait(flight: Flight, parent: RequestContext | undefined): Promise<Response> {
    const waiting = parent?.root;
    const target = flight.ctx.root;
    if (waiting === undefined) return flight.promise;
    const edges = this.waits.get(waiting) ?? new Map<RequestContext, number>();
    edges.set(target, (edges.get(target) ?? 0) + 1);
    this.waits.set(waiting, edges);
    const done = () => {
      const n = (edges.get(target) ?? 1) - 1;
      if (n > 0) edges.set(target, n);
      else edges.delete(target);
      if (edges.size === 0 && this.waits.get(waiting) === edges) this.waits.delete(waiting);
    };
    return flight.promise.then(
      (response) => (done(), response),
      (error: unknown) => {
        done();
        throw error;
      },
    );
  }

  /**
   * Whether `parent`'s chain may wait for `flight`: not if it is an ancestor (that is
   * recursion), and not if the chain computing it already waits, directly or through other
   * chains, for this one.
   */
  private mayJoin(flight: RequestContext, parent: RequestContext | undefined): boolean {
    if (parent === undefined) return true; // a new root request: nothing can be waiting for it yet
    for (let c: RequestContext | undefined = parent; c; c = c.parent) if (c === flight) return false;
    const from = flight.root;
    const to = parent.root;
    if (from === to) return false;
    const seen = new Set<RequestContext>();
    const stack = [from];
    while (stack.length > 0) {
      const chain = stack.pop()!;
      if (chain === to) return false;
      if (seen.has(chain)) continue;
      seen.add(chain);
      for (const next of this.waits.get(chain)?.keys() ?? []) stack.push(next);
    }
    return true;
  }
}
