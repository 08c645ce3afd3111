/**
 * The `RESTOverlay` prototype, as module.xml instantiates it (NetKernel's form, parameters in
 * `<config>` or directly under the overlay):
 *
 * ```xml
 * <overlay>
 *   <prototype>RESTOverlay</prototype>
 *   <config><basepath>/api</basepath><auto404/><exceptionHandler>active:errors</exceptionHandler></config>
 *   <space>…endpoints with <meta><rest>…</rest></meta>…</space>
 * </overlay>
 * ```
 */
import { RocError } from '../../../kernel/index.ts';
import type { PrototypeContext, PrototypeRegistry } from '../../loader/prototypes.ts';
import type { XmlNode } from '../../module-xml/index.ts';
import { RestOverlay, type RestOverlayOptions } from './rest-overlay.ts';
import { RestTableError, type EtagMode } from './rules.ts';

const SETTINGS = ['basepath', 'auto404', 'exceptionHandler', 'pipelines', 'etag', 'compress'];

/**
 * Register `RESTOverlay` (alias `http.RESTOverlay`). Settings, inside `<config>` or as direct
 * parameters: `basepath`, `auto404` (empty or true/false), `exceptionHandler` (identifier),
 * `pipelines` (comma-separated order), `etag` (`auto`, `MD5`, `none`), `compress`. A bad
 * setting, a `<rest>` that does not compile, or two that conflict fail the module load with
 * ROC_ERR_MODULE at the element, naming both patterns for a conflict.
 *
 * @example registerRestPrototypes(system.prototypes); // before deploying modules that use it
 */
export function registerRestPrototypes(registry: PrototypeRegistry): void {
  registry.register('RESTOverlay', createRestOverlay, ['http.RESTOverlay']);
}

async function createRestOverlay(ctx: PrototypeContext): Promise<RestOverlay> {
  const settings = new Map<string, XmlNode>();
  const take = (node: XmlNode) => {
    const name = SETTINGS.find((s) => s.toLowerCase() === node.name.toLowerCase());
    if (name === undefined) throw ctx.fail(`RESTOverlay has no setting <${node.name}>; known: ${SETTINGS.join(', ')}`, node.path);
    if (settings.has(name)) throw ctx.fail(`RESTOverlay takes one <${node.name}>`, node.path);
    settings.set(name, node);
  };
  for (const [name, nodes] of Object.entries(ctx.parameters)) {
    for (const node of nodes) {
      if (name === 'config') node.children.forEach(take);
      else take(node);
    }
  }
  if (ctx.model.space === undefined) throw ctx.fail('RESTOverlay needs a <space> holding the endpoints it routes to');
  const text = (name: string) => settings.get(name)?.text.trim();
  const flag = (name: string): boolean | undefined => {
    const node = settings.get(name);
    if (node === undefined) return undefined;
    const t = node.text.trim();
    if (t === '' || t === 'true') return true;
    if (t === 'false') return false;
    throw ctx.fail(`<${node.name}> must be empty, true or false, got "${t}"`, node.path);
  };
  const etag = text('etag')?.toLowerCase();
  if (etag !== undefined && etag !== 'auto' && etag !== 'md5' && etag !== 'none') throw ctx.fail(`<etag> must be auto, MD5 or none, got "${text('etag')}"`, settings.get('etag')!.path);
  const handler = text('exceptionHandler');
  const auto404 = flag('auto404');
  const compress = flag('compress');
  const basePath = text('basepath');
  const pipelines = text('pipelines');
  const options: RestOverlayOptions = {
    space: await ctx.buildSpace(ctx.model.space),
    ...(ctx.model.id === undefined ? {} : { id: ctx.model.id }),
    private: ctx.model.private,
    ...(basePath === undefined ? {} : { basePath }),
    ...(auto404 === undefined ? {} : { auto404 }),
    ...(compress === undefined ? {} : { compress }),
    ...(handler === undefined || handler === '' ? {} : { exceptionHandler: handler }),
    ...(etag === undefined ? {} : { etag: etag as EtagMode }),
    ...(pipelines === undefined ? {} : { pipelines: pipelines.split(',').map((p) => p.trim()) }),
  };
  try {
    return new RestOverlay(options);
  } catch (error) {
    if (!(error instanceof RocError)) throw error;
    const cause = error.cause;
    const where = cause instanceof RestTableError && cause.where?.includes('/') ? cause.where : undefined;
    throw ctx.fail(`RESTOverlay: ${cause instanceof Error ? cause.message : String(error.details.reason ?? error.message)}`, where);
  }
}
