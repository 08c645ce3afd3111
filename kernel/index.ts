/**
 * roc-kernel: a Resource Oriented Computing micro-kernel. Requests for URI-addressed
 * resources are resolved through scopes of spaces, evaluated by the endpoint that matched, and
 * answered with responses. This entry point exports the kernel layer; building blocks (imports,
 * overlays) are in `spaces/`.
 */
export { Kernel, type KernelOptions, type IssueOptions, type ScopeLike } from './kernel.ts';
export { RequestContext, ThisRequest, type AsyncRequestHandle } from './context.ts';
export { Request, type PassedArgument } from './request.ts';
export { Response, EXPIRY_ALWAYS, EXPIRY_DEPENDENT, EXPIRY_NEVER, type Expiry, type ExpiryKind, type ExpiryFunction } from './response.ts';
export { Scope } from './scope.ts';
export { topologyChanged, type Space, type Resolution, type ResolutionContext } from './space.ts';
export { StandardSpace } from './standard-space.ts';
export { MountedEndpoint, type EndpointDefinition, type Handler } from './endpoint.ts';
export { VERBS, VERB_BIT, parseVerb, verbsOf, type Verb } from './verbs.ts';
export { ERROR_CATALOGUE, RocError, isRocError, formatMessage, type RocErrorCode, type ErrorDetails } from './errors.ts';
export { createLogger, LOG_LEVELS, type Logger, type LogLevel } from './logger.ts';
export { andThen, isPromiseLike, type Awaitable } from './awaitable.ts';
export { XmlDocument, isOfClass, classNameOf, type RepresentationClass, type RepresentationTag, type RepresentationOf, type XmlElement } from './representation.ts';
export { parseDataURI } from './builtins/data-scheme.ts';
export { compileGrammar } from './grammar/compile.ts';
export type { Grammar, GrammarSpec, GrammarKind, ArgumentList, GrammarArgument, BuildArguments, ActiveArgumentSpec, StandardNode, StandardRegexType } from './grammar/grammar.ts';
export { commissionSpace, decommissionSpace, endpointsOf } from './lifecycle.ts';
export { resolve as resolveRequest, canonicalIdentifier, type ResolutionEntry } from './resolution.ts';
export { RepresentationCache, type CacheOptions, type CacheStats } from './cache/representation-cache.ts';
export { goldenThreadKey } from './cache/golden-threads.ts';
export { SchemeSpace } from './scheme-space.ts';
