/**
 * module.xml model layer: NetKernel module definitions (and mapper config documents) parsed
 * with xml2js into a small XML tree, then validated into a typed model that a space builder
 * reads without interpreting XML. Pure: text in, data out, no file system, no kernel.
 */
export { parseModule } from './module.ts';
export { parseMapperConfig } from './mapper.ts';
export { validatePrototypeParameters, type ValidatedParameters } from './prototype-parameters.ts';
export { parseXml, type XmlNode } from './parse-xml.ts';
export { compareVersions } from './space.ts';
export { substitutionsOf } from './declarative-request.ts';
export type {
  BranchMergeModel,
  BranchModel,
  BranchOverlayModel,
  DeclarativeArgument,
  DeclarativeHeader,
  DeclarativeRequest,
  EndpointKind,
  EndpointModel,
  FilesetModel,
  HeaderValue,
  Implementation,
  ImportModel,
  JsonValue,
  LiteralModel,
  LiteralType,
  LiteralValue,
  Located,
  MappedEndpoint,
  MapperConfig,
  MapperConfigImport,
  MapperConfigSource,
  MapperModel,
  ModuleInfo,
  ModuleModel,
  Notice,
  ParameterDeclaration,
  ParameterType,
  ParameterValue,
  PluggableHandlers,
  PluggableOverlayModel,
  PrototypeDefinition,
  PrototypeParameters,
  RootspaceModel,
  SpaceElement,
  SpaceModel,
} from './model.ts';
