import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseXml } from './parse-xml.ts';
import { parseModule } from './module.ts';
import { moduleErrorOf, moduleWith } from './testing.ts';

describe('parseXml', () => {
  it('keeps names, attributes, text, CDATA, mixed content and element paths', () => {
    const root = parseXml('<a x="1">hi <b/><![CDATA[<c>&]]><b>two</b> &amp; end</a>', 'a.xml');
    expect(root.name).toBe('a');
    expect(root.attributes.x).toBe('1');
    expect(Object.getPrototypeOf(root.attributes)).toBe(null);
    expect(root.text).toBe('hi <c>& & end');
    expect(root.children.map((c) => c.path)).toEqual(['a/b[1]', 'a/b[2]']);
    expect(root.content.map((c) => (typeof c === 'string' ? c : `<${c.name}>`))).toEqual(['hi ', '<b>', '<c>&', '<b>', ' & end']);
    expect(root.children[1]?.text).toBe('two');
  });

  it('keeps whitespace-only text untrimmed', () => {
    expect(parseXml('<a>  </a>', 'a.xml').text).toBe('  ');
  });

  it('reports malformed XML with file, line and column', () => {
    const error = moduleErrorOf(() => parseXml('<module>\n  <meta>\n</module>', 'bad/module.xml'));
    expect(error.details.file).toBe('bad/module.xml');
    expect(error.details.path).toBe('line 3, column 9');
    expect(String(error.details.reason)).toMatch(/malformed XML: Unexpected close tag/);
    expect(error.message).toContain('bad/module.xml');
  });

  it('refuses junk after the root element, a second root and an empty document', () => {
    expect(moduleErrorOf(() => parseXml('<a/>junk', 'f.xml')).details.reason).toMatch(/outside of root/);
    expect(moduleErrorOf(() => parseXml('<a/><b/>', 'f.xml')).details.reason).toMatch(/more than one root/);
    expect(moduleErrorOf(() => parseXml('  ', 'f.xml')).details.reason).toMatch(/no root element/);
  });

  it('does not let element or attribute names pollute prototypes', () => {
    const root = parseXml('<__proto__ constructor="x" __proto__="y"><constructor><prototype polluted="yes"/></constructor><__proto__ polluted="yes"/><__text__>t</__text__></__proto__>', 'p.xml');
    expect(root.name).toBe('__proto__');
    expect(root.children.map((c) => c.name)).toEqual(['constructor', '__proto__', '__text__']);
    expect(root.attributes.constructor).toBe('x');
    // sax drops an attribute named __proto__; what matters is that nothing leaks into prototypes.
    expect(Object.getPrototypeOf(root.attributes)).toBe(null);
    expect(root.text).toBe('');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('never pollutes from a module.xml either: __proto__ as element names is just an unknown element', () => {
    const error = moduleErrorOf(() => parseModule(moduleWith('<__proto__><polluted>yes</polluted></__proto__>'), 'm.xml'));
    expect(error.details.path).toBe('module/rootspace/__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('XML entity tricks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'module-xml-'));
  const secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, 'TOP-SECRET-CONTENT');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never fetches an external SYSTEM entity', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE module [<!ENTITY xxe SYSTEM "${pathToFileURL(secretFile).href}">]>\n<module version="2.0">&xxe;</module>`;
    const error = moduleErrorOf(() => parseModule(xml, 'xxe.xml'));
    expect(error.details.path).toMatch(/^line 3, column \d+$/);
    expect(error.message).not.toContain('TOP-SECRET');
    expect(JSON.stringify(error.details)).not.toContain('TOP-SECRET');
  });

  it('never fetches an external parameter entity or DTD either', () => {
    const xml = `<!DOCTYPE a SYSTEM "${pathToFileURL(secretFile).href}" [<!ENTITY % p SYSTEM "${pathToFileURL(secretFile).href}"> %p;]><a>ok</a>`;
    let text: string;
    try {
      text = parseXml(xml, 'dtd.xml').text;
    } catch (error) {
      text = String(error);
    }
    expect(text).not.toContain('TOP-SECRET');
  });

  it('refuses billion-laughs style entity expansion instead of expanding it', () => {
    const defs = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) defs.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${defs.join('')}]><lolz>&lol9;</lolz>`;
    const error = moduleErrorOf(() => parseXml(xml, 'lol.xml'));
    expect(error.details.reason).toMatch(/entity/i);
  });

  it('keeps a DOCTYPE without entity references harmless', () => {
    expect(parseXml('<!DOCTYPE a [<!ENTITY e "x">]><a>plain &amp; &#65;</a>', 'd.xml').text).toBe('plain & A');
  });
});
