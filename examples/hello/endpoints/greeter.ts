import type { RequestContext } from '../../../kernel/index.ts';

/** `active:greet+name@…`: a greeting built from the module's literal and the name argument. */
export class Greeter {
  async onSource(ctx: RequestContext) {
    const greeting = await ctx.source('res:/greeting', 'string');
    const name = await ctx.source('arg:name', 'string');
    return `${greeting}, ${name}!`;
  }
}
