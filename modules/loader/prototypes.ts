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
