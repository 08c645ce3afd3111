/**
 * The HTTP transport layer of `urn:org:netkernel:tpt:http`: a Node `http`/`https` server
 * with limits, per-connection sessions that keep pipelined responses in order, lazily read
 * request bodies, raw exception handling and graceful shutdown. The kernel adapter (not
 * here) turns each exchange into a root request for its URL.
 *
 * @example
 * import { HttpTransport } from './modules/http/transport/index.ts';
 * const transport = new HttpTransport({ handler: (x) => x.session.send({ status: 200 }, 'ok', x.id) });
 * await transport.start();
 */
export { HttpTransport, type HttpTransportAddress } from './http-transport.ts';
export { HttpExchange } from './http-exchange.ts';
export { ConnectionSession } from './connection-session.ts';
export {
  type HeaderValue,
  type HttpResponseHead,
  type ProtocolUpgrade,
  type ProtocolUpgradeHandler,
  type ResponseBody,
  type ResponseState,
} from './response-head.ts';
export {
  DEFAULT_LIMITS,
  type ExchangeHandler,
  type HttpLimits,
  type HttpTransportOptions,
} from './transport-options.ts';
export {
  defaultRawExceptionHandler,
  statusForError,
  type RawErrorResponse,
  type RawExceptionHandler,
} from './raw-exception-handler.ts';
export { HttpTransportError, TRANSPORT_ERROR_STATUS, type HttpTransportErrorCode } from './transport-error.ts';
export { parseRawResponseHead, type RawResponseHead } from './raw-response-head.ts';
