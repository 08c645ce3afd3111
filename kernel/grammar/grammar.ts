/**
 * Grammars bind endpoints to identifiers. Every grammar both parses (identifier → named
 * arguments) and builds (named arguments → identifier), so a kernel can take an identifier
 * apart, and a caller can make one from a grammar without knowing its syntax.
 *
 * Grammars are compiled once, when an endpoint is mounted; a request only calls `parse`.
 */

/** One parsed argument: its name and its (unescaped) value. Order is the identifier's order. */
export type GrammarArgument = readonly [name: string, value: string];

/** Arguments as a grammar parses them: name/value pairs, a name repeated when it occurs more than once. */
export type ArgumentList = readonly GrammarArgument[];

/** Arguments given to `build`: a list, or a record whose array values repeat the name. */
export type BuildArguments = ArgumentList | Readonly<Record<string, string | readonly string[]>>;

export type GrammarKind = 'exact' | 'simple' | 'active' | 'standard';

export interface Grammar {
  readonly kind: GrammarKind;
  /** Human-readable source of the grammar, used in error messages and META. */
  readonly source: string;
  /**
   * The literal text every matching identifier starts with ('' when none). The kernel and
   * spaces use it to fail fast before any regex work.
   */
  readonly prefix: string;
  /** Names of the arguments this grammar can produce, in declared order. */
  readonly argumentNames: readonly string[];
  /** The arguments of `identifier`, or `null` when it does not match. Never throws for a non-match. */
  parse(identifier: string): ArgumentList | null;
  /**
   * The canonical identifier for these arguments. Throws a RocError ROC_ERR_ARGUMENT when an
   * argument is missing, repeated beyond its max, unknown, or does not fit its constraint.
   */
  build(args: BuildArguments): string;
}

/** Argument of an active grammar: `min`/`max` default to exactly once; `max` may be 'unbounded'. */
export interface ActiveArgumentSpec {
  readonly name: string;
  readonly min?: number;
  readonly max?: number | 'unbounded';
  readonly desc?: string;
}

/** Built-in regex types of the standard grammar (`<regex type="…"/>`). */
export type StandardRegexType =
  | 'anything'
  | 'integer'
  | 'alphanum'
  | 'path-segment'
  | 'path'
  | 'nmtoken'
  | 'active-escaped-uri-loose'
  | 'uri';

/**
 * A node of a standard grammar: a literal string, or a structure. This is the plain-data form
 * of NetKernel's `<grammar>` children; the module loader turns XML into it.
 */
export type StandardNode =
  | string
  | { readonly group: readonly StandardNode[]; readonly name?: string; readonly min?: number; readonly max?: number | 'unbounded' }
  | { readonly regex: string }
  | { readonly regexType: StandardRegexType }
  | { readonly optional: readonly StandardNode[] }
  | { readonly choice: readonly StandardNode[] }
  | { readonly interleave: readonly StandardNode[] };

/** A grammar definition in plain data; `compileGrammar` turns it into a {@link Grammar}. */
export type GrammarSpec =
  | string
  | { readonly exact: string }
  | { readonly simple: string }
  | { readonly active: { readonly identifier: string; readonly arguments?: readonly ActiveArgumentSpec[]; readonly varargs?: boolean } }
  | { readonly standard: readonly StandardNode[] };
