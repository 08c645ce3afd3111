import type { ArgumentList, BuildArguments, Grammar, GrammarArgument } from './grammar.ts';
import { NO_ARGUMENTS, argumentError, grammarError, quote, toArgumentList } from './arguments.ts';

/** One `{name}` or `{name:regex}` of a template, with the literal text that follows it. */
interface SimpleVariable {
  readonly name: string;
  /** The constraint, anchored at both ends; `null` for a bare `{name}`. */
  readonly pattern: RegExp | null;
  /** Literal text up to the next variable or the end; '' only for a trailing variable. */
  readonly after: string;
}

// Letters, digits, `_`, `.` and `-`: enough for NetKernel names such as `file-name`.
const VARIABLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * NetKernel's simple grammar: a template such as `res:/owners/{ownerId}/pets/{petId}` or
 * `{id}.{ext:(rdf|ttl)}`. A variable followed by literal text captures up to the leftmost
 * occurrence of that text; a trailing variable takes the rest, `/` included; every capture
 * is non-empty, and a `{name:regex}` capture must match its regex in full. Parsing is a
 * scan with `indexOf`, with no regex unless a variable is constrained.
 *
 * @example
 * const g = new SimpleGrammar('res:/owners/{ownerId}/pets/{petId}');
 * g.parse('res:/owners/7/pets/rex'); // [['ownerId', '7'], ['petId', 'rex']]
 * g.build({ ownerId: '8', petId: 'tom' }); // 'res:/owners/8/pets/tom'
 */
export class SimpleGrammar implements Grammar {
  readonly kind = 'simple' as const;
  readonly source: string;
  readonly prefix: string;
  readonly argumentNames: readonly string[];
  private readonly variables: readonly SimpleVariable[];

  constructor(template: string) {
    if (typeof template !== 'string' || template === '') {
      throw grammarError(JSON.stringify(template), 'a simple grammar needs a non-empty template');
    }
    this.source = template;
    const { prefix, variables } = compileTemplate(template);
    this.prefix = prefix;
    this.variables = variables;
    this.argumentNames = Object.freeze(variables.map((v) => v.name));
  }

  parse(identifier: string): ArgumentList | null {
    if (!identifier.startsWith(this.prefix)) return null;
    const variables = this.variables;
    if (variables.length === 0) return identifier.length === this.prefix.length ? NO_ARGUMENTS : null;
    const out: GrammarArgument[] = [];
    let pos = this.prefix.length;
    for (const v of variables) {
      let end: number;
      if (v.after === '') {
        end = identifier.length;
        if (end === pos) return null;
      } else {
        // From pos + 1: captures are non-empty, so the literal cannot start at pos.
        end = identifier.indexOf(v.after, pos + 1);
        if (end === -1) return null;
      }
      const value = identifier.slice(pos, end);
      if (v.pattern !== null && !v.pattern.test(value)) return null;
      out.push([v.name, value]);
      pos = end + v.after.length;
    }
    return pos === identifier.length ? out : null;
  }

  build(args: BuildArguments): string {
    const values = new Map<string, string>();
    for (const [name, value] of toArgumentList(args, this.source)) {
      if (!this.argumentNames.includes(name)) throw argumentError(this.source, `unknown argument "${name}"`);
      if (values.has(name)) throw argumentError(this.source, `argument "${name}" is given more than once`);
      values.set(name, value);
    }
    let out = this.prefix;
    for (const v of this.variables) {
      const value = values.get(v.name);
      if (value === undefined) throw argumentError(this.source, `missing argument "${v.name}"`);
      if (value === '') throw argumentError(this.source, `argument "${v.name}" is empty; captures are non-empty`);
      if (v.pattern !== null && !v.pattern.test(value)) {
        throw argumentError(this.source, `value ${quote(value)} of "${v.name}" does not match ${String(v.pattern)}`);
      }
      // Parsing stops at the leftmost occurrence of the following literal; the value must not
      // contain one, nor start one that ends inside the literal itself.
      if (v.after !== '' && (value + v.after).indexOf(v.after, 1) !== value.length) {
        throw argumentError(
          this.source,
          `value ${quote(value)} of "${v.name}" contains the literal ${quote(v.after)} that ends it, so it would not parse back`,
        );
      }
      out += value + v.after;
    }
    return out;
  }
}

/** Split a template into its leading literal and variables; throws ROC_ERR_GRAMMAR with a position. */
function compileTemplate(template: string): { prefix: string; variables: SimpleVariable[] } {
  const fail = (reason: string) => grammarError(template, reason);
  const variables: SimpleVariable[] = [];
  let prefix: string | null = null;
  let pending: { name: string; pattern: RegExp | null } | null = null;
  let literal = '';
  let i = 0;
  const flush = (): void => {
    if (pending === null) prefix = literal;
    else variables.push({ name: pending.name, pattern: pending.pattern, after: literal });
    literal = '';
  };
  while (i < template.length) {
    const c = template[i];
    if (c === '}') throw fail(`"}" at position ${i} has no matching "{"`);
    if (c !== '{') {
      literal += c;
      i++;
      continue;
    }
    const open = i;
    if (pending !== null && literal === '') {
      throw fail(`variables "${pending.name}" and the one at position ${open} are adjacent: put literal text between them`);
    }
    flush();
    const { name, regex, end } = readVariable(template, open, fail);
    if (name === '') throw fail(`empty variable name at position ${open}`);
    if (!VARIABLE_NAME.test(name)) {
      throw fail(`variable name "${name}" at position ${open} may hold only letters, digits, "_", "." and "-"`);
    }
    // The previous variable was flushed into `variables` above, so this sees every earlier name.
    if (variables.some((v) => v.name === name)) {
      throw fail(`duplicate variable name "${name}" at position ${open}`);
    }
    let pattern: RegExp | null = null;
    if (regex !== null) {
      if (regex === '') throw fail(`variable "${name}" at position ${open} has an empty regex`);
      try {
        pattern = new RegExp(`^(?:${regex})$`);
      } catch (e) {
        throw fail(`regex of variable "${name}" at position ${open} does not compile: ${(e as Error).message}`);
      }
    }
    pending = { name, pattern };
    i = end;
  }
  flush();
  return { prefix: prefix ?? '', variables };
}

/**
 * Read `{name}` or `{name:regex}` starting at `open`. Braces inside the regex nest (so
 * quantifiers like `{2,3}` work); `\` escapes and `[...]` classes are skipped whole.
 */
function readVariable(
  template: string,
  open: number,
  fail: (reason: string) => Error,
): { name: string; regex: string | null; end: number } {
  let i = open + 1;
  while (i < template.length && template[i] !== '}' && template[i] !== ':' && template[i] !== '{') i++;
  if (i >= template.length || template[i] === '{') throw fail(`"{" at position ${open} is not closed`);
  const name = template.slice(open + 1, i);
  if (template[i] === '}') return { name, regex: null, end: i + 1 };
  const regexStart = i + 1;
  let depth = 0;
  for (i = regexStart; i < template.length; i++) {
    const c = template[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      for (i++; i < template.length && template[i] !== ']'; i++) if (template[i] === '\\') i++;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0) return { name, regex: template.slice(regexStart, i), end: i + 1 };
      depth--;
    }
  }
  throw fail(`"{" of variable "${name}" at position ${open} is not closed`);
}
