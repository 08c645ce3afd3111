import { Request, StandardSpace, type RequestContext } from '../../kernel/index.ts';
import { OpaqueOverlay } from '../../spaces/overlay.ts';

/**
 * The hello application built in code, without XML: a literal, an accessor with an active
 * grammar, and a mapper-like opaque overlay that publishes `res:/hello/{name}` and keeps the
 * implementation private.
 */
export function createHelloSpace(): StandardSpace {
  const impl = new StandardSpace('urn:example:programmatic:impl');
  impl.mount('res:/greeting', () => 'Hello');
  impl.mount({
    id: 'greeter',
    grammar: { active: { identifier: 'active:greet', arguments: [{ name: 'name' }] } },
    onSource: async (ctx: RequestContext) => {
      const greeting = await ctx.source('res:/greeting', 'string');
      const name = await ctx.source('arg:name', 'string');
      return ctx.createResponseFrom(`${greeting}, ${name}!`).setMimeType('text/plain');
    },
  });

  const app = new StandardSpace('urn:example:programmatic');
  app.mount(
    new OpaqueOverlay(impl, [
      {
        id: 'hello',
        grammar: { simple: 'res:/hello/{name}' },
        request: (ctx) => new Request('active:greet').addArgument('name', `data:text/plain,${ctx.thisRequest.argumentValue('name')!}`),
      },
    ]),
  );
  app.mount('res:/', (ctx) =>
    ctx.createResponseFrom('<h1>roc-kernel</h1><p>Try <a href="/hello/world">/hello/world</a>.</p>').setMimeType('text/html'),
  );
  return app;
}
