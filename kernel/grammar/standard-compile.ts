/**
 * Compilation of the standard grammar: plain-data nodes are validated into `Part`s, and the
 * parts into one anchored RegExp with indexed captures. JavaScript named groups cannot be
 * used: argument names such as `file-name` are not valid group names, and interleave repeats
 * the same group once per permutation. Internal to kernel/grammar.
 */
import type { StandardNode, StandardRegexType } from './grammar.ts';
import { grammarError } from './arguments.ts';

/**
 * The regex behind each `<regex type="…"/>`. `anything` spans newlines too; `integer` allows a
 * sign; `path-segment` is one segment (no `/`); `path` stops before a query or fragment;
 * `nmtoken` approximates XML NMTOKEN (name characters, including `:` `.` `-` and non-ASCII);
 * `active-escaped-uri-loose` is a value as it appears escaped inside an active URI (it stops at
 * `+`, `@` and whitespace, and does not check `%` sequences: hence "loose"); `uri` is a
 * scheme, a colon, and any non-whitespace text.
 */
export const REGEX_TYPES: Readonly<Record<StandardRegexType, string>> = Object.freeze({
  anything: '[\\s\\S]*',
  integer: '[-+]?[0-9]+',
  alphanum: '[A-Za-z0-9]+',
  'path-segment': '[^/]+',
  path: '[^?#]+',
  nmtoken: '[-\\w.:\\u00B7\\u00C0-\\uFFFD]+',
  'active-escaped-uri-loose': '[^+@\\s]+',
  uri: '[A-Za-z][A-Za-z0-9+.-]*:\\S*',
});

/** Interleave compiles to an alternation over permutations: n! grows fast. */
export const MAX_INTERLEAVE = 5;
const MAX_SOURCE_LENGTH = 200_000;

interface PartBase {
  /** Every argument name in the subtree. */
  readonly names: readonly string[];
  /** Names that must be supplied for this part to be built (not under optional or min=0). */
  readonly required: readonly string[];
}
export type Part = PartBase &
  (
    | { readonly type: 'literal'; readonly text: string }
    | { readonly type: 'regex'; readonly body: string; readonly groups: number; readonly matchesEmpty: boolean; readonly label: string }
    | {
        readonly type: 'group';
        readonly name: string | undefined;
        readonly min: number;
        readonly max: number;
        readonly parts: readonly Part[];
        /** For a named group: what its value must match in full. */
        readonly check: RegExp | undefined;
        readonly label: string;
      }
    | { readonly type: 'optional' | 'interleave'; readonly parts: readonly Part[] }
    | { readonly type: 'choice'; readonly branches: readonly Part[] }
  );

export interface CompiledStandard {
  readonly parts: readonly Part[];
  readonly regex: RegExp;
  /** `slots[i]` names capture i + 1, or is null for a capture inside a user regex. */
  readonly slots: readonly (string | null)[];
  readonly prefix: string;
}

/** Compile the nodes of a standard grammar whose rendered source is `source`. */
export function compileStandard(nodes: readonly StandardNode[], source: string): CompiledStandard {
  const fail = (reason: string) => grammarError(source, reason);
  if (!Array.isArray(nodes)) throw fail('a standard grammar is a list of nodes');
  const parts = toParts(nodes, 'grammar', fail);
  const slots: (string | null)[] = [];
  const body = emitSource(parts, slots);
  if (body.length > MAX_SOURCE_LENGTH) throw fail(`compiles to a regex of ${body.length} characters; nest fewer interleaves`);
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${body})$`);
  } catch (e) {
    throw fail(`does not compile to a regex: ${(e as Error).message}`);
  }
  return { parts, regex, slots, prefix: literalPrefix(parts).text };
}

/** `keepEmpty`: in a choice an empty literal is a real branch ("or nothing"), not layout. */
function toParts(nodes: readonly StandardNode[], where: string, fail: (r: string) => Error, keepEmpty = false): Part[] {
  const parts: Part[] = [];
  nodes.forEach((node, i) => {
    const part = toPart(node, `${where} child ${i + 1}`, fail);
    if (part !== null) parts.push(part);
    else if (keepEmpty) parts.push({ type: 'literal', text: '', names: [], required: [] });
  });
  return parts;
}

function toPart(node: StandardNode, where: string, fail: (r: string) => Error): Part | null {
  if (typeof node === 'string') {
    // Whitespace around literals is layout from the XML, as in NetKernel.
    const text = node.trim();
    return text === '' ? null : { type: 'literal', text, names: [], required: [] };
  }
  if (node === null || typeof node !== 'object') throw fail(`${where} is not a grammar node`);
  if ('regexType' in node) {
    const body = REGEX_TYPES[node.regexType];
    if (body === undefined || !Object.hasOwn(REGEX_TYPES, node.regexType)) {
      throw fail(`${where}: unknown regex type "${String(node.regexType)}"; known: ${Object.keys(REGEX_TYPES).join(', ')}`);
    }
    return regexPart(body, `<regex type="${node.regexType}"/>`, where, fail);
  }
  if ('regex' in node) {
    if (typeof node.regex !== 'string' || node.regex === '') throw fail(`${where}: the regex is empty`);
    return regexPart(node.regex, `<regex>${node.regex}</regex>`, where, fail);
  }
  if ('group' in node) return groupPart(node, where, fail);
  if ('optional' in node) {
    const parts = toParts(list(node.optional, where, fail), `${where} <optional>`, fail);
    return { type: 'optional', parts, names: namesOf(parts), required: [] };
  }
  if ('choice' in node) {
    const branches = toParts(list(node.choice, where, fail), `${where} <choice>`, fail, true);
    if (branches.length === 0) throw fail(`${where}: <choice> has no branches`);
    return { type: 'choice', branches, names: namesOf(branches), required: [] };
  }
  if ('interleave' in node) {
    const parts = toParts(list(node.interleave, where, fail), `${where} <interleave>`, fail);
    if (parts.length > MAX_INTERLEAVE) {
      throw fail(`${where}: <interleave> has ${parts.length} children; at most ${MAX_INTERLEAVE} are supported`);
    }
    return { type: 'interleave', parts, names: namesOf(parts), required: parts.flatMap((p) => p.required) };
  }
  throw fail(`${where} is not a grammar node: ${JSON.stringify(node)}`);
}

function list(children: unknown, where: string, fail: (r: string) => Error): readonly StandardNode[] {
  if (!Array.isArray(children)) throw fail(`${where}: children must be a list`);
  return children as readonly StandardNode[];
}

function regexPart(body: string, label: string, where: string, fail: (r: string) => Error): Part {
  let probe: RegExpExecArray | null;
  try {
    // The empty alternative always matches, so the result's length counts the body's captures.
    probe = new RegExp(`(?:${body})|`).exec('');
  } catch (e) {
    throw fail(`${where}: ${label} does not compile: ${(e as Error).message}`);
  }
  if (hasNumberedBackReference(body)) {
    throw fail(`${where}: ${label} uses a numbered back-reference, which breaks once regexes are combined`);
  }
  const groups = (probe?.length ?? 1) - 1;
  return { type: 'regex', body, groups, matchesEmpty: new RegExp(`^(?:${body})$`).test(''), label, names: [], required: [] };
}

function hasNumberedBackReference(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      const next = body.charCodeAt(i + 1);
      if (next >= 49 && next <= 57) return true; // \1 … \9
      i++;
    }
  }
  return false;
}

type GroupNode = Extract<StandardNode, { readonly group: readonly StandardNode[] }>;

function groupPart(node: GroupNode, where: string, fail: (r: string) => Error): Part {
  const name = node.name;
  const label = name === undefined ? '<group>' : `<group name="${name}">`;
  if (name !== undefined && (typeof name !== 'string' || name === '')) throw fail(`${where}: a group name is empty`);
  const min = node.min ?? 1;
  if (typeof min !== 'number' || !Number.isInteger(min) || min < 0) {
    throw fail(`${where}: ${label} min ${String(node.min)} is not a whole number >= 0`);
  }
  const rawMax = node.max ?? Math.max(min, 1);
  const max = rawMax === 'unbounded' ? Infinity : rawMax;
  if (typeof max !== 'number' || !(Number.isInteger(max) || max === Infinity) || max < 1) {
    throw fail(`${where}: ${label} max ${String(node.max)} is not a whole number >= 1 or "unbounded"`);
  }
  if (min > max) throw fail(`${where}: ${label} min ${min} exceeds max ${max}`);
  const parts = toParts(list(node.group, where, fail), `${where} ${label}`, fail);
  const inner = namesOf(parts);
  let check: RegExp | undefined;
  if (name !== undefined) {
    const body = quantify(emitSource(parts, []), Math.max(min, 1), max);
    check = new RegExp(`^(?:${body})$`);
  }
  return {
    type: 'group',
    name,
    min,
    max,
    parts,
    check,
    label,
    names: name === undefined ? inner : [name, ...inner],
    required: min === 0 ? [] : name === undefined ? parts.flatMap((p) => p.required) : [name],
  };
}

function namesOf(parts: readonly Part[]): string[] {
  return parts.flatMap((p) => p.names);
}

function quantify(body: string, min: number, max: number): string {
  if (min === 1 && max === 1) return body;
  const q = min === 0 && max === 1 ? '?' : max === Infinity ? (min === 0 ? '*' : min === 1 ? '+' : `{${min},}`) : `{${min},${max}}`;
  return `(?:${body})${q}`;
}

/** The regex source of `parts`, pushing one slot per capture it opens, in source order. */
function emitSource(parts: readonly Part[], slots: (string | null)[]): string {
  let out = '';
  for (const part of parts) out += emitPart(part, slots);
  return out;
}

function emitPart(part: Part, slots: (string | null)[]): string {
  switch (part.type) {
    case 'literal':
      return part.text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    case 'regex':
      for (let i = 0; i < part.groups; i++) slots.push(null);
      return `(?:${part.body})`;
    case 'group': {
      if (part.name === undefined) return quantify(emitSource(part.parts, slots), part.min, part.max);
      // The capture opens before any capture inside it, so its slot comes first.
      slots.push(part.name);
      const body = quantify(emitSource(part.parts, slots), Math.max(part.min, 1), part.max);
      // min 0: the capture sits inside the optional, so an absent group is `undefined`, not ''.
      return part.min === 0 ? `(?:(${body}))?` : `(${body})`;
    }
    case 'optional':
      return `(?:${emitSource(part.parts, slots)})?`;
    case 'choice':
      return `(?:${part.branches.map((b) => emitPart(b, slots)).join('|')})`;
    case 'interleave':
      return `(?:${permutations(part.parts).map((p) => emitSource(p, slots)).join('|')})`;
  }
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  items.forEach((item, i) => {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest)) out.push([item, ...p]);
  });
  return out;
}

/** The literal text every match starts with; `complete` when the parts are nothing but that text. */
function literalPrefix(parts: readonly Part[]): { text: string; complete: boolean } {
  let text = '';
  for (const part of parts) {
    if (part.type === 'literal') {
      text += part.text;
    } else if (part.type === 'group' && part.min >= 1) {
      const inner = literalPrefix(part.parts);
      text += inner.text;
      if (!inner.complete || part.max !== 1) return { text, complete: false };
    } else {
      if (part.type === 'regex') text += regexLiteralPrefix(part.body);
      return { text, complete: false };
    }
  }
  return { text, complete: true };
}

/** Leading characters a regex body matches literally (`res:/x/(a|b)` → `res:/x/`); '' when unsure. */
function regexLiteralPrefix(body: string): string {
  if (hasTopLevelAlternation(body)) return '';
  let i = 0;
  while (i < body.length && /[\w:/=,;~-]/.test(body[i]!)) i++;
  // A quantifier after the run makes its last character optional.
  if (i > 0 && i < body.length && '?*+{'.includes(body[i]!)) i--;
  return body.slice(0, i);
}

function hasTopLevelAlternation(body: string): boolean {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < body.length && body[i] !== ']'; i++) if (body[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** XML-like rendering of the nodes, used as the grammar's `source`; tolerant of invalid nodes. */
export function renderStandard(nodes: unknown): string {
  if (!Array.isArray(nodes)) return JSON.stringify(nodes) ?? String(nodes);
  return nodes.map(renderNode).join('');
}

function renderNode(node: unknown): string {
  if (typeof node === 'string') return node.trim();
  if (node === null || typeof node !== 'object') return `<?${String(node)}?>`;
  const n = node as Record<string, unknown>;
  if ('regexType' in n) return `<regex type="${String(n.regexType)}"/>`;
  if ('regex' in n) return `<regex>${String(n.regex)}</regex>`;
  for (const tag of ['group', 'optional', 'choice', 'interleave'] as const) {
    if (tag in n) {
      const attrs = tag === 'group' ? ['name', 'min', 'max'].filter((k) => n[k] !== undefined).map((k) => ` ${k}="${String(n[k])}"`).join('') : '';
      return `<${tag}${attrs}>${renderStandard(n[tag])}</${tag}>`;
    }
  }
  return `<?${JSON.stringify(node)}?>`;
}
