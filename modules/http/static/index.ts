/**
 * Static files through the HTTPBridge (issue 8): `StaticFiles` serves a folder with types,
 * validators, 304, Range, index files, optional listing and compression, and never leaves
 * the folder. README.md documents it.
 *
 * @example app.mount(new StaticFiles({ root: join(moduleDir, 'public'), path: '/static/' }));
 */
export { StaticFiles, type StaticFilesOptions } from './static-files.ts';
export { registerStaticPrototypes } from './prototype.ts';
export { parseSafePath, DEFAULT_PATH_LIMITS, type PathLimits, type SafePath, type UnsafePath } from './safe-path.ts';
export { decideRange, type RangeDecision } from './range.ts';
export { fileEtag, notModified, preferredCoding } from './validators.ts';
