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
  ctx.only(KNOWN);
  const path = ctx.text('path');
  const target = ctx.text('target');
  if (path === undefined || path === '') throw ctx.fail('HTTPProxy needs a <path> (URL path prefix, e.g. /api/)');
  if (target === undefined || target === '') throw ctx.fail('HTTPProxy needs a <target> (http://host:port/base/)');
  const timeout = ctx.node('timeout');
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout.text.trim())) throw ctx.fail(`<timeout> must be a positive whole number of ms, got "${timeout.text.trim()}"`, timeout.path);
  const preserveHost = ctx.flag('preserveHost');
  const forwardedHeaders = ctx.flag('forwardedHeaders');
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

