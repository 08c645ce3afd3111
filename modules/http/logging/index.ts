/**
 * Named loggers of the HTTP layer (`server`, `requests`, `sessions`, `static`, `proxy`) and
 * the per-request line. Quiet by default; turn them up with `ROC_LOG=requests:info` or
 * {@link configureLogging}.
 *
 * @example
 * configureLogging('requests:info');
 * const exchange = observeRequest(bridgeExchange); // one line when its response completes
 */
export { LoggerRegistry, LogConfigError, loggers, getLogger, configureLogging, parseLogConfig, LOGGER_NAMES, DEFAULT_LOG_LEVEL, type LoggerName, type NamedLogLevel } from './registry.ts';
export { formatRequestLine, logRequest, observeRequest, type RequestLine } from './request-log.ts';
