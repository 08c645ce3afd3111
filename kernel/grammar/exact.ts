import type { ArgumentList, BuildArguments, Grammar } from './grammar.ts';
import { NO_ARGUMENTS, NO_NAMES, argumentError, grammarError, toArgumentList } from './arguments.ts';

/**
 * A grammar matching one identifier exactly, with no arguments: NetKernel's bare
 * `<grammar>res:/hello</grammar>`. Use it for fixed resources; its prefix is the whole
 * identifier, so a resolver can reject other identifiers with one `startsWith`.
 *
 * @example
 * const g = new ExactGrammar('res:/hello');
 * g.parse('res:/hello'); // []
 * g.parse('res:/bye');   // null
 * g.build({});           // 'res:/hello'
 */
export class ExactGrammar implements Grammar {
  readonly kind = 'exact' as const;
  readonly source: string;
  readonly prefix: string;
  readonly argumentNames: readonly string[] = NO_NAMES;

  constructor(identifier: string) {
    if (typeof identifier !== 'string' || identifier === '') {
      throw grammarError(JSON.stringify(identifier), 'an exact grammar needs a non-empty identifier');
    }
    this.source = identifier;
    this.prefix = identifier;
  }

  parse(identifier: string): ArgumentList | null {
    return identifier === this.source ? NO_ARGUMENTS : null;
  }

  build(args: BuildArguments): string {
    const first = toArgumentList(args, this.source)[0];
    if (first !== undefined) {
      throw argumentError(this.source, `unknown argument "${first[0]}": an exact grammar takes no arguments`);
    }
    return this.source;
  }
}
