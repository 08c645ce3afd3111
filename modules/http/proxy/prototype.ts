/**
 * The `HTTPProxy` prototype, as module.xml declares it (in the **fulcrum**, before the
 * HTTPBridge overlay, so it sees requests first):
 *
 * ```xml
 * <endpoint>
 *   <prototype>HTTPProxy</prototype>
 *   <path>/api/</path>
 *   <target>http://127.0.0.1:9000/</target>
 *   <timeout>30000</timeout>
 * </endpoint>
 * ```
 */
import type { PrototypeContext, PrototypeRegistry } from '../../loader/prototypes.ts';
import type { XmlNode } from '../../module-xml/index.ts';
import { HttpProxy, type HttpProxyOptions } from './http-proxy.ts';

const KNOWN = ['path', 'target', 'timeout', 'via', 'preserveHost', 'forwardedHeaders'];

/**
 * Register `HTTPProxy`. Parameters: `path` and `target` (required), `timeout` (ms), `via`,
 * `preserveHost`, `forwardedHeaders` (true/false). A bad parameter fails the load with
 * ROC_ERR_MODULE at its element.
 *
 * @example registerProxyPrototypes(registry);
 */
export function registerProxyPrototypes(registry: PrototypeRegistry): void {
  registry.register('HTTPProxy', createProxy);
}

function createProxy(ctx: PrototypeContext): HttpProxy {
  for (const [name, nodes] of Object.entries(ctx.parameters)) {
    if (!KNOWN.includes(name)) throw ctx.fail(`HTTPProxy has no parameter <${name}>; known: ${KNOWN.join(', ')}`, nodes[0]?.path);
    if (nodes.length > 1) throw ctx.fail(`HTTPProxy takes one <${name}>`, nodes[1]?.path);
  }
  const one = (name: string): XmlNode | undefined => ctx.parameters[name]?.[0];
  const path = ctx.text('path');
  const target = ctx.text('target');
  if (path === undefined || path === '') throw ctx.fail('HTTPProxy needs a <path> (URL path prefix, e.g. /api/)');
  if (target === undefined || target === '') throw ctx.fail('HTTPProxy needs a <target> (http://host:port/base/)');
  const timeout = one('timeout');
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout.text.trim())) throw ctx.fail(`<timeout> must be a positive whole number of ms, got "${timeout.text.trim()}"`, timeout.path);
  const preserveHost = flag(ctx, one('preserveHost'));
  const forwardedHeaders = flag(ctx, one('forwardedHeaders'));
  const via = ctx.text('via');
  const options: HttpProxyOptions = {
    path,
    target,
    private: ctx.model.private,
    ...(ctx.model.id === undefined ? {} : { id: ctx.model.id }),
    ...(timeout === undefined ? {} : { timeout: Number(timeout.text.trim()) }),
    ...(via === undefined ? {} : { via }),
    ...(preserveHost === undefined ? {} : { preserveHost }),
    ...(forwardedHeaders === undefined ? {} : { forwardedHeaders }),
  };
  try {
    return new HttpProxy(options);
  } catch (error) {
    throw ctx.fail(error instanceof Error ? error.message : String(error));
  }
}

function flag(ctx: PrototypeContext, node: XmlNode | undefined): boolean | undefined {
  if (node === undefined) return undefined;
  const text = node.text.trim();
  if (text === '' || text === 'true') return true;
  if (text === 'false') return false;
  throw ctx.fail(`<${node.name}> must be true or false, got "${text}"`, node.path);
}
