import { RocError, type EndpointDefinition, type Kernel, type StandardSpace } from '../../kernel/index.ts';
import { BranchMerge } from '../../spaces/branch-merge.ts';
import { Fileset } from '../../spaces/fileset.ts';
import { Import } from '../../spaces/import.ts';
import { literal } from '../../spaces/literal.ts';
import { Mapper, type MapperEndpointConfig } from '../../spaces/mapper.ts';
import { PluggableOverlay } from '../../spaces/pluggable-overlay.ts';
import { Rootspace } from '../../spaces/rootspace.ts';
import { StandardSpace as Space } from '../../kernel/standard-space.ts';
import {
  parseMapperConfig,
  validatePrototypeParameters,
  type EndpointModel,
  type LiteralModel,
  type MapperModel,
  type ModuleModel,
  type PrototypeDefinition,
  type SpaceElement,
  type SpaceModel,
} from '../module-xml/index.ts';
import { loadClass } from './class-loader.ts';
import { declarativeRequest, literalValue, mappedEndpoint } from './convert.ts';
import type { Deployment } from './deployment.ts';
import { parameterHelpers, type PrototypeContext, type PrototypeRegistry } from './prototypes.ts';

/** An import the module declared, checked once every module of a deployment is registered. */
export interface ImportCheck {
  readonly uri: string;
  readonly versionMin?: string;
  readonly versionMax?: string;
  readonly path: string;
}

/** A module built into live (not yet registered or commissioned) rootspaces. */
export interface BuiltModule {
  readonly model: ModuleModel;
  readonly dir: string;
  readonly rootspaces: Rootspace[];
  readonly imports: ImportCheck[];
}

interface Env {
  readonly kernel: Kernel;
  readonly deployment: Deployment;
  readonly prototypes: PrototypeRegistry;
  readonly dir: string;
  readonly model: ModuleModel;
  readonly local: Map<string, PrototypeDefinition>;
  readonly imports: ImportCheck[];
  /** What this project cannot provide (Java classes, library prototypes): all reported together. */
  readonly problems: { path: string; reason: string }[];
  /** Above 0 when rebuilding for a reload: class files are loaded afresh. */
  readonly generation?: number;
}

/**
 * Build a parsed module into rootspaces (spec §9): every construct becomes the spaces-layer
 * building block that implements it. What cannot be provided (a Java class, a prototype of a
 * NetKernel library module) is collected and reported in one ROC_ERR_MODULE listing each
 * element path and why, so a module is never half built.
 */
export async function buildModule(model: ModuleModel, dir: string, services: { kernel: Kernel; deployment: Deployment; prototypes: PrototypeRegistry; generation?: number }): Promise<BuiltModule> {
  const env: Env = { ...services, dir, model, local: new Map(), imports: [], problems: [] };
  for (const root of model.rootspaces) collectPrototypes(root, env);
  const rootspaces: Rootspace[] = [];
  for (const root of model.rootspaces) {
    const space = new Rootspace({ uri: root.uri, version: model.identity.version, public: root.public, privateFilter: root.privateFilter, ...(root.name === undefined ? {} : { name: root.name }), moduleDir: dir });
    await fill(space, root, env);
    rootspaces.push(space);
  }
  if (env.problems.length > 0) {
    const [first] = env.problems;
    const reason = env.problems.length === 1 ? first!.reason : `${env.problems.length} elements cannot be provided: ${env.problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`;
    throw new RocError('ROC_ERR_MODULE', { file: model.file, path: first!.path, reason });
  }
  return { model, dir, rootspaces, imports: env.imports };
}

function collectPrototypes(space: SpaceModel, env: Env): void {
  for (const e of space.elements) {
    if (e.kind === 'prototype') env.local.set(e.id, e);
    if ('space' in e && e.space) collectPrototypes(e.space, env);
  }
}

async function fill(target: StandardSpace, model: SpaceModel, env: Env): Promise<void> {
  for (const element of model.elements) {
    const definition = await buildElement(element, env);
    if (definition !== undefined) target.mount(definition);
  }
}

async function buildSpace(model: SpaceModel | undefined, env: Env, id: string): Promise<StandardSpace> {
  const space = new Space(model?.name ?? id);
  if (model) await fill(space, model, env);
  return space;
}

async function buildElement(e: SpaceElement, env: Env): Promise<EndpointDefinition | undefined> {
  switch (e.kind) {
    case 'fileset':
      return new Fileset({ root: env.dir, ...('regex' in e.match ? { regex: e.match.regex } : { glob: e.match.glob }), ...(e.rewrite === undefined ? {} : { rewrite: e.rewrite }), private: e.private, mutable: e.mutable, id: `fileset@${e.path}` });
    case 'literal':
      return literal(e.uri, literalValue(e), { mimeType: literalMime(e), id: `literal:${e.uri}` });
    case 'import': {
      const check: ImportCheck = { uri: e.uri, path: e.path, ...(e.versionMin === undefined ? {} : { versionMin: e.versionMin }), ...(e.versionMax === undefined ? {} : { versionMax: e.versionMax }) };
      env.imports.push(check);
      return new Import(() => env.deployment.find(e.uri, e.versionMin, e.versionMax), { private: e.private, id: `import:${e.uri}` });
    }
    case 'prototype':
      return undefined; // definitions are collected up front
    case 'mapper':
      return buildMapper(e, env);
    case 'pluggable-overlay':
      return new PluggableOverlay({
        space: await buildSpace(e.space, env, `${e.path}/space`),
        ...(e.id === undefined ? {} : { id: e.id }),
        private: e.private,
        ...(e.preProcess && { preProcess: declarativeRequest(e.preProcess) }),
        ...(e.postProcess && { postProcess: declarativeRequest(e.postProcess) }),
        ...(e.exceptionProcess && { exceptionProcess: declarativeRequest(e.exceptionProcess) }),
      });
    case 'branch-merge':
      return new BranchMerge({
        space: await buildSpace(e.space, env, `${e.path}/space`),
        ...(e.id === undefined ? {} : { id: e.id }),
        private: e.private,
        branches: e.branches,
        overlays: e.overlays.map((o) => {
          if (o.prototype !== 'pluggable-overlay') env.problems.push({ path: o.path, reason: `branch overlay prototype ${o.prototype} is not provided (only pluggable-overlay is)` });
          const h = o.handlers ?? {};
          return {
            name: o.name,
            ...(o.next ? { next: o.next } : {}),
            ...(h.preProcess && { preProcess: declarativeRequest(h.preProcess) }),
            ...(h.postProcess && { postProcess: declarativeRequest(h.postProcess) }),
            ...(h.exceptionProcess && { exceptionProcess: declarativeRequest(h.exceptionProcess) }),
          };
        }),
      });
    default:
      return buildEndpoint(e, env);
  }
}

function literalMime(e: LiteralModel): string {
  return e.type === 'xml' ? 'application/xml' : e.type === 'json' ? 'application/json' : 'text/plain';
}

async function buildMapper(e: MapperModel, env: Env): Promise<EndpointDefinition> {
  const space = await buildSpace(e.space, env, `${e.path}/space`);
  const convert = (endpoints: readonly Parameters<typeof mappedEndpoint>[0][]): MapperEndpointConfig[] => endpoints.map((m) => mappedEndpoint(m));
  const where = { file: env.model.file, path: e.path };
  const config = e.config;
  if (config.kind === 'inline' && config.config.imports.length === 0) {
    return new Mapper({ space, config: convert(config.config.endpoints), private: e.private, ...(e.id === undefined ? {} : { id: e.id }) });
  }
  // Config from resources (and <import>s inside a config): loaded at commission, resolved against the wrapped space.
  return new Mapper({
    space,
    private: e.private,
    ...(e.id === undefined ? {} : { id: e.id }),
    config: async (kernel, scope) => {
      const seen = new Set<string>();
      const load = async (identifier: string): Promise<MapperEndpointConfig[]> => {
        if (seen.has(identifier)) return [];
        seen.add(identifier);
        let text: string;
        try {
          text = await kernel.source(identifier, { scope, as: 'string' });
        } catch (error) {
          throw new RocError('ROC_ERR_MODULE', { ...where, reason: `mapper config ${identifier} cannot be read: ${(error as Error).message}` }, { cause: error });
        }
        const parsed = parseMapperConfig(text, identifier);
        const imported = [];
        for (const i of parsed.imports) imported.push(...(await load(i.identifier)));
        return [...convert(parsed.endpoints), ...imported];
      };
      if (config.kind === 'resource') return load(config.identifier);
      const imported = [];
      for (const i of config.config.imports) imported.push(...(await load(i.identifier)));
      return [...convert(config.config.endpoints), ...imported];
    },
  });
}

async function buildEndpoint(e: EndpointModel, env: Env): Promise<EndpointDefinition | undefined> {
  const where = { file: env.model.file, path: e.path };
  const impl = e.implementation;
  let definition: EndpointDefinition;
  try {
    if (impl.kind === 'class') {
      definition = await loadClass(impl.class, env.dir, where, [], env.generation ?? 0);
    } else {
      const local = env.local.get(impl.prototype);
      if (local !== undefined) {
        definition = await fromLocalPrototype(local, e, env);
      } else {
        const factory = env.prototypes.get(impl.prototype);
        if (factory === undefined) {
          env.problems.push({ path: e.path, reason: `prototype ${impl.prototype} is not provided by roc-kernel (known: ${env.prototypes.names.join(', ')}); it comes from a NetKernel library module this project does not have` });
          return undefined;
        }
        definition = await factory(prototypeContext(e, env));
      }
    }
  } catch (error) {
    if (error instanceof RocError && error.code === 'ROC_ERR_MODULE' && /Java endpoints are not supported/.test(error.message)) {
      env.problems.push({ path: e.path, reason: String(error.details.reason) });
      return undefined;
    }
    throw error;
  }
  return withDeclaration(definition, e);
}

async function fromLocalPrototype(def: PrototypeDefinition, instance: EndpointModel, env: Env): Promise<EndpointDefinition> {
  const values = validatePrototypeParameters(def, instance);
  const params = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  if (def.implementation.kind === 'class') return loadClass(def.implementation.class, env.dir, { file: env.model.file, path: def.path }, [params], env.generation ?? 0);
  const factory = env.prototypes.get(def.implementation.prototype);
  if (factory === undefined) throw new RocError('ROC_ERR_MODULE', { file: env.model.file, path: def.path, reason: `prototype ${def.id} is implemented by prototype ${def.implementation.prototype}, which is not provided` });
  return factory(prototypeContext({ ...instance, implementation: { ...def.implementation, parameters: { ...def.implementation.parameters, ...(instance.implementation.kind === 'prototype' ? instance.implementation.parameters : {}) } } }, env));
}

function prototypeContext(e: EndpointModel, env: Env): PrototypeContext {
  const parameters = e.implementation.kind === 'prototype' ? e.implementation.parameters : {};
  const fail = (reason: string, path?: string) => new RocError('ROC_ERR_MODULE', { file: env.model.file, path: path ?? e.path, reason });
  return {
    kernel: env.kernel,
    deployment: env.deployment,
    moduleDir: env.dir,
    file: env.model.file,
    model: e,
    parameters,
    ...parameterHelpers(parameters, fail, e.implementation.kind === 'prototype' ? e.implementation.prototype : 'this endpoint'),
    buildSpace: (space) => buildSpace(space, env, `${e.path}/space`),
    fail,
  };
}

/** The endpoint as module.xml declared it: the element's id, grammar, verbs, private and meta win over the implementation's. */
function withDeclaration(definition: EndpointDefinition, e: EndpointModel): EndpointDefinition {
  const declared: Partial<Record<keyof EndpointDefinition, unknown>> = {};
  if (e.id !== undefined) declared.id = e.id;
  if (e.grammar !== undefined) declared.grammar = e.grammar;
  if (e.verbs !== undefined) declared.verbs = e.verbs;
  if (e.private) declared.private = true;
  if (e.meta !== undefined) declared.meta = { ...(definition.meta ?? {}), xml: e.meta };
  if (Object.keys(declared).length === 0) return definition;
  // Keep the implementation as the prototype (its fields stay reachable) and bind its methods to it,
  // so classes with #private state work unchanged.
  const wrapper = Object.create(definition) as Record<string, unknown>;
  for (const name of METHODS) {
    const fn = (definition as Record<string, unknown>)[name];
    if (typeof fn === 'function') wrapper[name] = fn.bind(definition);
  }
  return Object.assign(wrapper, declared) as EndpointDefinition;
}

const METHODS = ['onSource', 'onSink', 'onExists', 'onDelete', 'onNew', 'onMeta', 'onTransrept', 'onRequest', 'resolve', 'commission', 'decommission'] as const;
