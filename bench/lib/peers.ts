/**
 * Peer libraries, loaded from bench/node_modules (bench/package.json pins them).
 *
 * They are imported dynamically and described by the small interfaces below rather than their
 * own typings: the root `npm test` type-checks bench/ on a fresh clone, before anyone has run
 * `npm --prefix bench install`, and must not fail for want of a library the kernel never uses.
 */

/** The part of find-my-way's router the benchmarks use. */
export interface FindMyWayRouter {
  on(method: string, path: string, handler: FindMyWayHandler, store?: unknown): void;
  find(method: string, path: string): { handler: FindMyWayHandler; params: Record<string, string | undefined>; store: unknown } | null;
}
export type FindMyWayHandler = (req: unknown, res: unknown, params: Record<string, string | undefined>, store: unknown) => unknown;

export async function loadFindMyWay(): Promise<(options?: Record<string, unknown>) => FindMyWayRouter> {
  const module = (await loadPeer('find-my-way')) as { default: (options?: Record<string, unknown>) => FindMyWayRouter };
  return module.default;
}

/** The installed version of a peer, for the results table. */
export async function peerVersion(name: string): Promise<string> {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  return (require(`${name}/package.json`) as { version: string }).version;
}

async function loadPeer(name: string): Promise<unknown> {
  try {
    return await import(name);
  } catch (error) {
    throw new Error(`peer library "${name}" is not installed: run \`npm --prefix bench install\` (or \`npm run bench\`, which does)`, { cause: error });
  }
}
