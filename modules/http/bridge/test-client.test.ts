import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../kernel/index.ts';
import { bridged } from './test-support.ts';

describe('TestClient (in-process HTTP)', () => {
  it('carries cookies between calls like a browser, honours deletion and path scope', async () => {
    const { app, client } = bridged();
    app.mount('res:/login', async (ctx: RequestContext) => {
      await ctx.sink('httpResponse:/cookie', { name: 'sid', value: 's-1' });
      await ctx.sink('httpResponse:/cookie', { name: 'admin', value: 'yes', path: '/admin' });
      return 'in';
    });
    app.mount('res:/logout', async (ctx: RequestContext) => void (await ctx.sink('httpResponse:/cookie', { name: 'sid', value: '', maxAge: 0 })));
    app.mount({ grammar: { simple: 'res:/{where}' }, onSource: async (ctx) => JSON.stringify(await ctx.source('httpRequest:/cookies')) });
    expect((await client.get('/login')).cookies).toEqual({ sid: 's-1', admin: 'yes' });
    expect((await client.get('/me')).json()).toEqual({ sid: 's-1' });
    expect((await client.get('/admin')).json()).toEqual({ sid: 's-1', admin: 'yes' });
    await client.get('/logout');
    expect((await client.get('/me')).json()).toEqual({});
    expect((await client.get('/me', { headers: { cookie: 'own=1' } })).json()).toEqual({ own: '1' });
  });

  it('sends methods, headers, JSON and form bodies, and answers like the transport when no bridge takes the request', async () => {
    const { app, client, kernel } = bridged();
    app.mount('res:/echo', async (ctx) => ({
      method: await ctx.source('httpRequest:/method'),
      type: await ctx.source('httpRequest:/header/content-type'),
      body: await ctx.source('httpRequest:/body', 'string'),
    }));
    expect((await client.request('PATCH', '/echo', { json: { a: 1 } })).json()).toEqual({ method: 'PATCH', type: 'application/json', body: '{"a":1}' });
    expect((await client.put('/echo', { form: { a: ['1', '2'] } })).json()).toEqual({ method: 'PUT', type: 'application/x-www-form-urlencoded', body: 'a=1&a=2' });
    const { TestClient } = await import('./test-client.ts');
    const bare = new TestClient(kernel, app); // no bridge in front: nothing answers the URL
    expect((await bare.get('/echo')).status).toBe(404);
  });
});
