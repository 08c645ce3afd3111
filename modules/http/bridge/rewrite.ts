/**
 * The bridge's rewrite rules (spec §10): each a whole-URL regular expression and a
 * replacement with `$1`…; the first rule that matches decides the identifier issued.
 */

/** One rule as configured: `<rewrite><match>regex</match><to>res:/$1</to></rewrite>`. */
export interface RewriteRule {
  readonly match: string;
  readonly to: string;
}

/** NetKernel's default: the URL path (without the query) under `res:/`. */
export const DEFAULT_REWRITE: RewriteRule = { match: 'https?://[^/]*/([^?]*)(\\?.*)?', to: 'res:/$1' };

/** A regex that does not compile, or an empty replacement; `index` is the rule's position (0-based). */
export class RewriteRuleError extends Error {
  override readonly name = 'RewriteRuleError';
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Compiled rules. Each regex must match the whole URL (as NetKernel's Java `matches` does);
 * compiled once, at configuration time.
 *
 * @example
 * const rules = new RewriteRules([{ match: 'https?://[^/]+/api/(.*)', to: 'active:api+path@$1' }]);
 * rules.rewrite('http://h/api/users'); // 'active:api+path@users'
 */
export class RewriteRules {
  private readonly compiled: { regex: RegExp; to: string }[];

  /** Compile `rules` (the NetKernel default when empty); a bad one throws {@link RewriteRuleError}. */
  constructor(rules: readonly RewriteRule[] = []) {
    const list = rules.length === 0 ? [DEFAULT_REWRITE] : rules;
    this.compiled = list.map((rule, index) => {
      if (typeof rule.to !== 'string' || rule.to.trim() === '') throw new RewriteRuleError(index, `rewrite rule ${index + 1} has an empty <to>`);
      try {
        return { regex: new RegExp(`^(?:${rule.match})$`), to: rule.to.trim() };
      } catch (error) {
        throw new RewriteRuleError(index, `rewrite rule ${index + 1}: <match> ${JSON.stringify(rule.match)} is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
      }
    });
  }

  /** Recent answers: the same URLs come back again and again, and the rules never change. */
  private readonly recent = new Map<string, string | null>();

  /** The identifier for `url`, or undefined when no rule matches. */
  rewrite(url: string): string | undefined {
    const known = this.recent.get(url);
    if (known !== undefined) return known ?? undefined;
    let found: string | null = null;
    for (const { regex, to } of this.compiled) {
      if (regex.test(url)) {
        found = url.replace(regex, to);
        break;
      }
    }
    if (this.recent.size >= 1_000) this.recent.clear();
    this.recent.set(url, found);
    return found ?? undefined;
  }
}
