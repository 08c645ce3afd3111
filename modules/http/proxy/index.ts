/**
 * The HTTP reverse proxy (issue 8): `HTTPProxy` forwards a URL path prefix to another server,
 * streaming both ways. Mount it in the fulcrum before the HTTPBridge. README.md documents it.
 *
 * @example fulcrum.mount(new HttpProxy({ path: '/api/', target: 'http://127.0.0.1:9000/' }));
 */
export { HttpProxy, type HttpProxyOptions } from './http-proxy.ts';
export { registerProxyPrototypes } from './prototype.ts';
export { HOP_BY_HOP, endToEndRequest, endToEndResponse } from './headers.ts';
