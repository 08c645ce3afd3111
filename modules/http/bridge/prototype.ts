/**
 * The `HTTPBridge` prototype (alias `jetty.HTTPBridge`), as module.xml instantiates it:
 *
 * ```xml
 * <overlay>
 *   <prototype>HTTPBridge</prototype>
 *   <exceptionHandler>res:/errors</exceptionHandler>
 *   <config><rewrite><match>https?://[^/]*\/([^?]*)(\?.*)?</match><to>res:/$1</to></rewrite></config>
 *   <space>…</space>
 * </overlay>
 * ```
 */
import type { Verb } from '../../../kernel/index.ts';
import { parseVerb } from '../../../kernel/index.ts';
import type { PrototypeContext, PrototypeRegistry } from '../../loader/prototypes.ts';
import type { XmlNode } from '../../module-xml/index.ts';
import { HttpBridge, type HttpBridgeOptions, type SecurityHeaderOptions } from './http-bridge.ts';
import type { RequestLimits } from './request-data.ts';
import { RewriteRuleError, RewriteRules, type RewriteRule } from './rewrite.ts';

const KNOWN = ['config', 'exceptionHandler', 'methodVerbs', 'development', 'nosniff', 'frameOptions', 'bufferBytes', 'etags', 'maxParams', 'maxFileSize', 'maxFiles', 'maxParts'];

/**
 * Register `HTTPBridge` and `jetty.HTTPBridge`. Parameters (all optional but `<space>`):
 * `config` (rewrite rules), `exceptionHandler`, `methodVerbs` (`true`, or
 * `<method name="POST">SOURCE</method>` children), `development`, `nosniff`, `frameOptions`
 * (`DENY`, `SAMEORIGIN` or `none`), `bufferBytes`, `etags`, `maxParams`, `maxFileSize`,
 * `maxFiles`, `maxParts`. A bad parameter, or a rewrite regex that does not compile, fails
 * the module load with ROC_ERR_MODULE at the offending element.
 *
 * @example registerBridgePrototypes(registry); // before loading a fulcrum module
 */
export function registerBridgePrototypes(registry: PrototypeRegistry): void {
  registry.register('HTTPBridge', createBridge, ['jetty.HTTPBridge']);
}

async function createBridge(ctx: PrototypeContext): Promise<HttpBridge> {
  for (const [name, nodes] of Object.entries(ctx.parameters)) {
    if (!KNOWN.includes(name)) throw ctx.fail(`HTTPBridge has no parameter <${name}>; known: ${KNOWN.join(', ')}`, nodes[0]?.path);
    if (nodes.length > 1) throw ctx.fail(`HTTPBridge takes one <${name}>`, nodes[1]?.path);
  }
  if (ctx.model.space === undefined) throw ctx.fail('HTTPBridge needs a <space> holding the application');
  const one = (name: string): XmlNode | undefined => ctx.parameters[name]?.[0];
  const rules = readRules(ctx, one('config'));
  const handler = ctx.text('exceptionHandler');
  const limits: Partial<Record<keyof RequestLimits, number>> = {};
  for (const name of ['maxParams', 'maxFileSize', 'maxFiles', 'maxParts'] as const) {
    const value = integer(ctx, one(name));
    if (value !== undefined) limits[name] = value;
  }
  const security: { -readonly [K in keyof SecurityHeaderOptions]: SecurityHeaderOptions[K] } = {};
  const nosniff = flag(ctx, one('nosniff'));
  if (nosniff !== undefined) security.nosniff = nosniff;
  const frame = one('frameOptions');
  if (frame !== undefined) {
    const value = frame.text.trim().toUpperCase();
    if (value !== 'DENY' && value !== 'SAMEORIGIN' && value !== 'NONE') throw ctx.fail(`<frameOptions> must be DENY, SAMEORIGIN or none, got "${frame.text.trim()}"`, frame.path);
    security.frameOptions = value === 'NONE' ? false : value;
  }
  const bufferBytes = integer(ctx, one('bufferBytes'));
  const etags = flag(ctx, one('etags'));
  const options: HttpBridgeOptions = {
    space: await ctx.buildSpace(ctx.model.space),
    ...(ctx.model.id === undefined ? {} : { id: ctx.model.id }),
    private: ctx.model.private,
    rewrite: rules,
    ...(handler === undefined || handler === '' ? {} : { exceptionHandler: handler }),
    methodVerbs: methodVerbs(ctx, one('methodVerbs')),
    development: flag(ctx, one('development')) === true,
    securityHeaders: security,
    limits,
    ...(bufferBytes === undefined ? {} : { bufferBytes }),
    ...(etags === undefined ? {} : { etags }),
  };
  return new HttpBridge(options);
}

function readRules(ctx: PrototypeContext, config: XmlNode | undefined): RewriteRule[] {
  if (config === undefined) return [];
  const rules: { rule: RewriteRule; path: string }[] = [];
  for (const node of config.children) {
    if (node.name !== 'rewrite') throw ctx.fail(`<config> holds <rewrite> elements only, not <${node.name}>`, node.path);
    const match = node.children.find((c) => c.name === 'match');
    const to = node.children.find((c) => c.name === 'to');
    if (match === undefined || to === undefined) throw ctx.fail('<rewrite> needs a <match> and a <to>', node.path);
    rules.push({ rule: { match: match.text.trim(), to: to.text.trim() }, path: node.path });
  }
  try {
    // Compiled here too, so a bad regex fails the module load at its own element.
    new RewriteRules(rules.map((r) => r.rule));
  } catch (error) {
    if (error instanceof RewriteRuleError) throw ctx.fail(error.message, rules[error.index]?.path);
    throw error;
  }
  return rules.map((r) => r.rule);
}

function methodVerbs(ctx: PrototypeContext, node: XmlNode | undefined): boolean | Record<string, Verb> {
  if (node === undefined) return false;
  if (node.children.length === 0) return flag(ctx, node) === true;
  const map: Record<string, Verb> = {};
  for (const child of node.children) {
    const method = child.attributes.name?.trim().toUpperCase();
    if (child.name !== 'method' || method === undefined || !/^[A-Z]+$/.test(method)) throw ctx.fail('<methodVerbs> holds <method name="METHOD">VERB</method> elements', child.path);
    try {
      map[method] = parseVerb(child.text);
    } catch (error) {
      throw ctx.fail(error instanceof Error ? error.message : String(error), child.path);
    }
  }
  return map;
}

function flag(ctx: PrototypeContext, node: XmlNode | undefined): boolean | undefined {
  if (node === undefined) return undefined;
  const t = node.text.trim();
  if (t === '' || t === 'true') return true;
  if (t === 'false') return false;
  throw ctx.fail(`<${node.name}> must be true or false, got "${t}"`, node.path);
}

function integer(ctx: PrototypeContext, node: XmlNode | undefined): number | undefined {
  if (node === undefined) return undefined;
  const t = node.text.trim();
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) throw ctx.fail(`<${node.name}> must be a non-negative integer, got "${t}"`, node.path);
  return Number(t);
}
