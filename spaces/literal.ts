import { Response, type EndpointDefinition } from '../kernel/index.ts';

/**
 * A literal: a fixed representation at a fixed identifier (NetKernel's `<literal>`). Its
 * response never expires by itself; reloading the module that declares it replaces it.
 *
 * @example space.mount(literal('res:/greeting', 'Hello', { mimeType: 'text/plain' }));
 */
export function literal(uri: string, value: unknown, options: { mimeType?: string; id?: string; private?: boolean } = {}): EndpointDefinition {
  return {
    id: options.id ?? `literal:${uri}`,
    grammar: uri,
    private: options.private === true,
    onSource: () => {
      const response = new Response(value).setExpiry('NEVER');
      if (options.mimeType !== undefined) response.setMimeType(options.mimeType);
      return response;
    },
    onExists: () => true,
  };
}
