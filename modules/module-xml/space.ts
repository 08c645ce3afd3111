/**
 * Space elements: what a `<rootspace>` or a nested `<space>` contains, in declaration order
 * (the order resolution asks them). Each element name is dispatched to its builder; an
 * unknown one is an error naming it and its path, a Java-only one a notice.
 */
import { z } from 'zod';
import type { FilesetModel, ImportModel, SpaceElement, SpaceModel } from './model.ts';
import type { XmlNode } from './parse-xml.ts';
import { ENDPOINT_KINDS, readEndpoint } from './endpoint.ts';
import { readLiteralElement } from './literal.ts';
import { readMapper } from './mapper.ts';
import { readBranchMerge, readPluggableOverlay } from './overlays.ts';
import { readPrototypeDefinition } from './prototype-definition.ts';
import { moduleError, optional, readAttributes, readChildren, readFlag, readText, type BuildContext } from './xml-reader.ts';

type ElementReader = (ctx: BuildContext, node: XmlNode) => SpaceElement;

const READERS: ReadonlyMap<string, ElementReader> = new Map<string, ElementReader>([
  ['fileset', readFileset],
  ['literal', readLiteralElement],
  ['import', readImport],
  ['prototype', readPrototypeDefinition],
  ['mapper', readMapper],
  ['pluggable-overlay', readPluggableOverlay],
  ['branch-merge', readBranchMerge],
  ...ENDPOINT_KINDS.map((kind): [string, ElementReader] => [kind, readEndpoint]),
]);

/** Space elements that only declare Java artefacts: accepted, ignored, reported as a notice. */
const JAVA_ONLY: Readonly<Record<string, string>> = {
  representation: 'declares a Java representation class; representations here are plain values, so it is ignored',
};

/** A nested `<space name?>`. */
export function readSpace(ctx: BuildContext, node: XmlNode): SpaceModel {
  const a = readAttributes(ctx, node, { name: z.string().optional() });
  return { ...optional('name', a.name), elements: readSpaceElements(ctx, node), file: ctx.file, path: node.path };
}

/** The elements of a space-like element (`<rootspace>`, `<space>`), in order. */
export function readSpaceElements(ctx: BuildContext, node: XmlNode): SpaceElement[] {
  if (node.text.trim() !== '') throw moduleError(ctx, node.path, `unexpected text "${node.text.trim().slice(0, 40)}" in <${node.name}>`);
  const elements: SpaceElement[] = [];
  for (const child of node.children) {
    const reader = READERS.get(child.name);
    if (reader !== undefined) {
      elements.push(reader(ctx, child));
      continue;
    }
    const javaOnly = JAVA_ONLY[child.name];
    if (javaOnly !== undefined && Object.hasOwn(JAVA_ONLY, child.name)) {
      ctx.notices.push({ file: ctx.file, path: child.path, element: child.name, message: `<${child.name}> ${javaOnly}` });
      continue;
    }
    throw moduleError(ctx, child.path, `unknown element <${child.name}> in <${node.name}>; a space holds ${[...READERS.keys()].map((n) => `<${n}>`).join(', ')}`);
  }
  return elements;
}

function readFileset(ctx: BuildContext, node: XmlNode): FilesetModel {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { regex: 'optional', glob: 'optional', rewrite: 'optional', private: 'optional', mutable: 'optional' });
  const regex = c.optional('regex');
  const glob = c.optional('glob');
  if ((regex === undefined) === (glob === undefined)) {
    throw moduleError(ctx, node.path, regex === undefined ? '<fileset> is missing its mandatory <regex> or <glob>' : '<fileset> has both <regex> and <glob>; use one');
  }
  let match: FilesetModel['match'];
  if (regex !== undefined) {
    const source = readText(ctx, regex);
    try {
      // Compiled once here only to fail at load time; the fileset space compiles its own.
      new RegExp(`^(?:${source})$`);
    } catch (error) {
      throw moduleError(ctx, regex.path, `the fileset regex ${source} does not compile: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    match = { regex: source };
  } else {
    const pattern = readText(ctx, glob as XmlNode);
    // A glob names module files: it may not climb out of the module folder.
    if (pattern.startsWith('/') || /^[A-Za-z]:/.test(pattern) || pattern.split(/[\\/]/).includes('..')) {
      throw moduleError(ctx, (glob as XmlNode).path, `the glob "${pattern}" must be relative to the module folder and must not contain ".."`);
    }
    match = { glob: pattern };
  }
  const rewrite = c.optional('rewrite');
  return {
    kind: 'fileset',
    match,
    ...optional('rewrite', rewrite === undefined ? undefined : readText(ctx, rewrite)),
    private: readFlag(ctx, c.optional('private')),
    mutable: readFlag(ctx, c.optional('mutable')),
    file: ctx.file,
    path: node.path,
  };
}

const VERSION = /^\d+(\.\d+)*$/;

function readImport(ctx: BuildContext, node: XmlNode): ImportModel {
  readAttributes(ctx, node, {});
  const c = readChildren(ctx, node, { uri: 'one', private: 'optional', 'version-min': 'optional', 'version-max': 'optional' });
  const version = (name: 'version-min' | 'version-max'): string | undefined => {
    const v = c.optional(name);
    if (v === undefined) return undefined;
    const text = readText(ctx, v);
    if (!VERSION.test(text)) throw moduleError(ctx, v.path, `<${name}> "${text}" is not a version such as 1.2.0`);
    return text;
  };
  const versionMin = version('version-min');
  const versionMax = version('version-max');
  if (versionMin !== undefined && versionMax !== undefined && compareVersions(versionMin, versionMax) > 0) {
    throw moduleError(ctx, node.path, `<version-min>${versionMin} is above <version-max>${versionMax}`);
  }
  return {
    kind: 'import',
    uri: readText(ctx, c.one('uri')),
    private: readFlag(ctx, c.optional('private')),
    ...optional('versionMin', versionMin),
    ...optional('versionMax', versionMax),
    file: ctx.file,
    path: node.path,
  };
}

/**
 * Compare dotted versions numerically, missing parts as 0 (`1.2` = `1.2.0` < `1.10`). Exported
 * for the loader, which picks among deployed versions with the same rule.
 *
 * @example
 * compareVersions('1.2.0', '1.10'); // -1
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
