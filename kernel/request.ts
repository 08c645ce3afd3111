import { RocError } from './errors.ts';
import { appendActiveArguments } from './grammar/active-uri.ts';
import type { GrammarArgument } from './grammar/grammar.ts';
import type { RepresentationClass } from './representation.ts';
import type { Scope } from './scope.ts';
import { parseVerb, VERB_BIT, type Verb } from './verbs.ts';

/** A value passed by value or by request, waiting in the `pbv:` space injected for it. */
export type PassedArgument = { readonly value: unknown } | { readonly request: Request };

let pbvCounter = 0;
const EMPTY_HEADERS: ReadonlyMap<string, unknown> = new Map();

/**
 * A request: identifier, verb, arguments, primary argument, requested representation class
 * and headers. Build one with `ctx.createRequest(id)` or `kernel.createRequest(id)`, set what
 * it needs, then issue it. Arguments are appended to the identifier in active-URI form
 * (`+name@value`), so the receiver's grammar sees them like any other identifier.
 * By-value and by-request arguments become generated `pbv:` identifiers, resolved in a
 * space the kernel injects into the request's scope.
 *
 * @example
 * const req = ctx.createRequest('active:toUpper')
 *   .addArgument('operand', 'res:/name')
 *   .addArgumentByValue('suffix', '!')
 *   .setRepresentationClass('string');
 * const text = await ctx.issueRequest(req);
 */
export class Request {
  verb: Verb = 'SOURCE';
  verbBit = VERB_BIT.SOURCE;
  representationClass: RepresentationClass | undefined;
  primary: unknown;
  hasPrimary = false;
  /** An explicit request scope; by default the issuing endpoint's evaluation scope. */
  scope: Scope | undefined;
  private headerMap: Map<string, unknown> | undefined;
  private appended: GrammarArgument[] | undefined;
  private passed: Map<string, PassedArgument> | undefined;
  private built: string;

  constructor(readonly baseIdentifier: string) {
    if (typeof baseIdentifier !== 'string' || baseIdentifier.length === 0) {
      throw new RocError('ROC_ERR_IDENTIFIER', { identifier: String(baseIdentifier), reason: 'an identifier must be a non-empty string' });
    }
    this.built = baseIdentifier;
  }

  /** The identifier as issued: the base identifier with appended arguments. */
  get identifier(): string {
    return this.built;
  }

  setVerb(verb: Verb | string): this {
    const bit = Object.hasOwn(VERB_BIT, verb) ? VERB_BIT[verb as Verb] : undefined;
    this.verb = bit === undefined ? parseVerb(verb) : (verb as Verb);
    this.verbBit = bit ?? VERB_BIT[this.verb];
    return this;
  }

  setRepresentationClass(cls: RepresentationClass | undefined): this {
    this.representationClass = cls;
    return this;
  }

  setHeader(name: string, value: unknown): this {
    (this.headerMap ??= new Map()).set(name, value);
    return this;
  }

  get headers(): ReadonlyMap<string, unknown> {
    return this.headerMap ?? EMPTY_HEADERS;
  }

  /** Pass an argument by reference: `identifier` is what the receiver's `arg:NAME` resolves. */
  addArgument(name: string, identifier: string): this {
    checkArgumentName(name, this.baseIdentifier);
    (this.appended ??= []).push([name, identifier]);
    this.built = appendActiveArguments(this.baseIdentifier, this.appended);
    return this;
  }

  /** Pass a value: the receiver sees a `pbv:` identifier that resolves to it. */
  addArgumentByValue(name: string, value: unknown): this {
    return this.pass(name, { value });
  }

  /** Pass a request, evaluated lazily when (and each time) the receiver sources the argument. */
  addArgumentByRequest(name: string, request: Request): this {
    return this.pass(name, { request });
  }

  /** The primary argument: the representation a SINK writes, a NEW creates from, a TRANSREPT converts. */
  addPrimaryArgument(value: unknown): this {
    this.primary = value;
    this.hasPrimary = true;
    return this;
  }

  setRequestScope(scope: Scope | undefined): this {
    this.scope = scope;
    return this;
  }

  /** Values passed by value or by request, keyed by their generated `pbv:` identifier. */
  get passedArguments(): ReadonlyMap<string, PassedArgument> | undefined {
    return this.passed;
  }

  /**
   * A copy to issue elsewhere (an overlay passing a request inward): same identifier, verb,
   * class, primary and headers. Passed-by-value arguments are not passed again: the space
   * holding them is already in the scope the copy is issued from.
   */
  clone(identifier: string = this.built): Request {
    const copy = new Request(identifier);
    copy.verb = this.verb;
    copy.verbBit = this.verbBit;
    copy.representationClass = this.representationClass;
    copy.primary = this.primary;
    copy.hasPrimary = this.hasPrimary;
    if (this.headerMap) copy.headerMap = new Map(this.headerMap);
    return copy;
  }

  private pass(name: string, passed: PassedArgument): this {
    const id = `pbv:${(++pbvCounter).toString(36)}`;
    (this.passed ??= new Map()).set(id, passed);
    return this.addArgument(name, id);
  }
}

function checkArgumentName(name: string, identifier: string): void {
  if (typeof name !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(name)) {
    throw new RocError('ROC_ERR_ARGUMENT', { identifier, reason: `"${String(name)}" is not a valid argument name` });
  }
}
