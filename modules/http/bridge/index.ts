/**
 * The HTTP bridge of `urn:org:netkernel:tpt:http` (spec §10): HTTP requests become ROC
 * requests into an application space, with `httpRequest:` and `httpResponse:` injected,
 * responses become HTTP, failures go through the exception chain; plus the `HTTPBridge`
 * prototype, the `HttpAccessor` base and the in-process test client. README.md documents it.
 *
 * @example
 * fulcrum.mount(new HttpBridge({ space: app }));
 * const page = await new TestClient(kernel, fulcrum).get('/hello');
 */
export { HttpBridge, DEFAULT_METHOD_VERBS, type HttpBridgeOptions, type SecurityHeaderOptions } from './http-bridge.ts';
export { HttpAccessor } from './http-accessor.ts';
export { registerBridgePrototypes } from './prototype.ts';
export { TestClient, TestResponse, type TestRequestInit } from './test-client.ts';
export { InProcessExchange, type InProcessRequest } from './in-process-exchange.ts';
export { BRIDGE_EXCHANGE, isBridgeExchange, toBridgeExchange, type BridgeExchange, type RequestHeaders } from './exchange.ts';
export { RewriteRules, RewriteRuleError, DEFAULT_REWRITE, type RewriteRule } from './rewrite.ts';
export { BRIDGE_ERRORS, bridgeError, httpStatusOf, type BridgeErrorCode, type HttpFailure } from './bridge-errors.ts';
export { HttpRequestSpace, HTTP_REQUEST_SCHEME } from './request-space.ts';
export { HttpResponseSpace, HTTP_RESPONSE_SCHEME } from './response-space.ts';
export { RESPONSE_HEADER } from './response-state.ts';
export { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './request-data.ts';
export { UploadedFile, type MultipartLimits } from './multipart.ts';
export { serializeCookie, parseCookieHeader, parseSetCookie, type CookieSpec, type ReceivedCookie } from './cookies.ts';
export { cleanValue, singleValue, parseUrlEncoded, preferredMediaType } from './params.ts';
export { defaultErrorPage, escapeHtml } from './error-page.ts';
