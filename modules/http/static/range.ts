/**
 * `Range: bytes=…` (RFC 9110 §14) against a file of a known size.
 *
 * Decisions (documented in README.md):
 * - one satisfiable range → 206 with `Content-Range`;
 * - several ranges are sorted and merged where they overlap or touch; if one range is left it
 *   is served as 206, otherwise the **whole file is served as 200** (no multipart/byteranges:
 *   it is rarely used, and answering many small or overlapping ranges is a known
 *   amplification vector);
 * - a range past the end is clipped (`bytes=0-999999` of 10 bytes is `0-9`); ranges wholly past
 *   the end are dropped; if none is left: 416 with `Content-Range` giving only the size (`bytes *` then `/SIZE`);
 * - a syntactically malformed `bytes=` value (`bytes=5-2`, `bytes=abc`, `bytes=-`, `bytes=`)
 *   is a 416 too;
 * - another unit (`items=0-5`) is ignored, as RFC 9110 requires: 200 with the whole file.
 */

/** What to do with a request's `Range` header. */
export type RangeDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'single'; readonly start: number; readonly end: number }
  | { readonly kind: 'whole'; readonly ranges: number }
  | { readonly kind: 'unsatisfiable'; readonly reason: string };

const UNIT = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=(.*)$/s;
const SPEC = /^(\d*)\s*-\s*(\d*)$/;

/**
 * Decide how to answer `header` for a body of `size` bytes.
 *
 * @example decideRange('bytes=0-99', 1000);   // { kind: 'single', start: 0, end: 99 }
 * @example decideRange('bytes=-5', 3);        // { kind: 'single', start: 0, end: 2 }
 * @example decideRange('bytes=10-', 10);      // { kind: 'unsatisfiable', … }
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'none' };
  const unit = UNIT.exec(header);
  if (unit === null) return { kind: 'unsatisfiable', reason: 'not a range (expected bytes=first-last)' };
  if (unit[1]!.toLowerCase() !== 'bytes') return { kind: 'none' };
  const specs = unit[2]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length === 0) return { kind: 'unsatisfiable', reason: 'empty range set' };
  const pieces: [number, number][] = [];
  for (const spec of specs) {
    const m = SPEC.exec(spec);
    if (m === null || (m[1] === '' && m[2] === '')) return { kind: 'unsatisfiable', reason: `malformed range "${spec.slice(0, 40)}"` };
    const first = m[1] === '' ? undefined : Number(m[1]);
    const last = m[2] === '' ? undefined : Number(m[2]);
    if (first === undefined) {
      // Suffix range: the last N bytes.
      if (last! > 0 && size > 0) pieces.push([Math.max(0, size - last!), size - 1]);
      continue;
    }
    if (last !== undefined && last < first) return { kind: 'unsatisfiable', reason: `range "${spec}" ends before it starts` };
    if (first < size) pieces.push([first, Math.min(last ?? size - 1, size - 1)]);
  }
  if (pieces.length === 0) return { kind: 'unsatisfiable', reason: `no range within the ${size} bytes` };
  pieces.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [pieces[0]!];
  for (const piece of pieces.slice(1)) {
    const tail = merged[merged.length - 1]!;
    if (piece[0] <= tail[1] + 1) tail[1] = Math.max(tail[1], piece[1]);
    else merged.push(piece);
  }
  if (merged.length > 1) return { kind: 'whole', ranges: merged.length };
  const [start, end] = merged[0]!;
  return { kind: 'single', start, end };
}
