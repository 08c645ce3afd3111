/**
 * The routing table of a RESTOverlay: every `<rest>` declaration of the endpoints of the
 * wrapped space, compiled into ordered rules when the overlay is built. Conflicts and
 * patterns that do not compile are found here, at load time, never per request.
 */
import { isRocError, MountedEndpoint, RocError, StandardSpace, type Space } from '../../../kernel/index.ts';
import type { XmlNode } from '../../module-xml/index.ts';
import { compareSpecificity, PathPattern, WILDCARD, WILDCARD_ARGUMENT } from './pattern.ts';

/** How a rule's responses get an ETag: from the representation cache (`auto`), an MD5 of the body, or none. */
export type EtagMode = 'auto' | 'md5' | 'none';

/**
 * One `<rest>` declaration, as plain data: what an endpoint puts in `meta.rest` (one or an
 * array) when declared in code, and what `<meta><rest>` becomes when declared in module.xml.
 *
 * @example { path: '~/user/:id', method: ['GET', 'PUT'], produces: 'application/json', priority: 1 }
 */
export interface RestMeta {
  /** The path pattern, relative to the overlay's base path (README.md, "Path patterns"). */
  readonly path: string;
  /** HTTP method(s); default GET. GET also answers HEAD. */
  readonly method?: string | readonly string[];
  /** Media types the endpoint can produce, for `Accept` negotiation (406 when none fits). */
  readonly produces?: string | readonly string[];
  /** Higher runs first (default 0). */
  readonly priority?: number;
  /** The pipeline the rule belongs to (default `''`); pipelines run in the overlay's `pipelines` order. */
  readonly pipeline?: string;
  readonly etag?: EtagMode | boolean;
  /** gzip the body when the client accepts it. */
  readonly compress?: boolean;
}

/** A compiled rule: a declaration, its pattern and the endpoint it routes to. */
export interface RestRule {
  readonly pattern: PathPattern;
  readonly methods: ReadonlySet<string>;
  readonly produces: readonly string[];
  readonly priority: number;
  readonly pipeline: string;
  readonly etag: EtagMode | undefined;
  readonly compress: boolean | undefined;
  readonly endpoint: MountedEndpoint;
  /** Where it was declared: an element path (module.xml) or the endpoint id. */
  readonly where: string;
  readonly order: number;
}

/** A table that cannot be built: `where` locates the offending declaration (an XML element path when there is one). */
export class RestTableError extends Error {
  constructor(
    message: string,
    readonly where: string | undefined,
  ) {
    super(message);
  }
}

const METHOD = /^[A-Z][A-Z0-9_-]*$/;
const MEDIA = /^[\w.+*-]+\/[\w.+*-]+$/;

/**
 * Build the ordered rules for the endpoints of `space` (and of opaque overlays' logical
 * endpoints in it). Order: pipeline (in `pipelines` order, unknown pipelines after, in order
 * of appearance), priority (high first), specificity, declaration order. Throws a
 * {@link RestTableError} for a declaration that does not compile or two that conflict.
 */
export function buildRules(space: Space, pipelines: readonly string[] = ['']): RestRule[] {
  const rules: RestRule[] = [];
  for (const endpoint of endpointsIn(space)) {
    for (const { meta, where } of restDeclarations(endpoint)) rules.push(compileRule(meta, endpoint, where, rules.length));
  }
  const order = [...pipelines];
  for (const rule of rules) if (!order.includes(rule.pipeline)) order.push(rule.pipeline);
  rules.sort((a, b) => order.indexOf(a.pipeline) - order.indexOf(b.pipeline) || b.priority - a.priority || compareSpecificity(a.pattern, b.pattern) || a.order - b.order);
  checkConflicts(rules);
  return rules;
}

function* endpointsIn(space: Space): Generator<MountedEndpoint> {
  if (!(space instanceof StandardSpace)) return;
  for (const endpoint of space.endpoints) {
    yield endpoint;
    const logical = (endpoint.definition as { logicalEndpoints?: readonly unknown[] }).logicalEndpoints;
    for (const e of logical ?? []) if (e instanceof MountedEndpoint) yield e;
  }
}

/** The `<rest>` declarations of an endpoint: `meta.rest` (code) and `<rest>` children of `meta.xml` (module.xml). */
function restDeclarations(endpoint: MountedEndpoint): { meta: RestMeta; where: string }[] {
  const meta = endpoint.definition.meta;
  if (meta === undefined) return [];
  const out: { meta: RestMeta; where: string }[] = [];
  const rest = meta.rest;
  if (rest !== undefined) for (const r of Array.isArray(rest) ? rest : [rest]) out.push({ meta: r as RestMeta, where: `endpoint ${endpoint.id}` });
  const xml = meta.xml as XmlNode | undefined;
  if (xml !== undefined && typeof xml === 'object' && Array.isArray(xml.children)) {
    for (const node of xml.children) if (node.name === 'rest') out.push({ meta: restFromXml(node), where: node.path });
  }
  return out;
}

/**
 * `<rest><simple>path</simple><method>GET</method><produces>…</produces><Etag>MD5</Etag>
 * <compress/><priority>1</priority><pipeline>api</pipeline></rest>` as a {@link RestMeta}.
 * `<path>` is accepted for `<simple>`; methods may repeat or be comma-separated.
 */
export function restFromXml(node: XmlNode): RestMeta {
  const fail = (reason: string, at: XmlNode = node) => new RestTableError(reason, at.path);
  let path: string | undefined;
  const methods: string[] = [];
  const produces: string[] = [];
  const meta: { -readonly [K in keyof RestMeta]: RestMeta[K] } = { path: '' };
  for (const child of node.children) {
    const text = child.text.trim();
    switch (child.name.toLowerCase()) {
      case 'simple':
      case 'path':
        if (path !== undefined) throw fail('<rest> takes one <simple> path', child);
        path = text;
        break;
      case 'method':
        methods.push(...text.split(',').map((m) => m.trim()).filter((m) => m !== ''));
        break;
      case 'produces':
        produces.push(text);
        break;
      case 'etag':
        meta.etag = text === '' ? 'auto' : (text.toLowerCase() as EtagMode);
        break;
      case 'compress':
        meta.compress = text !== 'false';
        break;
      case 'priority':
        if (!/^-?\d+$/.test(text)) throw fail(`<priority> must be a whole number, got "${text}"`, child);
        meta.priority = Number(text);
        break;
      case 'pipeline':
        meta.pipeline = text;
        break;
      default:
        throw fail(`<rest> has no element <${child.name}>; known: simple, method, produces, Etag, compress, priority, pipeline`, child);
    }
  }
  if (path === undefined) throw fail('<rest> needs a <simple> path pattern');
  meta.path = path;
  if (methods.length > 0) meta.method = methods;
  if (produces.length > 0) meta.produces = produces;
  return meta;
}

function compileRule(meta: RestMeta, endpoint: MountedEndpoint, where: string, order: number): RestRule {
  const fail = (reason: string) => new RestTableError(`endpoint ${endpoint.id}: ${reason}`, where);
  if (meta === null || typeof meta !== 'object' || typeof meta.path !== 'string') throw fail('a rest declaration needs a path');
  let pattern: PathPattern;
  try {
    pattern = PathPattern.compile(meta.path);
  } catch (error) {
    throw fail(isRocError(error) ? error.message : String(error));
  }
  const methods = new Set(list(meta.method ?? 'GET').map((m) => m.trim().toUpperCase()));
  for (const m of methods) if (!METHOD.test(m)) throw fail(`"${m}" is not an HTTP method`);
  const produces = list(meta.produces ?? []).map((p) => p.trim());
  for (const p of produces) if (!MEDIA.test(p)) throw fail(`produces "${p}" is not a media type`);
  const etag = meta.etag === undefined ? undefined : meta.etag === true ? 'auto' : meta.etag === false ? 'none' : meta.etag;
  if (etag !== undefined && etag !== 'auto' && etag !== 'md5' && etag !== 'none') throw fail(`Etag must be MD5, auto or none, got "${String(meta.etag)}"`);
  if (meta.priority !== undefined && !Number.isFinite(meta.priority)) throw fail('priority must be a number');
  checkGrammar(endpoint, pattern, fail);
  return {
    pattern,
    methods,
    produces,
    priority: meta.priority ?? 0,
    pipeline: meta.pipeline ?? '',
    etag,
    compress: meta.compress,
    endpoint,
    where,
    order,
  };
}

/** The endpoint must be reachable from the pattern's variables: a grammar whose arguments the pattern captures. */
function checkGrammar(endpoint: MountedEndpoint, pattern: PathPattern, fail: (reason: string) => RestTableError): void {
  const grammar = endpoint.grammar;
  if (grammar === undefined) throw fail('it has <rest> metadata but no grammar to address it by');
  if (grammar.kind === 'active') return;
  const offered = pattern.names.map((n) => (n === WILDCARD ? WILDCARD_ARGUMENT : n));
  const missing = grammar.argumentNames.filter((n) => !offered.includes(n));
  if (missing.length > 0) throw fail(`its grammar ${grammar.source} needs ${missing.join(', ')}, which path "${pattern.source}" does not capture`);
}

/**
 * Two rules conflict when they match the same paths (same pattern shape), in the same
 * pipeline at the same priority, for a common method, with overlapping `produces`: neither
 * could ever be chosen by design, only by declaration order.
 */
function checkConflicts(rules: readonly RestRule[]): void {
  for (let i = 0; i < rules.length; i++) {
    const a = rules[i]!;
    for (let j = i + 1; j < rules.length; j++) {
      const b = rules[j]!;
      if (a.pattern.shape !== b.pattern.shape || a.pipeline !== b.pipeline || a.priority !== b.priority) continue;
      const common = [...a.methods].filter((m) => b.methods.has(m));
      if (common.length === 0) continue;
      const overlap = a.produces.length === 0 || b.produces.length === 0 || a.produces.some((p) => b.produces.includes(p));
      if (!overlap) continue;
      throw new RestTableError(
        `path patterns "${a.pattern.source}" (${a.endpoint.id}) and "${b.pattern.source}" (${b.endpoint.id}) conflict: both match the same paths for ${common.join(', ')} ` +
          'at the same priority; give one a different priority, pipeline or produces',
        b.where.includes('/') ? b.where : a.where.includes('/') ? a.where : undefined,
      );
    }
  }
}

function list(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? value.split(',').filter((v) => v.trim() !== '') : [...value];
}

/** Turn a table error into the RocError code-declared overlays throw. */
export function tableError(overlay: string, error: unknown): RocError {
  if (error instanceof RestTableError) return new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: overlay, reason: error.message }, { cause: error });
  if (isRocError(error)) return error;
  return new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: overlay, reason: String(error) }, { cause: error });
}
