import type { EndpointDefinition } from '../endpoint.ts';
import { dataSchemeEndpoint } from './data-scheme.ts';
import { standardTransreptors } from './transreptors.ts';

/** The endpoints of the kernel's built-in space, in resolution order. */
export function builtinEndpoints(): EndpointDefinition[] {
  return [dataSchemeEndpoint, ...standardTransreptors()];
}
