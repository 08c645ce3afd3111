import type { RequestContext } from '../../../kernel/index.ts';

/** The items, in memory (a database in a real application). */
const items = new Map<string, { id: string; name: string; done: boolean }>();
let next = 1;

/** `res:/data/items`: SOURCE lists (and hangs on the "items" golden thread); NEW adds one. */
export class Collection {
  async onSource(ctx: RequestContext) {
    await ctx.source('active:attachGoldenThread+id@items');
    return [...items.values()];
  }

  async onNew(ctx: RequestContext) {
    const body = (await ctx.sourcePrimary()) as { name?: unknown };
    const item = { id: String(next++), name: String(body.name ?? ''), done: false };
    items.set(item.id, item);
    await ctx.source('active:cutGoldenThread+id@items');
    return item;
  }
}

/** `res:/data/item/{id}`: one item. SINK and DELETE invalidate cached reads of it by themselves; they cut the list's thread too. */
export class Item {
  onSource(ctx: RequestContext) {
    return items.get(ctx.thisRequest.argumentValue('id')!);
  }

  onExists(ctx: RequestContext) {
    return items.has(ctx.thisRequest.argumentValue('id')!);
  }

  async onSink(ctx: RequestContext) {
    const id = ctx.thisRequest.argumentValue('id')!;
    const body = (await ctx.sourcePrimary()) as { name?: unknown; done?: unknown };
    const before = items.get(id)!;
    items.set(id, { id, name: body.name === undefined ? before.name : String(body.name), done: body.done === undefined ? before.done : Boolean(body.done) });
    await ctx.source('active:cutGoldenThread+id@items');
  }

  async onDelete(ctx: RequestContext) {
    const deleted = items.delete(ctx.thisRequest.argumentValue('id')!);
    await ctx.source('active:cutGoldenThread+id@items');
    return deleted;
  }
}

/** For tests: start from an empty collection. */
export function resetItems(): void {
  items.clear();
  next = 1;
}
