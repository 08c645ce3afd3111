import { describe, expect, it } from 'vitest';
import { Kernel, Request, StandardSpace, type RequestContext } from '../kernel/index.ts';
import { Import } from '../spaces/import.ts';
import { literal } from '../spaces/literal.ts';
import { Mapper } from '../spaces/mapper.ts';
import { TransparentOverlay } from '../spaces/overlay.ts';
import { PluggableOverlay } from '../spaces/pluggable-overlay.ts';

/**
 * A NetKernel-shaped application, three levels deep, built in code:
 *
 *   fulcrum ── transparent overlay (a bridge: http://… → res:/…)
 *                └─ bridge space ── import ─▶ app rootspace
 *                                              ├─ pluggable-overlay (pre/post)
 *                                              │    └─ mapper: res:/owners/{id} → active:owner+id@…
 *                                              │         └─ impl space: active:owner, import ─▶ lib rootspace (active:toUpper)
 *                                              └─ literal res:/title
 */
function petclinic() {
  const kernel = new Kernel();
  const calls: string[] = [];

  const lib = new StandardSpace('urn:example:lib');
  lib.mount({
    grammar: { active: { identifier: 'active:toUpper', arguments: [{ name: 'operand' }] } },
    onSource: async (ctx: RequestContext) => String(await ctx.source('arg:operand', 'string')).toUpperCase(),
  });

  const impl = new StandardSpace('urn:example:app:impl');
  impl.mount(literal('res:/owners.json', { 7: 'george franklin', 8: 'betty davis' }));
  impl.mount({
    id: 'owner',
    grammar: { active: { identifier: 'active:owner', arguments: [{ name: 'id' }] } },
    onSource: async (ctx: RequestContext) => {
      // The argument is an identifier (here a data: URI); sourcing arg:id gives its value.
      const id = await ctx.source('arg:id', 'string');
      calls.push(`owner ${id}`);
      const owners = (await ctx.source('res:/owners.json')) as Record<string, string>;
      const name = owners[id];
      if (name === undefined) return ctx.createResponseFrom('unknown owner').setExpiry('ALWAYS');
      // A sub-request into an imported library, with the name passed by value.
      const upper = await ctx.issueRequest(ctx.createRequest('active:toUpper').addArgumentByValue('operand', name));
      return { id, name: upper, title: await ctx.source('res:/title') };
    },
  });
  impl.mount(new Import(lib, { private: true }));

  const mapped = new StandardSpace('urn:example:app:mapped');
  mapped.mount(
    new Mapper({
      space: impl,
      config: [{ grammar: { simple: 'res:/owners/{id:[0-9]+}' }, request: { identifier: 'active:owner', arguments: [{ name: 'id', identifier: 'data:text/plain,[[arg:id]]' }] } }],
    }),
  );

  const app = new StandardSpace('urn:example:app');
  app.mount(literal('res:/title', 'Petclinic'));
  app.mount({ grammar: { active: { identifier: 'active:audit', arguments: [{ name: 'request' }] } }, onSource: async (ctx) => (calls.push(`audit ${((await ctx.source('arg:request')) as Request).identifier}`), ctx.source('arg:request')) });
  app.mount(new PluggableOverlay({ space: mapped, preProcess: { identifier: 'active:audit', arguments: [{ name: 'request', identifier: 'arg:request' }] } }));

  const bridgeSpace = new StandardSpace('urn:example:fulcrum:bridge');
  bridgeSpace.mount(new Import(app));
  const fulcrum = new StandardSpace('urn:example:fulcrum');
  fulcrum.mount(
    new TransparentOverlay({
      space: bridgeSpace,
      accepts: (id) => id.startsWith('http://'),
      onRequest: (request) => request.clone(request.identifier.replace(/^http:\/\/[^/]*\//, 'res:/')),
    }),
  );
  return { kernel, fulcrum, app, calls };
}

describe('a NetKernel-style application three levels deep', () => {
  it('resolves an HTTP-like request through overlay, import, pluggable-overlay, mapper and a library import, with sub-requests', async () => {
    const { kernel, fulcrum, calls } = petclinic();
    const owner = await kernel.source('http://localhost:8080/owners/7', { scope: fulcrum });
    expect(owner).toEqual({ id: '7', name: 'GEORGE FRANKLIN', title: 'Petclinic' });
    expect(calls).toEqual(['audit res:/owners/7', 'owner 7']);
  });

  it('caches through all levels and keeps the implementation and library private', async () => {
    const { kernel, fulcrum, app, calls } = petclinic();
    await kernel.source('http://localhost:8080/owners/8', { scope: fulcrum });
    await kernel.source('http://localhost:8080/owners/8', { scope: fulcrum });
    expect(calls.filter((c) => c.startsWith('owner'))).toEqual(['owner 8']); // evaluated once
    await expect(kernel.source('active:owner+id@data:text/plain,7', { scope: app })).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
    await expect(kernel.source('active:toUpper+operand@data:,x', { scope: app })).rejects.toMatchObject({ code: 'ROC_ERR_RESOLUTION' });
    await expect(kernel.source('http://localhost:8080/owners/x', { scope: fulcrum })).rejects.toMatchObject({ cause: { code: 'ROC_ERR_RESOLUTION' } });
  });
});
