import type { RequestContext } from '../../../kernel/index.ts';
import { HEsc } from '../../../modules/http/html/escape.ts';

/** The home page: who is logged in, and a log-in form. Cached per session until the user changes. */
export class Home {
  async onSource(ctx: RequestContext) {
    const user = (await ctx.exists('session:/user')) ? String(await ctx.source('session:/user')) : undefined;
    return user === undefined
      ? `<h1>Not logged in</h1><form method="post" action="/session/login"><input name="name"><button>Log in</button></form>`
      : `<h1>Hello ${HEsc.text(user)}</h1><p><a href="/session/count">count</a> · <a href="/session/logout">log out</a></p>`;
  }
}

/** A counter per session: each request adds one. */
export class Count {
  async onSource(ctx: RequestContext) {
    const n = ((await ctx.exists('session:/count')) ? Number(await ctx.source('session:/count')) : 0) + 1;
    await ctx.sink('session:/count', n);
    return ctx.createResponseFrom(String(n)).setExpiry('ALWAYS');
  }
}

/** POST name=…: a new session id (against fixation), the user stored, back to the home page. */
export class Login {
  async onSource(ctx: RequestContext) {
    const name = String(await ctx.source('httpRequest:/param/name'));
    if (name === '') {
      await ctx.sink('httpResponse:/code', 400);
      return ctx.createResponseFrom('a name is needed').setExpiry('ALWAYS');
    }
    await ctx.source('active:regenerateSession');
    await ctx.sink('session:/user', name);
    await ctx.sink('httpResponse:/redirect', '/session/');
    return ctx.createResponseFrom('').setExpiry('ALWAYS');
  }
}

/** Ends the session (and clears its cookie). */
export class Logout {
  async onSource(ctx: RequestContext) {
    await ctx.delete('session:/');
    await ctx.sink('httpResponse:/redirect', '/session/');
    return ctx.createResponseFrom('').setExpiry('ALWAYS');
  }
}
