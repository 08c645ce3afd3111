/**
 * Grammars: exact, simple, active and standard behind one {@link Grammar} interface, the
 * `compileGrammar` entry point, and the active URI helpers the kernel's request builder uses.
 */
export type {
  ActiveArgumentSpec,
  ArgumentList,
  BuildArguments,
  Grammar,
  GrammarArgument,
  GrammarKind,
  GrammarSpec,
  StandardNode,
  StandardRegexType,
} from './grammar.ts';
export { compileGrammar } from './compile.ts';
export { ExactGrammar } from './exact.ts';
export { SimpleGrammar } from './simple.ts';
export { ActiveGrammar, checkActiveArguments, type ActiveGrammarSpec } from './active.ts';
export { StandardGrammar } from './standard.ts';
export { REGEX_TYPES, MAX_INTERLEAVE } from './standard-compile.ts';
export {
  ACTIVE_SCHEME,
  appendActiveArguments,
  escapeActiveValue,
  parseActiveURI,
  unescapeActiveValue,
} from './active-uri.ts';
