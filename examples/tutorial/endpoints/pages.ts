/**
 * Tutorial program 1, "A basic Web server": the home page linking to two greetings, and the
 * greeting page (`~/:greeting`, with an optional `name` query parameter).
 */
import type { RequestContext } from '../../../kernel/index.ts';
import { HEsc } from '../../../modules/http/html/escape.ts';
import { restUrl } from '../../../modules/http/rest/index.ts';
import { page } from './html.ts';

/** `~/`: links built from internal paths with the overlay's URL helper (Woomera's `req.rewriteUrl`). */
export class HomePage {
  async onSource(ctx: RequestContext) {
    const helloUrl = await restUrl(ctx, '~/Hello');
    const gDayUrl = await restUrl(ctx, "~/G'day");
    const html = page(
      'Woomera Tutorial',
      `    <h1>Woomera Tutorial</h1>
    <ul>
      <li><a href="${HEsc.attr(helloUrl)}">Hello</a></li>
      <li><a href="${HEsc.attr(gDayUrl)}">Good day</a></li>
    </ul>`,
    );
    return ctx.createResponseFrom(html).setMimeType('text/html');
  }
}

/** `~/:greeting`: the greeting comes from the path (a grammar argument), the name from the query. */
export class GreetingPage {
  async onSource(ctx: RequestContext) {
    const greeting = await ctx.source('arg:greeting', 'string');
    const name = String(await ctx.source('httpRequest:/param/name')) || 'world';
    const homeUrl = await restUrl(ctx, '~/');
    const html = page(
      'Woomera Tutorial',
      `    <h1>${HEsc.text(greeting)} ${HEsc.text(name)}!</h1>
    <p><a href="${HEsc.attr(homeUrl)}">Home</a></p>`,
    );
    return ctx.createResponseFrom(html).setMimeType('text/html');
  }
}
