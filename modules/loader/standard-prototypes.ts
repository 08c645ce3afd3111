import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamicImport, SimpleImportDiscovery } from '../../spaces/dynamic-import.ts';
import { limiter } from '../../spaces/limiter.ts';
import { HttpTransportEndpoint } from '../http/transport-endpoint.ts';
import { resolveTransportOptions } from '../http/transport/transport-options.ts';
import type { PrototypeRegistry } from './prototypes.ts';

const LIMIT_NAMES = ['maxHeaderSize', 'maxBodySize', 'headersTimeout', 'requestTimeout', 'keepAliveTimeout', 'maxConnections', 'maxPendingPerConnection', 'responseTimeout'] as const;

export interface StandardPrototypeOptions {
  /** Port of an HTTPTransport whose module.xml sets none (default 8080; 0 = any free port). */
  readonly httpPort?: number;
  readonly httpHost?: string;
  /** Called with every HTTPTransport built, so a runner can report where it listens and stop it. */
  readonly onTransport?: (transport: HttpTransportEndpoint) => void;
}

/**
 * The prototypes of the standard modules (spec §9, §10): layer1's Limiter, SimpleImportDiscovery
 * and DynamicImport, and the HTTP module's HTTPTransport. Parameters are the instance's child
 * elements, e.g. `<type>HTTPFulcrum</type>` or `<port>8080</port>`.
 */
export function registerStandardPrototypes(registry: PrototypeRegistry, options: StandardPrototypeOptions = {}): void {
  registry.register('Limiter', (ctx) => {
    ctx.only([]);
    if (ctx.model.grammar === undefined) throw ctx.fail('a Limiter needs a <grammar> of the identifiers it absorbs');
    return limiter(ctx.model.grammar, ctx.model.id ?? 'Limiter');
  });
  registry.register('SimpleImportDiscovery', (ctx) => {
    ctx.only(['type']);
    const type = ctx.text('type');
    if (!type) throw ctx.fail('SimpleImportDiscovery needs a <type> (the connection type applications name in their SimpleDynamicImportHook.xml)');
    return new SimpleImportDiscovery(ctx.deployment, { type, ...(typeof ctx.model.grammar === 'string' ? { grammar: ctx.model.grammar } : {}), ...(ctx.model.id === undefined ? {} : { id: ctx.model.id }) });
  });
  registry.register('DynamicImport', (ctx) => {
    ctx.only(['config']);
    return new DynamicImport(ctx.deployment, { config: ctx.text('config', 'active:SimpleImportDiscovery')!, ...(ctx.model.id === undefined ? {} : { id: ctx.model.id }) });
  });
  registry.register('HTTPTransport', (ctx) => {
    ctx.only(['port', 'host', 'tlsKey', 'tlsCert', ...LIMIT_NAMES]);
    const number = (name: string): number | undefined => {
      const text = ctx.text(name);
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0) throw ctx.fail(`HTTPTransport <${name}> must be a whole number >= 0, got "${text}"`, ctx.parameters[name]?.[0]?.path);
      return n;
    };
    const limits: Record<string, number> = {};
    for (const name of LIMIT_NAMES) {
      const value = number(name);
      if (value !== undefined) limits[name] = value;
    }
    const port = number('port') ?? options.httpPort ?? 8080;
    const host = ctx.text('host') ?? options.httpHost ?? '127.0.0.1';
    const key = ctx.text('tlsKey');
    const cert = ctx.text('tlsCert');
    if (Boolean(key) !== Boolean(cert)) throw ctx.fail('HTTPTransport needs both <tlsKey> and <tlsCert> for HTTPS, or neither');
    try {
      resolveTransportOptions({ handler: () => undefined, port, host, limits });
    } catch (error) {
      throw ctx.fail(`HTTPTransport: ${(error as Error).message}`);
    }
    const transport = new HttpTransportEndpoint({
      id: ctx.model.id ?? 'HTTPTransport',
      port,
      host,
      limits,
      ...(key && cert ? { tls: { key: readFile(ctx, 'tlsKey', key), cert: readFile(ctx, 'tlsCert', cert) } } : {}),
    });
    options.onTransport?.(transport);
    return transport;
  });
}

function readFile(ctx: { moduleDir: string; fail(reason: string): Error }, name: string, path: string): Buffer {
  try {
    return readFileSync(resolve(ctx.moduleDir, path));
  } catch (error) {
    throw ctx.fail(`HTTPTransport <${name}> ${path} cannot be read: ${(error as Error).message}`);
  }
}
