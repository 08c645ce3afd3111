import type { Grammar, GrammarSpec } from './grammar.ts';
import { ActiveGrammar } from './active.ts';
import { grammarError } from './arguments.ts';
import { ExactGrammar } from './exact.ts';
import { SimpleGrammar } from './simple.ts';
import { StandardGrammar } from './standard.ts';

/**
 * Compile a plain-data grammar definition once, when an endpoint is mounted. A bare string
 * is an exact grammar; otherwise the object's single key (`exact`, `simple`, `active`,
 * `standard`) picks the kind. A definition that cannot compile throws RocError
 * ROC_ERR_GRAMMAR naming the grammar and the problem.
 *
 * @example
 * compileGrammar('res:/hello').parse('res:/hello');                  // []
 * compileGrammar({ simple: 'res:/owners/{id}' }).parse('res:/owners/7'); // [['id', '7']]
 * compileGrammar({ active: { identifier: 'active:x', arguments: [{ name: 'a' }] } }).build({ a: 'res:/b' });
 * // 'active:x+a@res:/b'
 */
export function compileGrammar(spec: GrammarSpec): Grammar {
  if (typeof spec === 'string') return new ExactGrammar(spec);
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw grammarError(String(JSON.stringify(spec)), 'a grammar is a string or an object with one of exact, simple, active, standard');
  }
  const keys = Object.keys(spec);
  if (keys.length !== 1) {
    throw grammarError(JSON.stringify(spec), `a grammar object needs exactly one of exact, simple, active, standard; got ${keys.join(', ') || 'none'}`);
  }
  if ('exact' in spec) return new ExactGrammar(spec.exact);
  if ('simple' in spec) return new SimpleGrammar(spec.simple);
  if ('active' in spec) return new ActiveGrammar(spec.active);
  if ('standard' in spec) return new StandardGrammar(spec.standard);
  throw grammarError(JSON.stringify(spec), `unknown grammar kind "${keys[0] ?? ''}"; expected exact, simple, active or standard`);
}
