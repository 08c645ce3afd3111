import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../kernel/index.ts';
import { HttpAccessor } from './http-accessor.ts';
import { bridged } from './test-support.ts';

class Items extends HttpAccessor {
  override grammar = 'res:/items';
  override onGet() {
    return ['a', 'b'];
  }
  override async onPost(ctx: RequestContext) {
    await ctx.sink('httpResponse:/code', 201);
    return `created ${await ctx.source('httpRequest:/param/name')}`;
  }
}

describe('HttpAccessor', () => {
  it('dispatches by httpRequest:/method; HEAD falls back to onGet', async () => {
    const { app, client } = bridged();
    app.mount(new Items());
    expect((await client.get('/items')).json()).toEqual(['a', 'b']);
    const post = await client.post('/items', { form: { name: 'c' } });
    expect([post.status, post.text()]).toEqual([201, 'created c']);
    const head = await client.head('/items');
    expect([head.status, head.body.length, head.header('content-length')]).toEqual([200, 0, '9']);
  });

  it('answers unimplemented methods with 405 and Allow listing what it implements', async () => {
    const { app, client } = bridged();
    app.mount(new Items());
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await client.request(method, '/items');
      expect(r.status, method).toBe(405);
      expect(r.header('allow'), method).toBe('GET, HEAD, POST');
    }
  });

  it('dispatches the same way when the bridge maps methods to verbs', async () => {
    const { app, client } = bridged({ methodVerbs: true });
    class Doc extends HttpAccessor {
      override grammar = 'res:/doc';
      override onPut() {
        return 'stored';
      }
      override onDelete() {
        return 'deleted';
      }
    }
    app.mount(new Doc());
    expect((await client.put('/doc', { body: 'x' })).text()).toBe('stored');
    expect((await client.delete('/doc')).text()).toBe('deleted');
    expect((await client.get('/doc')).status).toBe(405);
  });
});
