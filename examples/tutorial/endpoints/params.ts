/**
 * Tutorial program 2, "Parameters": one page for `~/demo/variable/:foo/bar/:baz` and
 * `~/demo/wildcard/*` listing the path, query and POST parameters with every raw value.
 */
import type { RequestContext } from '../../../kernel/index.ts';
import { HEsc } from '../../../modules/http/html/escape.ts';
import { restParams } from '../../../modules/http/rest/index.ts';
import { page } from './html.ts';

type Params = Map<string, string[]>;

function dump(params: Params): string {
  if (params.size === 0) return '<p>No parameters.</p>';
  let out = `<p>Number of keys: ${params.size}</p>\n<dl>`;
  for (const [key, values] of params) {
    out += `<dt><code>${HEsc.text(key)}</code></dt><dd><ul>`;
    for (const v of values) out += `<li><code>${HEsc.text(v)}</code></li>`;
    out += '</ul></dd>';
  }
  return `${out}</dl>`;
}

/** `a=1&b=2&a=3` as keys in order of appearance, each with all its raw values. */
function parseQuery(text: string): Params {
  const params: Params = new Map();
  for (const [key, value] of new URLSearchParams(text)) params.set(key, [...(params.get(key) ?? []), value]);
  return params;
}

export class ParamsPage {
  async onSource(ctx: RequestContext) {
    const path: Params = new Map(Object.entries(await restParams(ctx)).map(([k, v]) => [k, [v]]));
    const query = parseQuery(String(await ctx.source('httpRequest:/query')));
    const type = String(await ctx.source('httpRequest:/header/content-type'));
    // Woomera fills postParams only for a form body; otherwise the section is left out.
    const post = /^application\/x-www-form-urlencoded\b/i.test(type) ? parseQuery(await ctx.source('httpRequest:/body', 'string')) : undefined;
    let body = '    <h1>Parameters</h1>\n';
    body += `<h2>Path parameters</h2>${dump(path)}`;
    body += `<h2>Query parameters</h2>${dump(query)}`;
    if (post !== undefined) body += `<h2>POST parameters</h2>${dump(post)}`;
    return ctx.createResponseFrom(page('Woomera Tutorial', body)).setMimeType('text/html');
  }
}
