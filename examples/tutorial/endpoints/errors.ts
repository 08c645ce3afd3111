/**
 * Tutorial section 1.9, the exception handler: a friendly error page. "Not found" says 405
 * when the path exists for other methods and 404 when it does not, as the tutorial's handler
 * does with Woomera's `NotFoundException.found`.
 */
import type { RequestContext } from '../../../kernel/index.ts';
import { HEsc } from '../../../modules/http/html/escape.ts';
import { restStatusOf } from '../../../modules/http/rest/index.ts';
import { page } from './html.ts';

export class ErrorPage {
  async onSource(ctx: RequestContext) {
    const exception = await ctx.source('arg:exception');
    let { status } = restStatusOf(exception);
    let message: string;
    if (status === 404 || status === 405 || status === 406) {
      message = 'Sorry, the page you were looking for could not be found.';
    } else if (status < 500) {
      message = 'Sorry, the request could not be understood.';
    } else {
      status = 500;
      message = 'Sorry, an internal error occured.';
      ctx.logger.error('tutorial: exception', exception);
    }
    const html = page('Error', `    <h1>Woomera Tutorial: Error</h1>\n    <p>${HEsc.text(message)}</p>`);
    return ctx.createResponseFrom(html).setMimeType('text/html').setHeader('httpResponse:/code', status);
  }
}
