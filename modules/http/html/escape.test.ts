import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEsc, escapeAttr, escapeLines, escapeText } from './escape.ts';

// Any `&` left in escaped output must begin one of the entities the escaper writes.
const STRAY_AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos);)/;

function unescape(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');
}

// Strings rich in the characters that matter, plus arbitrary unicode.
const htmlish = fc.oneof(
  fc.string({ unit: fc.constantFrom('&', '<', '>', '"', "'", '\n', '\r', 'a', ';', 'amp', '&lt;', ' ') }),
  fc.string({ unit: 'grapheme' }),
);

describe('HEsc.text', () => {
  it('escapes &, < and > and leaves quotes', () => {
    expect(HEsc.text('Hello & Goodbye')).toBe('Hello &amp; Goodbye');
    expect(HEsc.text('<script>alert("x")</script>')).toBe('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(HEsc.text("it's")).toBe("it's");
    expect(HEsc.text('&amp;')).toBe('&amp;amp;'); // already-escaped text is escaped again: it is text
  });

  it('prints null and undefined as nothing, other values as String(value)', () => {
    expect(HEsc.text(undefined)).toBe('');
    expect(HEsc.text(null)).toBe('');
    expect(HEsc.text(42)).toBe('42');
    expect(HEsc.text({ toString: () => '<b>' })).toBe('&lt;b&gt;');
  });

  it('property: output has no raw < or >, no & outside an entity, and unescapes to the input', () => {
    fc.assert(
      fc.property(htmlish, (s) => {
        const out = escapeText(s);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(STRAY_AMPERSAND);
        expect(unescape(out)).toBe(s);
      }),
    );
  });
});

describe('HEsc.attr', () => {
  it('also escapes both quotes (Woomera: /G\'day → /G&apos;day)', () => {
    expect(HEsc.attr("/G'day")).toBe('/G&apos;day');
    expect(HEsc.attr('a "b" <c> & d')).toBe('a &quot;b&quot; &lt;c&gt; &amp; d');
  });

  it('property: output cannot close an attribute or open a tag, and unescapes to the input', () => {
    fc.assert(
      fc.property(htmlish, (s) => {
        const out = escapeAttr(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out).not.toMatch(STRAY_AMPERSAND);
        expect(unescape(out)).toBe(s);
      }),
    );
  });
});

describe('HEsc.lines', () => {
  it('escapes as text and turns each line break into <br>', () => {
    expect(HEsc.lines('1 Main St\nSpringfield')).toBe('1 Main St<br>Springfield');
    expect(HEsc.lines('a\r\nb\rc\n\nd')).toBe('a<br>b<br>c<br><br>d');
    expect(HEsc.lines('<x>\n&')).toBe('&lt;x&gt;<br>&amp;');
  });

  it('property: the only markup in the output is <br>, and there are as many as line breaks', () => {
    fc.assert(
      fc.property(htmlish, (s) => {
        const out = escapeLines(s);
        const withoutBreaks = out.replaceAll('<br>', '');
        expect(withoutBreaks).not.toMatch(/[<>\r\n]/);
        expect(withoutBreaks).not.toMatch(STRAY_AMPERSAND);
        expect(out.split('<br>').length - 1).toBe(s.split(/\r\n|\r|\n/).length - 1);
        expect(unescape(out.replaceAll('<br>', '\n'))).toBe(s.replace(/\r\n|\r/g, '\n'));
      }),
    );
  });
});
