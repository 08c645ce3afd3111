/**
 * REST path patterns (README.md, "Path patterns"): Woomera's segment syntax (`~/user/:id`,
 * `~/files/*`, `~/a/b?`) and NetKernel's simple-grammar variables (`{id}`, `{ext:(json|xml)}`)
 * in one compiler. A pattern is compiled once, when the routing table is built; a request
 * only walks a short list of segment matchers.
 */
import { RocError } from '../../../kernel/index.ts';

/** The parameter key of a trailing wildcard's value (as Woomera's `Pattern.wildcard`). */
export const WILDCARD = '*';
/** The argument name a wildcard's value is offered under to grammars (`*` is not a valid argument name). */
export const WILDCARD_ARGUMENT = 'wildcard';

/** How specific a segment is: lower sorts first (literal before variable before wildcard). */
const RANK = { literal: 0, template: 1, optionalLiteral: 2, variable: 3, optionalVariable: 4, wildcard: 5 } as const;

type Segment =
  | { readonly kind: 'literal'; readonly text: string; readonly optional: boolean }
  | { readonly kind: 'variable'; readonly name: string; readonly regex: RegExp | undefined; readonly optional: boolean }
  | { readonly kind: 'template'; readonly names: readonly string[]; readonly regex: RegExp; readonly optional: boolean }
  | { readonly kind: 'wildcard' };

/** Path parameters: decoded values by variable name; a wildcard's value (segments joined by `/`) under `*`. */
export type PathParams = Readonly<Record<string, string>>;

const NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * A compiled path pattern. `match` takes the decoded segments of a path relative to the base
 * path and gives the parameters, or undefined. `shape` is the pattern with variable names
 * erased (two patterns with the same shape match the same paths); `rank` orders patterns by
 * specificity.
 *
 * @example
 * const p = PathPattern.compile('~/user/:id/files/*');
 * p.match(['user', '42', 'files', 'a', 'b']); // { id: '42', '*': 'a/b' }
 */
export class PathPattern {
  private constructor(
    readonly source: string,
    private readonly segments: readonly Segment[],
    /** Variable names in order (a wildcard counts as {@link WILDCARD}). */
    readonly names: readonly string[],
    readonly shape: string,
    readonly rank: readonly number[],
  ) {}

  /** Compile `source`; a pattern that cannot compile is a RocError ROC_ERR_GRAMMAR saying why. */
  static compile(source: string): PathPattern {
    const fail = (reason: string) => new RocError('ROC_ERR_GRAMMAR', { grammar: `"${source}"`, reason });
    if (typeof source !== 'string') throw fail('a path pattern must be a string');
    let body = source.trim();
    if (body !== source) throw fail('a path pattern must not start or end with whitespace');
    if (body.startsWith('~')) body = body.slice(1);
    if (body.startsWith('/')) body = body.slice(1);
    if (body.startsWith('/') || body.startsWith('~')) throw fail('it starts with an empty segment');
    if (/[?#]/.test(body.replace(/\?(?=\/|$)/g, ''))) throw fail('a query or fragment has no place in a path pattern (only a trailing "?" marks an optional segment)');
    const parts = body === '' ? [] : body.split('/');
    const segments: Segment[] = [];
    const names: string[] = [];
    parts.forEach((part, i) => {
      const segment = compileSegment(part, i === parts.length - 1, fail);
      for (const name of segmentNames(segment)) {
        if (name !== WILDCARD && name === WILDCARD_ARGUMENT) throw fail(`"${WILDCARD_ARGUMENT}" is reserved for the value of a trailing *`);
        if (names.includes(name)) throw fail(`variable "${name}" appears twice`);
        names.push(name);
      }
      segments.push(segment);
    });
    // The root pattern counts as one empty literal segment (as Woomera's `~/`), so it beats `~/:x` for "/".
    return new PathPattern(source, segments, names, shapeOf(segments), segments.length === 0 ? [RANK.literal] : segments.map(rankOf));
  }

  /** The parameters when `segments` (decoded path segments) match, else undefined. */
  match(segments: readonly string[]): PathParams | undefined {
    // The root pattern matches both "" and "/" under a base path, as Woomera's `~/` does.
    if (this.segments.length === 0) return segments.length === 0 || (segments.length === 1 && segments[0] === '') ? {} : undefined;
    const params: Record<string, string> = {};
    return this.walk(segments, 0, 0, params) ? params : undefined;
  }

  private walk(path: readonly string[], at: number, index: number, params: Record<string, string>): boolean {
    if (index === this.segments.length) return at === path.length;
    const segment = this.segments[index]!;
    if (segment.kind === 'wildcard') {
      params[WILDCARD] = path.slice(at).join('/');
      return true;
    }
    const value = path[at];
    if (value !== undefined) {
      const taken = takeSegment(segment, value);
      if (taken !== undefined) {
        Object.assign(params, taken);
        if (this.walk(path, at + 1, index + 1, params)) return true;
        for (const name of Object.keys(taken)) delete params[name];
      }
    }
    return segment.optional && this.walk(path, at, index + 1, params);
  }
}

/** Compare two patterns by specificity: literal < template < optional < variable < wildcard, segment by segment; longer first on a shared prefix. */
export function compareSpecificity(a: PathPattern, b: PathPattern): number {
  const n = Math.min(a.rank.length, b.rank.length);
  for (let i = 0; i < n; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
  return b.rank.length - a.rank.length;
}

function compileSegment(part: string, last: boolean, fail: (reason: string) => RocError): Segment {
  if (part === '*') {
    if (!last) throw fail('a wildcard * may only be the last segment');
    return { kind: 'wildcard' };
  }
  if (part.includes('*')) throw fail(`segment "${part}": * must be a whole segment (the trailing wildcard)`);
  const optional = part.endsWith('?');
  const text = optional ? part.slice(0, -1) : part;
  if (optional && text === '') throw fail('"?" needs a segment to make optional');
  if (text.endsWith('?')) throw fail(`segment "${part}" has more than one "?"`);
  if (text.startsWith(':')) {
    const name = text.slice(1);
    if (!NAME.test(name)) throw fail(`":${name}" is not a valid variable name (letters, digits, _ . -; not starting with a digit)`);
    return { kind: 'variable', name, regex: undefined, optional };
  }
  if (!text.includes('{') && !text.includes('}')) return { kind: 'literal', text: decodeLiteral(text, fail), optional };
  return compileTemplate(text, optional, fail);
}

/** A segment with `{name}` / `{name:regex}` placeholders, possibly mixed with text (`{id}.{ext:(json|xml)}`). */
function compileTemplate(text: string, optional: boolean, fail: (reason: string) => RocError): Segment {
  const names: string[] = [];
  let regex = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    const close = text.indexOf('}', i);
    if (close >= 0 && (open < 0 || close < open)) throw fail(`segment "${text}" has a "}" without "{"`);
    if (open < 0) {
      regex += escapeRegex(decodeLiteral(text.slice(i), fail));
      break;
    }
    regex += escapeRegex(decodeLiteral(text.slice(i, open), fail));
    const end = closingBrace(text, open);
    if (end < 0) throw fail(`segment "${text}" has a "{" that is never closed`);
    const inner = text.slice(open + 1, end);
    const colon = inner.indexOf(':');
    const name = colon < 0 ? inner : inner.slice(0, colon);
    const constraint = colon < 0 ? undefined : inner.slice(colon + 1);
    if (!NAME.test(name)) throw fail(`"{${inner}}" does not start with a valid variable name`);
    if (constraint === '') throw fail(`"{${inner}}" has an empty constraint`);
    if (constraint !== undefined) {
      try {
        new RegExp(constraint);
      } catch (error) {
        throw fail(`the constraint of {${name}} is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    if (names.includes(name)) throw fail(`variable "${name}" appears twice`);
    names.push(name);
    // A constraint's own groups are made non-capturing by nesting: we count our groups by name order.
    regex += constraint === undefined ? '([^/]*?)' : `((?:${constraint}))`;
    i = end + 1;
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`^(?:${regex})$`, 'u');
  } catch (error) {
    throw fail(`segment "${text}" does not compile: ${(error as Error).message}`);
  }
  // A whole-segment {name} without a constraint is a plain variable (same shape as :name).
  if (names.length === 1 && text === `{${names[0]}}`) return { kind: 'variable', name: names[0]!, regex: undefined, optional };
  if (names.length === 1 && /^\{[^{}]+\}$/.test(text)) return { kind: 'variable', name: names[0]!, regex: compiled, optional };
  return { kind: 'template', names, regex: compiled, optional };
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function takeSegment(segment: Exclude<Segment, { kind: 'wildcard' }>, value: string): Record<string, string> | undefined {
  switch (segment.kind) {
    case 'literal':
      return segment.text === value ? {} : undefined;
    case 'variable':
      return segment.regex === undefined || segment.regex.test(value) ? { [segment.name]: value } : undefined;
    case 'template': {
      const m = segment.regex.exec(value);
      if (m === null) return undefined;
      return Object.fromEntries(segment.names.map((name, i) => [name, m[groupIndex(segment.regex, i)] ?? '']));
    }
  }
}

/**
 * The capture group of the i-th placeholder. Constraints may hold groups of their own, so the
 * index is found by counting the unescaped "(" not followed by "?" before each placeholder.
 */
function groupIndex(regex: RegExp, nth: number): number {
  const cached = GROUPS.get(regex);
  if (cached !== undefined) return cached[nth]!;
  const starts: number[] = [];
  const src = regex.source;
  let group = 0;
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      depth++;
      if (src[i + 1] !== '?') {
        group++;
        // Placeholder groups sit directly inside the outer (?:…) wrapper: depth 2.
        if (depth === 2) starts.push(group);
      }
    } else if (c === ')') depth--;
  }
  GROUPS.set(regex, starts);
  return starts[nth]!;
}
const GROUPS = new WeakMap<RegExp, number[]>();

function segmentNames(segment: Segment): readonly string[] {
  return segment.kind === 'variable' ? [segment.name] : segment.kind === 'template' ? segment.names : segment.kind === 'wildcard' ? [WILDCARD] : [];
}

function rankOf(segment: Segment): number {
  if (segment.kind === 'wildcard') return RANK.wildcard;
  if (segment.kind === 'literal') return segment.optional ? RANK.optionalLiteral : RANK.literal;
  if (segment.kind === 'template' || segment.regex !== undefined) return segment.optional ? RANK.optionalVariable : RANK.template;
  return segment.optional ? RANK.optionalVariable : RANK.variable;
}

function shapeOf(segments: readonly Segment[]): string {
  return segments
    .map((s) => {
      const opt = s.kind !== 'wildcard' && s.optional ? '?' : '';
      if (s.kind === 'wildcard') return '*';
      if (s.kind === 'literal') return `=${s.text}${opt}`;
      if (s.kind === 'variable') return `:${s.regex?.source ?? ''}${opt}`;
      return `{${s.regex.source.replace(/\(\(\?:/g, '(')}}${opt}`;
    })
    .join('/');
}

function decodeLiteral(text: string, fail: (reason: string) => RocError): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw fail(`"${text}" holds a malformed %-escape`);
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
