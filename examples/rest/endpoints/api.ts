import type { RequestContext } from '../../../kernel/index.ts';

/** A JSON body from the request, or a 400 with a reason. */
async function body(ctx: RequestContext): Promise<Record<string, unknown> | undefined> {
  let value: unknown;
  try {
    value = await ctx.source('httpRequest:/body', 'json');
  } catch {
    value = undefined; // not JSON: the caller answers 400
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  await ctx.sink('httpResponse:/code', 400);
  return undefined;
}

function json(ctx: RequestContext, value: unknown) {
  return ctx.createResponseFrom(JSON.stringify(value)).setMimeType('application/json');
}

/** GET /api/items: cached until the "items" thread is cut by a write. */
export class ListItems {
  async onSource(ctx: RequestContext) {
    return json(ctx, await ctx.source('res:/data/items'));
  }
}

/** POST /api/items {name}: NEW in the collection; 201 with the new item and its Location. */
export class CreateItem {
  async onSource(ctx: RequestContext) {
    const input = await body(ctx);
    if (input === undefined || typeof input.name !== 'string' || input.name === '') {
      await ctx.sink('httpResponse:/code', 400);
      return json(ctx, { error: 'a JSON body with a non-empty "name" is needed' }).setExpiry('ALWAYS');
    }
    const item = (await ctx.new('res:/data/items', { name: input.name })) as { id: string };
    await ctx.sink('httpResponse:/code', 201);
    await ctx.sink('httpResponse:/header/Location', `/api/items/${item.id}`);
    return json(ctx, item).setExpiry('ALWAYS');
  }
}

/** GET /api/items/:id: cached until the item is written or deleted. */
export class ReadItem {
  async onSource(ctx: RequestContext) {
    const id = await ctx.source('arg:id', 'string');
    const item = await ctx.source(`res:/data/item/${encodeURIComponent(id)}`);
    if (item === undefined) {
      await ctx.sink('httpResponse:/code', 404);
      return json(ctx, { error: `no item ${id}` }).setExpiry('ALWAYS');
    }
    return json(ctx, item);
  }
}

/** PUT /api/items/:id {name?, done?}: SINK of the item. */
export class UpdateItem {
  async onSource(ctx: RequestContext) {
    const id = await ctx.source('arg:id', 'string');
    const target = `res:/data/item/${encodeURIComponent(id)}`;
    if (!(await ctx.exists(target))) {
      await ctx.sink('httpResponse:/code', 404);
      return json(ctx, { error: `no item ${id}` }).setExpiry('ALWAYS');
    }
    const input = await body(ctx);
    if (input === undefined) return json(ctx, { error: 'a JSON object body is needed' }).setExpiry('ALWAYS');
    await ctx.sink(target, input);
    return json(ctx, await ctx.source(target)).setExpiry('ALWAYS');
  }
}

/** DELETE /api/items/:id: 204, or 404. */
export class DeleteItem {
  async onSource(ctx: RequestContext) {
    const id = await ctx.source('arg:id', 'string');
    const deleted = await ctx.delete(`res:/data/item/${encodeURIComponent(id)}`);
    await ctx.sink('httpResponse:/code', deleted ? 204 : 404);
    return ctx.createResponseFrom(undefined).setExpiry('ALWAYS');
  }
}
