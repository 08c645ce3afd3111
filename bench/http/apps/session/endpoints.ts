import type { RequestContext } from '../../../../kernel/index.ts';

/**
 * `res:/session`: the same work as the peers' handlers (bench/http/server.ts): read the view
 * count and the user from the session, write the count back incremented (the user on the
 * first visit), and answer with both as JSON.
 */
export class Counter {
  async onSource(ctx: RequestContext) {
    const seen = await ctx.exists('session:/views');
    const views = seen ? Number(await ctx.source('session:/views')) + 1 : 1;
    await ctx.sink('session:/views', views);
    let user = seen ? await ctx.source('session:/user') : undefined;
    if (user === undefined) {
      user = { id: views, name: 'bench user', roles: ['reader'] };
      await ctx.sink('session:/user', user);
    }
    return ctx.createResponseFrom(JSON.stringify({ views, user })).setMimeType('application/json').setExpiry('ALWAYS');
  }
}
