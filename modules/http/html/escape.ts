/**
 * HTML escaping helpers, the equivalent of Woomera's `HEsc` (seed 003): one function per
 * place a value can land in a page. Use them whenever text that did not come from the page's
 * author (a path parameter, a form field, an error message, a remote resource) is written
 * into HTML, so it is shown as text instead of being parsed as markup.
 *
 * Values that are not strings are turned into strings first (`String(value)`); `null` and
 * `undefined` become the empty string, so an absent optional value never prints "undefined".
 */

// One table for every escape, so `text` and `attr` cannot disagree on how a character is written.
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const TEXT_SPECIALS = /[&<>]/g;
const ATTR_SPECIALS = /[&<>"']/g;
// \r\n first, so a Windows line end is one break, not two.
const LINE_BREAKS = /\r\n|\r|\n/g;

function asString(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function replaceEntity(ch: string): string {
  return ENTITIES[ch] ?? ch;
}

/**
 * Escape a value for use as HTML element content: `&`, `<` and `>` become entities. Quotes
 * are left alone (they are harmless between tags); use {@link escapeAttr} inside attributes.
 *
 * @example `<h1>${HEsc.text(greeting)}</h1>`   // "Hello & Goodbye" → "Hello &amp; Goodbye"
 */
export function escapeText(value: unknown): string {
  return asString(value).replace(TEXT_SPECIALS, replaceEntity);
}

/**
 * Escape a value for use inside a quoted HTML attribute: as {@link escapeText}, and also `"`
 * and `'`, so the value cannot close the attribute whichever quote the page uses.
 *
 * @example `<a href="${HEsc.attr(url)}">`      // "/G'day" → "/G&apos;day"
 */
export function escapeAttr(value: unknown): string {
  return asString(value).replace(ATTR_SPECIALS, replaceEntity);
}

/**
 * Escape a value as element content, as {@link escapeText}, and turn each line break
 * (`\n`, `\r\n` or `\r`) into `<br>`, so multi-line text keeps its lines in a page.
 *
 * @example `<p>${HEsc.lines(address)}</p>`     // "1 Main St\nSpringfield" → "1 Main St<br>Springfield"
 */
export function escapeLines(value: unknown): string {
  return escapeText(value).replace(LINE_BREAKS, '<br>');
}

/**
 * Woomera's `HEsc` under its own names: `HEsc.text`, `HEsc.attr`, `HEsc.lines`.
 *
 * @example
 * import { HEsc } from 'roc-kernel/modules/http/html/escape';
 * const html = `<p title="${HEsc.attr(title)}">${HEsc.lines(body)}</p>`;
 */
export const HEsc = Object.freeze({
  text: escapeText,
  attr: escapeAttr,
  lines: escapeLines,
});
