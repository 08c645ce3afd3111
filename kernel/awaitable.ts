/**
 * A value, or a Promise of it. Kernel calls return plain values when everything below them
 * was synchronous (or cached), so a synchronous endpoint never pays for a Promise.
 * Always `await` an Awaitable; never call `.then` on it.
 */
export type Awaitable<T> = T | Promise<T>;

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** Apply `next` to a value now, or when its Promise settles. */
export function andThen<T, U>(value: Awaitable<T>, next: (v: T) => U | Promise<U>): Awaitable<U> {
  return isPromiseLike(value) ? Promise.resolve(value).then(next) : next(value as T);
}
