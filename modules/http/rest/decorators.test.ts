import { describe, expect, it } from 'vitest';
import { tsImport } from 'tsx/esm/api';
import { Kernel, StandardSpace, type RequestContext } from '../../../kernel/index.ts';
import { HttpBridge, TestClient } from '../bridge/index.ts';
import { applicationSpace, restApplication, restOverlayFor, type RestApplication } from './application.ts';
import { DECLINE } from './decline.ts';
import { fromDecorators } from './decorators.ts';
import type { PathParams } from './pattern.ts';
import { restStatusOf } from './routing.ts';

/** The decorated Shop, loaded through tsx (which lowers TC39 decorators). */
async function decoratedShop(): Promise<object> {
  const module = (await tsImport('./fixtures/decorated-shop.ts', import.meta.url)) as { Shop: new () => object };
  return new module.Shop();
}

/** The same application declared statically, as plain data, without decorators. */
function staticShop(): RestApplication {
  const items = new Map([['1', 'apple']]);
  return restApplication({
    name: 'Shop',
    endpoints: [
      { grammar: 'res:/shop/name', onSource: () => 'The Shop' },
      { grammar: { simple: 'res:/shop/item/{id}' }, onSource: (ctx: RequestContext) => items.get(ctx.thisRequest.argumentValue('id')!) ?? 'none' },
    ],
    routes: [
      { method: 'GET', path: '~/', handler: async (ctx) => `Welcome to ${await ctx.source('res:/shop/name')}` },
      { method: 'GET', path: '~/item/:id', handler: async (ctx, p) => `item ${p.id}: ${await ctx.source(`res:/shop/item/${p.id}`)}` },
      { method: 'GET', path: '~/items/:id', pipeline: 'legacy', handler: async (ctx, p) => `item ${p.id}: ${await ctx.source(`res:/shop/item/${p.id}`)}` },
      { method: 'GET', path: '~/item/:id', priority: 1, handler: (_ctx, p: PathParams) => (p.id === 'special' ? 'special offer' : DECLINE) },
      { method: ['POST', 'DELETE'], path: '~/item/:id', handler: async (ctx, p) => `${String(await ctx.source('httpRequest:/method'))} item ${p.id}` },
      { method: 'GET', path: '~/files/*', produces: 'text/plain', handler: (_ctx, p) => `file ${p['*']}` },
    ],
    exceptionHandler: (_ctx, error) => `shop error ${restStatusOf(error).status}`,
  });
}

function clientFor(app: RestApplication): TestClient {
  const bridgeSpace = new StandardSpace('urn:test:shop-bridge', [restOverlayFor(app, { auto404: true })]);
  return new TestClient(new Kernel(), new StandardSpace('urn:test:shop-fulcrum', [new HttpBridge({ space: bridgeSpace })]));
}

const EXPECTED: [method: string, path: string, status: number, body: string][] = [
  ['GET', '/', 200, 'Welcome to The Shop'],
  ['GET', '/item/1', 200, 'item 1: apple'],
  ['GET', '/items/1', 200, 'item 1: apple'],
  ['GET', '/item/special', 200, 'special offer'],
  ['POST', '/item/2', 200, 'POST item 2'],
  ['DELETE', '/item/2', 200, 'DELETE item 2'],
  ['GET', '/files/a/b.txt', 200, 'file a/b.txt'],
  ['PUT', '/item/2', 405, 'shop error 405'],
  ['GET', '/nothing', 404, 'shop error 404'],
];

describe('REST applications without XML', () => {
  it('collects decorated methods (@get, @post, @del, @route, @source, @grammar, @exceptions) into one space', async () => {
    const app = fromDecorators(await decoratedShop());
    expect(app.exceptionHandler).toBe('active:rest.Shop.oops.exceptions');
    expect(app.endpoints.map((e) => e.id)).toEqual(['Shop.name', 'Shop.item', 'Shop.home', 'Shop.show', 'Shop.special', 'Shop.change', 'Shop.file', 'Shop.oops.exceptions']);
    const space = applicationSpace(app);
    const kernel = new Kernel();
    expect(await kernel.source('res:/shop/item/1', { scope: space })).toBe('apple');
  });

  it('serves the decorated application and its static twin identically', async () => {
    for (const [name, app] of [['decorators', fromDecorators(await decoratedShop())], ['static', staticShop()]] as const) {
      const client = clientFor(app);
      for (const [method, path, status, body] of EXPECTED) {
        const response = await client.request(method, path);
        expect([response.status, response.text()], `${name}: ${method} ${path}`).toEqual([status, body]);
      }
      expect((await client.get('/item/1')).header('allow')).toBeUndefined();
      expect((await client.request('PUT', '/item/1')).header('allow')).toBe('GET, HEAD, POST, DELETE, OPTIONS');
    }
  });

  it('refuses a bad pattern at declaration, and two exception handlers', async () => {
    expect(() => restApplication({ routes: [{ method: 'GET', path: '~/a/*/b', handler: () => 'x' }] })).toThrow(/"~\/a\/\*\/b".*last segment/);
    const shop = await decoratedShop();
    expect(() => fromDecorators(shop, shop)).toThrow(/only one @exceptions\(\) handler/);
  });
});
