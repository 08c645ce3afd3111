import type { ArgumentList, BuildArguments, Grammar, GrammarArgument, StandardNode } from './grammar.ts';
import { NO_ARGUMENTS, argumentError, grammarError, quote, toArgumentList } from './arguments.ts';
import { type Part, compileStandard, renderStandard } from './standard-compile.ts';

/**
 * NetKernel's standard grammar in plain-data form: literal strings mixed with `group`
 * (named groups become arguments; `min`/`max` repeat), `regex`/`regexType`, `optional`,
 * `choice` and `interleave`. It compiles once to one anchored RegExp; `parse` checks the
 * literal prefix, runs it, and reads the named captures. `build` emits literals and
 * supplied values (optional parts when one of their arguments is supplied, the first
 * buildable choice branch, interleaved parts in declared order) and then parses its own
 * output, so it never returns an identifier that would not parse back to the same arguments.
 *
 * @example
 * const g = new StandardGrammar(['res:/users/', { group: [{ regexType: 'integer' }], name: 'id' }]);
 * g.parse('res:/users/42'); // [['id', '42']]
 * g.build({ id: '7' });      // 'res:/users/7'
 */
export class StandardGrammar implements Grammar {
  readonly kind = 'standard' as const;
  readonly source: string;
  readonly prefix: string;
  readonly argumentNames: readonly string[];
  private readonly parts: readonly Part[];
  private readonly regex: RegExp;
  /** Capture numbers (1-based) that hold arguments, and their names, in capture order. */
  private readonly captures: readonly number[];
  private readonly captureNames: readonly string[];

  constructor(nodes: readonly StandardNode[]) {
    this.source = renderStandard(nodes);
    if (this.source === '') throw grammarError('<standard/>', 'a standard grammar needs at least one node');
    const compiled = compileStandard(nodes, this.source);
    this.parts = compiled.parts;
    this.regex = compiled.regex;
    this.prefix = compiled.prefix;
    const captures: number[] = [];
    const captureNames: string[] = [];
    compiled.slots.forEach((name, i) => {
      if (name !== null) {
        captures.push(i + 1);
        captureNames.push(name);
      }
    });
    this.captures = captures;
    this.captureNames = captureNames;
    this.argumentNames = Object.freeze([...new Set(captureNames)]);
  }

  parse(identifier: string): ArgumentList | null {
    if (!identifier.startsWith(this.prefix)) return null;
    const m = this.regex.exec(identifier);
    if (m === null) return null;
    let out: GrammarArgument[] | null = null;
    const captures = this.captures;
    for (let i = 0; i < captures.length; i++) {
      const value = m[captures[i]!];
      if (value !== undefined) (out ??= []).push([this.captureNames[i]!, value]);
    }
    return out ?? NO_ARGUMENTS;
  }

  build(args: BuildArguments): string {
    const given = toArgumentList(args, this.source);
    const supply = new Supply(given);
    const out = this.emitAll(this.parts, supply);
    const left = supply.leftover();
    if (left !== null) {
      throw argumentError(
        this.source,
        this.argumentNames.includes(left) ? `argument "${left}" is given more times than the grammar uses it` : `unknown argument "${left}"`,
      );
    }
    const parsed = this.parse(out);
    if (parsed === null || !sameArguments(parsed, given)) {
      throw argumentError(this.source, `the arguments build ${quote(out)}, which does not parse back to the same arguments`);
    }
    return out;
  }

  private emitAll(parts: readonly Part[], supply: Supply): string {
    let out = '';
    for (const part of parts) out += this.emit(part, supply);
    return out;
  }

  private emit(part: Part, supply: Supply): string {
    switch (part.type) {
      case 'literal':
        return part.text;
      case 'regex':
        if (part.matchesEmpty) return '';
        throw argumentError(this.source, `cannot build ${part.label}: it is not inside a named group, so no argument gives its text`);
      case 'group': {
        if (part.name === undefined) {
          if (part.min === 0) return supply.any(part.names) ? this.emitAll(part.parts, supply) : '';
          let out = '';
          for (let i = 0; i < part.min; i++) out += this.emitAll(part.parts, supply);
          return out;
        }
        const value = supply.take(part.name);
        if (value === undefined) {
          if (part.min === 0) return '';
          throw argumentError(this.source, `missing argument "${part.name}"`);
        }
        if (part.check !== undefined && !part.check.test(value)) {
          throw argumentError(this.source, `value ${quote(value)} of "${part.name}" does not match ${part.label} (${String(part.check)})`);
        }
        return value;
      }
      case 'optional':
        return supply.any(part.names) ? this.emitAll(part.parts, supply) : '';
      case 'interleave':
        return this.emitAll(part.parts, supply);
      case 'choice': {
        // With arguments for this choice, take the first branch that uses one and has all it
        // requires; without, the first branch that requires none.
        const wanted = supply.any(part.names);
        const branch = part.branches.find((b) => (wanted ? supply.any(b.names) : true) && supply.all(b.required));
        if (branch === undefined) throw argumentError(this.source, 'no branch of a <choice> can be built from the given arguments');
        return this.emit(branch, supply);
      }
    }
  }
}

/** The values given to build, consumed per name in order as named groups are emitted. */
class Supply {
  private readonly values = new Map<string, { readonly list: string[]; next: number }>();

  constructor(given: ArgumentList) {
    for (const [name, value] of given) {
      const entry = this.values.get(name);
      if (entry === undefined) this.values.set(name, { list: [value], next: 0 });
      else entry.list.push(value);
    }
  }

  has(name: string): boolean {
    const e = this.values.get(name);
    return e !== undefined && e.next < e.list.length;
  }

  any(names: readonly string[]): boolean {
    return names.some((n) => this.has(n));
  }

  all(names: readonly string[]): boolean {
    return names.every((n) => this.has(n));
  }

  take(name: string): string | undefined {
    const e = this.values.get(name);
    if (e === undefined || e.next >= e.list.length) return undefined;
    return e.list[e.next++];
  }

  /** A name with values nobody took, or null. */
  leftover(): string | null {
    for (const [name, e] of this.values) if (e.next < e.list.length) return name;
    return null;
  }
}

/** Same values per name, in the same order per name; order across names does not matter. */
function sameArguments(a: ArgumentList, b: ArgumentList): boolean {
  if (a.length !== b.length) return false;
  const key = (list: ArgumentList) =>
    JSON.stringify([...list].map((p, i) => [p[0], i, p[1]] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1])).map((x) => [x[0], x[2]]));
  return key(a) === key(b);
}
