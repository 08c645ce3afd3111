import type { RequestContext } from '../context.ts';
import type { EndpointDefinition } from '../endpoint.ts';
import { Request } from '../request.ts';
import { Response } from '../response.ts';
import { goldenThreadKey } from './golden-threads.ts';

const ids = { name: 'id', min: 0, max: 'unbounded' as const };

/**
 * The golden-thread accessors (spec §6), in the kernel's built-in space:
 * - `active:attachGoldenThread+id@X` (0..n ids): the caller's response now depends on thread X.
 * - `active:cutGoldenThread+id@X` (0..n ids): invalidates everything that depends on X.
 * - `active:addGoldenThreadCutListener+id@REGEX+request@ID`: issue a request when a matching thread is cut.
 * - `active:removeGoldenThreadCutListener+id@REGEX[+request@ID]`.
 *
 * @example
 * await ctx.source('active:attachGoldenThread+id@users');   // in a reader
 * await ctx.source('active:cutGoldenThread+id@users');      // in a writer
 */
export function goldenThreadEndpoints(): EndpointDefinition[] {
  return [
    {
      id: 'urn:roc:kernel:attachGoldenThread',
      grammar: { active: { identifier: 'active:attachGoldenThread', arguments: [ids] } },
      onSource: async (ctx) => {
        // A DEPENDENT response with no dependencies: valid until one of its threads is cut.
        const response = new Response(undefined);
        response.threads = (await argumentStrings(ctx, 'id')).map(goldenThreadKey);
        return response;
      },
    },
    {
      id: 'urn:roc:kernel:cutGoldenThread',
      grammar: { active: { identifier: 'active:cutGoldenThread', arguments: [ids] } },
      onSource: async (ctx) => {
        for (const id of await argumentStrings(ctx, 'id')) ctx.kernel.cache.cut(goldenThreadKey(id));
        return undefined;
      },
    },
    {
      id: 'urn:roc:kernel:addGoldenThreadCutListener',
      grammar: { active: { identifier: 'active:addGoldenThreadCutListener', arguments: [{ name: 'id' }, { name: 'request' }] } },
      onSource: async (ctx) => {
        const [pattern] = await argumentStrings(ctx, 'id');
        ctx.kernel.cutListeners.add(pattern!, await listenerRequest(ctx), ctx.scope);
        return undefined;
      },
    },
    {
      id: 'urn:roc:kernel:removeGoldenThreadCutListener',
      grammar: { active: { identifier: 'active:removeGoldenThreadCutListener', arguments: [{ name: 'id' }, { name: 'request', min: 0, max: 1 }] } },
      onSource: async (ctx) => {
        const [pattern] = await argumentStrings(ctx, 'id');
        const request = ctx.thisRequest.argumentValue('request');
        ctx.kernel.cutListeners.remove(pattern!, request);
        return undefined;
      },
    },
  ];
}

/** Argument values as strings: literal text in the identifier, or the value behind a by-value/data: argument. */
async function argumentStrings(ctx: RequestContext, name: string): Promise<string[]> {
  const out: string[] = [];
  for (const raw of ctx.thisRequest.argumentValues(name)) {
    out.push(raw.startsWith('pbv:') || raw.startsWith('data:') ? String(await ctx.source(raw)) : raw);
  }
  return out;
}

/** The listener's request: a Request passed by value, or an identifier to SOURCE. */
async function listenerRequest(ctx: RequestContext): Promise<Request | string> {
  const raw = ctx.thisRequest.argumentValue('request')!;
  if (!raw.startsWith('pbv:')) return raw;
  const value = await ctx.source(raw);
  return value instanceof Request ? value : String(value);
}
