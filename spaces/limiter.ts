import { RocError, type EndpointDefinition, type GrammarSpec } from '../kernel/index.ts';

/**
 * NetKernel's Limiter: absorbs the identifiers its grammar matches, so that they never
 * resolve in spaces further out (spec §9). Put it last in a space: whatever matched nothing
 * before it ends here as a resolution failure naming the limiter.
 *
 * @example space.mount(limiter({ standard: ['res:/etc/system', { regexType: 'anything' }] }));
 */
export function limiter(grammar: GrammarSpec, id = 'Limiter'): EndpointDefinition {
  const absorb = (ctx: { request: { verb: string; identifier: string } }) => {
    throw new RocError('ROC_ERR_RESOLUTION', { verb: ctx.request.verb, identifier: ctx.request.identifier, spaces: `absorbed by limiter ${id}` });
  };
  return { id, grammar, verbs: ['SOURCE', 'SINK', 'EXISTS', 'DELETE', 'NEW'], onRequest: absorb };
}

