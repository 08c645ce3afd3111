/**
 * Checking a URL path before it is turned into a file name. The fileset already keeps every
 * resolved file inside its folder (after symlinks); this check comes first and refuses, with
 * a reason, what no honest client sends: dot segments (`..`, `%2e%2e`, `.%2E`), NUL and other
 * control characters, encoded separators (`%2F`, `\`), malformed percent-encoding, and
 * overlong segments or paths. A refused path is a 400, never a file lookup.
 */

/** Length limits, in UTF-8 bytes of the decoded text. */
export interface PathLimits {
  /** Longest segment (default 255, the usual file-name limit). */
  readonly maxSegmentBytes: number;
  /** Longest path as sent, still percent-encoded (default 2048). */
  readonly maxPathBytes: number;
}

export const DEFAULT_PATH_LIMITS: PathLimits = Object.freeze({ maxSegmentBytes: 255, maxPathBytes: 2048 });

/** A path that passed: its decoded segments (empty ones dropped) and whether it ended in `/`. */
export interface SafePath {
  readonly ok: true;
  readonly segments: readonly string[];
  readonly trailingSlash: boolean;
}

/** A path that did not, and why (for the 400 message and the `static` log). */
export interface UnsafePath {
  readonly ok: false;
  readonly reason: string;
}

/**
 * Split a percent-encoded path (no query) into decoded segments, or say why it is refused.
 *
 * @example parseSafePath('css/a%20b.css');      // { ok: true, segments: ['css', 'a b.css'], trailingSlash: false }
 * @example parseSafePath('css/%2e%2e/secret');  // { ok: false, reason: 'dot segment "%2e%2e"' }
 */
export function parseSafePath(raw: string, limits: PathLimits = DEFAULT_PATH_LIMITS): SafePath | UnsafePath {
  if (Buffer.byteLength(raw) > limits.maxPathBytes) return { ok: false, reason: `path longer than ${limits.maxPathBytes} bytes` };
  const segments: string[] = [];
  for (const encoded of raw.split('/')) {
    if (encoded === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false, reason: `malformed percent-encoding in "${preview(encoded)}"` };
    }
    // Checked after decoding, so every spelling of the same thing is caught.
    if (segment === '.' || segment === '..') return { ok: false, reason: `dot segment "${preview(encoded)}"` };
    if (/[\x00-\x1F\x7F]/.test(segment)) return { ok: false, reason: `control character (NUL, CR, LF, …) in "${preview(encoded)}"` };
    if (segment.includes('/') || segment.includes('\\')) return { ok: false, reason: `encoded path separator in "${preview(encoded)}"` };
    if (Buffer.byteLength(segment) > limits.maxSegmentBytes) return { ok: false, reason: `segment longer than ${limits.maxSegmentBytes} bytes` };
    segments.push(segment);
  }
  return { ok: true, segments, trailingSlash: raw === '' || raw.endsWith('/') };
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
