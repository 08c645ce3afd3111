import { RocError, type Awaitable, type EndpointDefinition, type Kernel, type StandardSpace } from '../../kernel/index.ts';
import type { EndpointModel, SpaceModel, XmlNode } from '../module-xml/index.ts';
import type { Deployment } from './deployment.ts';

/**
 * What a prototype factory gets: the instance as module.xml declared it (id, grammar, verbs,
 * private, meta, and its parameters as XML by element name), helpers to read parameters,
 * the means to build a nested `<space>`, and the kernel and deployment it runs in.
 */
export interface PrototypeContext {
  readonly kernel: Kernel;
  readonly deployment: Deployment;
  /** The module folder (where `<class>` files and filesets live). */
  readonly moduleDir: string;
  readonly file: string;
  /** The instance: `model.id`, `model.grammar`, `model.path`, … */
  readonly model: EndpointModel;
  /** Parameter elements by name (`<config>`, `<exceptionHandler>`, …). */
  readonly parameters: Readonly<Record<string, readonly XmlNode[]>>;
  /** The trimmed text of parameter `name`, or `fallback`. */
  text(name: string, fallback?: string): string | undefined;
  /** The first element of parameter `name`. */
  node(name: string): XmlNode | undefined;
  /** Parameter `name` as a boolean (`true`, `false`, or empty for true); a ROC_ERR_MODULE at the element otherwise. */
  flag(name: string): boolean | undefined;
  /**
   * Refuse parameters this prototype does not take, and repeats of those that take one value
   * (ROC_ERR_MODULE naming the element and the known names).
   */
  only(known: readonly string[], repeatable?: readonly string[]): void;
  /** The instance's `<space>` (or another space model) built into a live space. */
  buildSpace(space: SpaceModel | undefined): Promise<StandardSpace>;
  /** A ROC_ERR_MODULE at this instance (or at `path`), for a bad parameter. */
  fail(reason: string, path?: string): RocError;
}

/** Makes the endpoint for one `<prototype>NAME</prototype>` instance. */
export type PrototypeFactory = (ctx: PrototypeContext) => Awaitable<EndpointDefinition>;

/**
 * The prototypes a deployment knows by name (HTTPTransport, HTTPBridge, Limiter, …), with
 * aliases (`jetty.HTTPBridge`). Standard modules register theirs; an application can
 * register its own from code.
 *
 * @example registry.register('Greeter', (ctx) => new Greeter(ctx.text('greeting', 'Hello')!));
 */
export class PrototypeRegistry {
  private readonly factories = new Map<string, PrototypeFactory>();

  register(name: string, factory: PrototypeFactory, aliases: readonly string[] = []): void {
    for (const n of [name, ...aliases]) this.factories.set(n, factory);
  }

  get(name: string): PrototypeFactory | undefined {
    return this.factories.get(name);
  }

  get names(): string[] {
    return [...this.factories.keys()].sort();
  }
}

/**
 * The parameter helpers of a {@link PrototypeContext} (`text`, `node`, `flag`, `only`) over a
 * set of parameter elements; `fail` makes the error for an element.
 */
export function parameterHelpers(
  parameters: Readonly<Record<string, readonly XmlNode[]>>,
  fail: (reason: string, path?: string) => RocError,
  prototype: string,
): Pick<PrototypeContext, 'text' | 'node' | 'flag' | 'only'> {
  return {
    text: (name, fallback) => parameters[name]?.[0]?.text.trim() ?? fallback,
    node: (name) => parameters[name]?.[0],
    flag: (name) => {
      const node = parameters[name]?.[0];
      if (node === undefined) return undefined;
      const text = node.text.trim();
      if (text === '' || text === 'true') return true;
      if (text === 'false') return false;
      throw fail(`<${name}> must be true or false, got "${text}"`, node.path);
    },
    only: (known, repeatable = []) => {
      for (const [name, nodes] of Object.entries(parameters)) {
        if (!known.includes(name)) throw fail(`${prototype} has no parameter <${name}>; it takes ${known.map((k) => `<${k}>`).join(', ') || 'none'}`, nodes[0]?.path);
        if (nodes.length > 1 && !repeatable.includes(name)) throw fail(`${prototype} takes one <${name}>`, nodes[1]?.path);
      }
    },
  };
}
