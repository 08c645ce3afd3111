/**
 * REST routing for `urn:org:netkernel:tpt:http` (spec §10, issue 8): the RESTOverlay routes
 * HTTP requests inside an HTTPBridge to endpoints by their `<rest>` metadata (path pattern,
 * method, produces, ETag, compress), with 404/405/406, OPTIONS, priorities, pipelines and
 * declining; plus the same application declared in code, statically or with decorators.
 * README.md documents it.
 *
 * @example
 * const app = fromDecorators(new Tutorial());
 * bridgeSpace.mount(restOverlayFor(app, { basePath: '/' }));
 */
export { RestOverlay, type RestOverlayOptions } from './rest-overlay.ts';
export { registerRestPrototypes } from './prototype.ts';
export { PathPattern, compareSpecificity, WILDCARD, WILDCARD_ARGUMENT, type PathParams } from './pattern.ts';
export { buildRules, restFromXml, RestTableError, type RestMeta, type RestRule, type EtagMode } from './rules.ts';
export { RestRoutingError, restStatusOf, negotiate, allowHeader, type RoutingFailure } from './routing.ts';
export { DECLINE, RouteDeclined, isDecline } from './decline.ts';
export { RestRequestSpace, REST_SCHEME, restUrl, restParams, type RestRequestData } from './rest-request-space.ts';
export {
  restEndpoint,
  restApplication,
  applicationSpace,
  restOverlayFor,
  exceptionEndpoint,
  methodEndpoint,
  paramsOf,
  type RouteHandler,
  type ExceptionHandler,
  type RouteOptions,
  type StaticRoute,
  type StaticApplication,
  type RestApplication,
} from './application.ts';
export { route, get, post, put, patch, del, source, grammar, exceptions, fromDecorators } from './decorators.ts';
