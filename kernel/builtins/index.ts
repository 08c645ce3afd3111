import type { EndpointDefinition } from '../endpoint.ts';
import { dataSchemeEndpoint } from './data-scheme.ts';
import { standardTransreptors, xmlTransreptors } from './transreptors.ts';
import { goldenThreadEndpoints } from '../cache/golden-thread-endpoints.ts';

/** The endpoints of the kernel's built-in space, in resolution order. */
export function builtinEndpoints(): EndpointDefinition[] {
  return [dataSchemeEndpoint, ...standardTransreptors(), ...xmlTransreptors(), ...goldenThreadEndpoints()];
}
