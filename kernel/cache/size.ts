/**
 * A rough size in bytes of a representation, for the cache's byte bound. It walks at most a
 * few thousand nodes: a bound needs an order of magnitude, not an exact figure.
 */
export function estimateBytes(value: unknown, budget = { nodes: 5000 }): number {
  if (budget.nodes-- <= 0) return 0;
  if (value === null || value === undefined) return 8;
  switch (typeof value) {
    case 'string':
      return 16 + value.length * 2;
    case 'number':
    case 'boolean':
      return 8;
    case 'object': {
      if (value instanceof Uint8Array) return 64 + value.byteLength;
      let total = 32;
      if (Array.isArray(value)) for (const item of value) total += 8 + estimateBytes(item, budget);
      else for (const [k, v] of Object.entries(value)) total += 16 + k.length * 2 + estimateBytes(v, budget);
      return total;
    }
    default:
      return 32;
  }
}

/** Freeze plain objects and arrays all the way down (typed arrays cannot be frozen and are left as they are). */
export function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  const proto: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}
