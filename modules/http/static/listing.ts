/**
 * The optional directory listing of StaticFiles: a small HTML page of the entries a request
 * may reach. Every name is HTML-escaped for the text and percent-encoded for the link, so a
 * file called `<script>…` or `a"b` is shown as text and links to itself.
 */
import { escapeAttr, escapeText } from '../html/escape.ts';

/** One entry of a listing. */
export interface ListingEntry {
  readonly name: string;
  readonly directory: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * The listing page for `title` (the URL path shown in the heading). Directories first, then
 * files, each alphabetically; a link to the parent unless this is the top of the folder.
 *
 * @example listingPage('/files/', [{ name: 'a.txt', directory: false, size: 3, mtimeMs: 0 }], false);
 */
export function listingPage(title: string, entries: readonly ListingEntry[], top: boolean): string {
  const sorted = [...entries].sort((a, b) => Number(b.directory) - Number(a.directory) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = sorted.map((e) => {
    const href = encodeURIComponent(e.name) + (e.directory ? '/' : '');
    const label = e.name + (e.directory ? '/' : '');
    const size = e.directory ? '-' : String(e.size);
    return `<tr><td><a href="${escapeAttr(href)}">${escapeText(label)}</a></td><td>${size}</td><td>${new Date(e.mtimeMs).toISOString()}</td></tr>`;
  });
  const parent = top ? '' : '<tr><td><a href="../">../</a></td><td></td><td></td></tr>';
  return `<!DOCTYPE html>
<html>
<head><meta charset="UTF-8"><title>Index of ${escapeText(title)}</title></head>
<body>
<h1>Index of ${escapeText(title)}</h1>
<table>
<tr><th>Name</th><th>Size</th><th>Modified</th></tr>
${[parent, ...rows].filter((r) => r !== '').join('\n')}
</table>
</body>
</html>
`;
}
