/**
 * The HTTP client module, `urn:org:netkernel:client:http` (spec ROC.md §10): `active:httpGet`,
 * `active:httpPost`, `active:httpPut`, `active:httpDelete` and plain `http(s)://`
 * identifiers, for any module that imports it. README.md documents arguments, config,
 * response headers and expiry.
 */
import { Rootspace } from '../../../spaces/rootspace.ts';
import { HttpMethodEndpoint, HttpSchemeEndpoint } from './endpoints.ts';

/** The URI modules import the client by: `<import><uri>urn:org:netkernel:client:http</uri></import>`. */
export const HTTP_CLIENT_URI = 'urn:org:netkernel:client:http';

/**
 * A fresh rootspace holding the HTTP client endpoints, for the deployment to register (or a
 * test to put in scope). The endpoints hold no state, so several spaces can coexist.
 *
 * @example
 * const client = createHttpClientSpace();
 * app.mount(new Import(client));
 * const body = await kernel.source('active:httpGet+url@http://127.0.0.1:8080/', { scope: kernel.scopeFor(app) });
 */
export function createHttpClientSpace(): Rootspace {
  return new Rootspace({ uri: HTTP_CLIENT_URI, version: '1.0.0', name: 'HTTP client' }, [
    new HttpMethodEndpoint('GET'),
    new HttpMethodEndpoint('POST'),
    new HttpMethodEndpoint('PUT'),
    new HttpMethodEndpoint('DELETE'),
    new HttpSchemeEndpoint(),
  ]);
}

export { HttpMethodEndpoint, HttpSchemeEndpoint, HTTP_HEADERS, HTTP_STATUS, HTTP_STATUS_TEXT, HTTP_URL } from './endpoints.ts';
export { DEFAULT_CLIENT_CONFIG, configFromJson, configFromXml, type HttpClientConfig } from './config.ts';
export { freshUntil } from './freshness.ts';
export type { HttpClientFailure, HttpMethod } from './exchange.ts';
