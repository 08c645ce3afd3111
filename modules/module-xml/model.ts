/**
 * The typed model of a NetKernel `module.xml` (spec §9), as `parseModule` produces it. Every
 * value is already validated and converted (grammars to GrammarSpec, verbs to Verb, literal
 * values to their types, declarative requests to data), so the space builder reads fields and
 * never interprets XML at request time. Only what NetKernel leaves open-ended stays XML:
 * endpoint `<meta>`, prototype parameters, xml literals.
 */
import type { GrammarSpec, Verb } from '../../kernel/index.ts';
import type { XmlNode } from './parse-xml.ts';

/** Where a model element came from: the file and its element path, for the loader's errors. */
export interface Located {
  readonly file: string;
  readonly path: string;
}

/** Something accepted but not acted on (a Java-only element); never fatal. */
export interface Notice extends Located {
  readonly element: string;
  readonly message: string;
}

/**
 * A parsed, validated module.xml: identity, info, the `<dynamic/>` flag, its rootspaces in
 * document order and the notices about what was ignored. Made by `parseModule`.
 *
 * @example
 * const { identity, rootspaces } = parseModule(text, 'hello/module.xml');
 * rootspaces.find((r) => r.public)?.uri; // e.g. identity.uri
 */
export interface ModuleModel {
  readonly file: string;
  readonly identity: { readonly uri: string; readonly version: string };
  readonly info: ModuleInfo;
  /** `<system><dynamic/>`: reload when module.xml or a fileset file changes. */
  readonly dynamic: boolean;
  readonly rootspaces: readonly RootspaceModel[];
  readonly notices: readonly Notice[];
}

/** `<meta><info>`: descriptive text only. */
export interface ModuleInfo {
  readonly name?: string;
  readonly description?: string;
  readonly icon?: string;
  readonly web?: string;
}

/** An ordered list of space elements; `<space>` inside overlays, mappers and prototypes. */
export interface SpaceModel extends Located {
  readonly name?: string;
  readonly elements: readonly SpaceElement[];
}

/** A `<rootspace>`: a space other modules can import by `uri` (when `public`). */
export interface RootspaceModel extends SpaceModel {
  /** Defaults to the module's identity URI. */
  readonly uri: string;
  /** Defaults to true. */
  readonly public: boolean;
  /** `private-filter="false"` lets private endpoints be seen from outside; defaults to true. */
  readonly privateFilter: boolean;
}

/**
 * One element of a space, discriminated by `kind` (the element name): switch on it to build
 * the space. `prototype` is a definition; endpoints carry their own kind (`accessor`, …).
 */
export type SpaceElement =
  | FilesetModel
  | LiteralModel
  | EndpointModel
  | ImportModel
  | PrototypeDefinition
  | MapperModel
  | PluggableOverlayModel
  | BranchMergeModel;

/** `<fileset>`: module files served as `res:/` resources. */
export interface FilesetModel extends Located {
  readonly kind: 'fileset';
  /** A regex over `res:/` identifiers (already checked to compile), or a glob of module files. */
  readonly match: { readonly regex: string } | { readonly glob: string };
  /** Replacement with `$1`…, applied to the matched identifier. */
  readonly rewrite?: string;
  readonly private: boolean;
  readonly mutable: boolean;
}

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A typed literal value: `<literal type>` as a space element, an argument or a header. */
export type LiteralValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'long'; readonly value: number | bigint }
  | { readonly type: 'json'; readonly value: JsonValue }
  | { readonly type: 'xml'; readonly value: XmlNode };

export type LiteralType = LiteralValue['type'];

/** `<literal uri type>`: a resource whose representation is the converted value. */
export type LiteralModel = Located & { readonly kind: 'literal'; readonly uri: string } & LiteralValue;

export type EndpointKind = 'accessor' | 'endpoint' | 'transreptor' | 'transport' | 'overlay';

/** Children of a prototype instance that are not standard endpoint elements, by name. */
export type PrototypeParameters = Readonly<Record<string, readonly XmlNode[]>>;

/**
 * How an endpoint is implemented: a `<class>` (a JS/TS module and export such as
 * `./endpoints/hello.ts#HelloAccessor`, or a Java class name the loader will refuse), or a
 * `<prototype>` instance with its parameters.
 */
export type Implementation =
  | { readonly kind: 'class'; readonly class: string }
  | { readonly kind: 'prototype'; readonly prototype: string; readonly parameters: PrototypeParameters };

/** `<accessor>`, `<endpoint>`, `<transreptor>`, `<transport>` or `<overlay>`. */
export interface EndpointModel extends Located {
  readonly kind: EndpointKind;
  readonly id?: string;
  readonly grammar?: GrammarSpec;
  readonly verbs?: readonly Verb[];
  readonly private: boolean;
  readonly meta?: XmlNode;
  readonly implementation: Implementation;
  /** A `<space>` child (overlays), parsed like any space. */
  readonly space?: SpaceModel;
}

/** `<import>`: another rootspace made visible here, optionally within a version range. */
export interface ImportModel extends Located {
  readonly kind: 'import';
  readonly uri: string;
  readonly private: boolean;
  readonly versionMin?: string;
  readonly versionMax?: string;
}

/** The types a prototype `<parameter type>` may declare; `string` when absent. */
export type ParameterType = 'string' | 'boolean' | 'integer' | 'number' | 'identifier' | 'xml' | 'space' | 'json';

/** One `<parameter>` of a prototype definition. */
export interface ParameterDeclaration {
  readonly name: string;
  readonly type: ParameterType;
  /** Default 1, or 0 when a default is given. */
  readonly min: number;
  /** Default 1. */
  readonly max: number | 'unbounded';
  /** Used when the instance leaves the parameter out; text, converted like an instance value. */
  readonly default?: string;
  readonly desc?: string;
}

/** `<prototype>` in a space: an endpoint template that instances name in their `<prototype>`. */
export interface PrototypeDefinition extends Located {
  readonly kind: 'prototype';
  readonly id: string;
  readonly implementation: Implementation;
  readonly parameters: readonly ParameterDeclaration[];
}

/** A converted prototype parameter value. */
export type ParameterValue = string | boolean | number | JsonValue | XmlNode | SpaceModel;

/** `<mapper>`: an opaque overlay exposing only its config's endpoints. */
export interface MapperModel extends Located {
  readonly kind: 'mapper';
  readonly id?: string;
  readonly private: boolean;
  readonly config: MapperConfigSource;
  readonly space: SpaceModel;
}

/**
 * Where a mapper's config comes from: inline, or a resource to request from the wrapped space
 * (`res:/…` files, or `active:…` when `computed`). The loader parses a fetched config with
 * `parseMapperConfig`.
 */
export type MapperConfigSource =
  | { readonly kind: 'inline'; readonly config: MapperConfig }
  | { readonly kind: 'resource'; readonly identifier: string; readonly computed: boolean };

/** A mapper `<config>`, inline or from `parseMapperConfig`. */
export interface MapperConfig extends Located {
  readonly endpoints: readonly MappedEndpoint[];
  /** `<import>res:/…</import>` and XRL `<xrl:include identifier>`: more config to merge, in order. */
  readonly imports: readonly MapperConfigImport[];
}

export interface MapperConfigImport extends Located {
  readonly identifier: string;
  readonly form: 'import' | 'xrl:include';
}

/** A mapper config `<endpoint>`: a logical endpoint and the request it maps to. */
export interface MappedEndpoint extends Located {
  readonly id?: string;
  /** Absent only when the request identifier is `meta:…`: the target's grammar is used. */
  readonly grammar?: GrammarSpec;
  readonly verbs?: readonly Verb[];
  readonly private: boolean;
  readonly meta?: XmlNode;
  readonly request: DeclarativeRequest;
  /** Response headers (`mime`, `HTTP_CACHE_EXPIRES_DELTA_SECONDS`, …). */
  readonly headers: readonly DeclarativeHeader[];
}

/** A header value: plain text, or a typed `<literal>`. */
export type HeaderValue = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'literal'; readonly literal: LiteralValue };

/** A `<header name>` of a declarative request, or a response header of a mapped endpoint. */
export interface DeclarativeHeader extends Located {
  readonly name: string;
  readonly value: HeaderValue;
}

/**
 * A request written in XML (mapper `<request>`, pluggable-overlay handlers). The identifier
 * stays text: `[[arg:x]]` placeholders (listed in `substitutions`) are filled per request, and
 * `meta:ID` (see `metaEndpoint`) means "build from endpoint ID's grammar".
 */
export interface DeclarativeRequest extends Located {
  readonly identifier: string;
  readonly substitutions: readonly string[];
  readonly metaEndpoint?: string;
  readonly verb: Verb;
  /** True when the request had a `<verb>` element (a mapper passes the incoming verb on otherwise). */
  readonly verbGiven: boolean;
  readonly representation?: string;
  readonly arguments: readonly DeclarativeArgument[];
  /** Pass the incoming request's extra (vararg) arguments on. */
  readonly varargs: boolean;
  readonly headers: readonly DeclarativeHeader[];
}

/**
 * An `<argument name>`: an identifier (pass by reference, `arg:x` included), a string
 * (`method="as-string"`), a nested `<literal>` or inline XML (pass by value), or a nested
 * `<request>` (pass by request).
 */
export type DeclarativeArgument = Located & { readonly name: string } & (
    | { readonly kind: 'identifier'; readonly identifier: string; readonly substitutions: readonly string[] }
    | { readonly kind: 'string'; readonly value: string; readonly substitutions: readonly string[] }
    | { readonly kind: 'literal'; readonly literal: LiteralValue }
    | { readonly kind: 'request'; readonly request: DeclarativeRequest }
    | { readonly kind: 'xml'; readonly value: XmlNode }
  );

/** The three optional requests of a pluggable overlay. */
export interface PluggableHandlers {
  /** Returns the request to issue inward (`arg:request`). */
  readonly preProcess?: DeclarativeRequest;
  /** Sees `arg:request` and `arg:response`. */
  readonly postProcess?: DeclarativeRequest;
  /** Sees `arg:request` and `arg:exception`. */
  readonly exceptionProcess?: DeclarativeRequest;
}

/** `<pluggable-overlay>`: requests issued around every request into its space. */
export interface PluggableOverlayModel extends Located, PluggableHandlers {
  readonly kind: 'pluggable-overlay';
  readonly id?: string;
  readonly private: boolean;
  readonly space: SpaceModel;
}

/** `<branch-merge>`: routes requests for chosen endpoints through named overlays. */
export interface BranchMergeModel extends Located {
  readonly kind: 'branch-merge';
  readonly id?: string;
  readonly private: boolean;
  readonly branches: readonly BranchModel[];
  readonly overlays: readonly BranchOverlayModel[];
  readonly space: SpaceModel;
}

/** Requests for the `targets` endpoint ids go through overlay `overlay` (then its `next`s). */
export interface BranchModel extends Located {
  readonly name: string;
  readonly overlay: string;
  readonly targets: readonly string[];
}

/** A named overlay of a branch-merge config, a prototype instance without a space. */
export interface BranchOverlayModel extends Located {
  readonly name: string;
  /** The overlay after this one in the chain; absent (or `next=""`) ends it. */
  readonly next?: string;
  readonly prototype: string;
  readonly parameters: PrototypeParameters;
  /** Parsed handlers when `prototype` is `pluggable-overlay`. */
  readonly handlers?: PluggableHandlers;
}
