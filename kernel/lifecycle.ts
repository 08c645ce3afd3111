import type { MountedEndpoint } from './endpoint.ts';
import type { Kernel } from './kernel.ts';
import { Scope } from './scope.ts';
import type { Space } from './space.ts';
import { StandardSpace } from './standard-space.ts';

/** Every mounted endpoint reachable from `space` through nested spaces (not through imports), with its space. */
export function* endpointsOf(space: Space, seen = new Set<Space>()): Generator<[MountedEndpoint, StandardSpace]> {
  if (seen.has(space) || !(space instanceof StandardSpace)) return;
  seen.add(space);
  for (const endpoint of space.endpoints) {
    yield [endpoint, space];
    for (const inner of endpoint.definition.innerSpaces ?? []) yield* endpointsOf(inner, seen);
  }
}

/**
 * Commission every endpoint of `space` (and of the spaces nested in it) in declaration order:
 * call its `commission(kernel, scope)` hook, awaiting each. If one fails, those already
 * commissioned are decommissioned again and the error is thrown, so nothing is left half up.
 */
export async function commissionSpace(kernel: Kernel, space: Space): Promise<void> {
  const done: MountedEndpoint[] = [];
  try {
    for (const [endpoint, holder] of endpointsOf(space)) {
      const hook = endpoint.definition.commission;
      if (hook === undefined) continue;
      await hook.call(endpoint.definition, kernel, kernel.scopeFor(holder));
      done.push(endpoint);
    }
  } catch (error) {
    await decommissionEndpoints(done.reverse(), kernel);
    throw error;
  }
}

/** Decommission every endpoint of `space`, last first; failures are logged, and the rest still run. */
export async function decommissionSpace(kernel: Kernel, space: Space): Promise<void> {
  await decommissionEndpoints([...endpointsOf(space)].map(([e]) => e).reverse(), kernel);
}

async function decommissionEndpoints(endpoints: MountedEndpoint[], kernel: Kernel): Promise<void> {
  for (const endpoint of endpoints) {
    const hook = endpoint.definition.decommission;
    if (hook === undefined) continue;
    try {
      await hook.call(endpoint.definition);
    } catch (error) {
      kernel.logger.error(`decommissioning ${endpoint.id} failed`, error);
    }
  }
}

