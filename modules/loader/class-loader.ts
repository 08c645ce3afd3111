import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RocError, type EndpointDefinition, type RequestContext } from '../../kernel/index.ts';

/** A Java class name, as real NetKernel modules have them: dotted lower-case packages, then a class. */
const JAVA_CLASS = /^[a-z_][\w]*(\.[a-z_][\w]*)*\.[A-Z_$][\w$]*$/;

/**
 * Load the endpoint a `<class>` names: `./endpoints/hello.ts#HelloAccessor` is a JS or TS
 * module relative to the module folder and an export (default when no `#`). A class is
 * instantiated, an object used as it is, a function becomes a SOURCE handler. TS loads
 * without a build step (the kernel runs under tsx). A Java class name, a missing file or a
 * missing export is a ROC_ERR_MODULE naming the class and the element.
 *
 * @example await loadClass('./endpoints/hello.ts#Hello', moduleDir, { file, path })
 */
export async function loadClass(spec: string, moduleDir: string, where: { file: string; path: string }, args: readonly unknown[] = [], generation = 0): Promise<EndpointDefinition> {
  const fail = (reason: string) => new RocError('ROC_ERR_MODULE', { file: where.file, path: where.path, reason });
  if (JAVA_CLASS.test(spec)) throw fail(`Java endpoints are not supported: class ${spec} (write the endpoint in TypeScript or JavaScript and name its file, e.g. ./endpoints/x.ts#X)`);
  const [modulePath, exportName = 'default'] = spec.split('#') as [string, string?];
  const file = resolve(moduleDir, modulePath);
  if (!existsSync(file)) throw fail(`class ${spec}: file ${file} does not exist`);
  let loaded: Record<string, unknown>;
  try {
    // A reloaded module gets a new URL, so Node loads its changed code instead of the cached one.
    const url = pathToFileURL(file);
    if (generation > 0) url.search = `?generation=${generation}`;
    loaded = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    const message = (error as Error).message;
    // A .ts/.js file outside any "type": "module" package is taken for CommonJS, which cannot load ESM endpoints.
    const hint = /require\(\)|ES Module|Cannot use import statement/.test(message) ? ' (give the module folder a package.json with "type": "module", or name the file .mts/.mjs)' : '';
    throw Object.assign(fail(`class ${spec}: ${file} cannot be loaded: ${message}${hint}`), { cause: error });
  }
  if (!(exportName in loaded)) throw fail(`class ${spec}: ${file} has no export "${exportName}" (it exports ${Object.keys(loaded).join(', ') || 'nothing'})`);
  const value = loaded[exportName];
  if (typeof value === 'function') {
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value));
    if (isClass) return new (value as new (...a: unknown[]) => EndpointDefinition)(...args);
    return { onSource: value as (ctx: RequestContext) => unknown };
  }
  if (value !== null && typeof value === 'object') return value as EndpointDefinition;
  throw fail(`class ${spec}: export "${exportName}" is neither a class, an object nor a function`);
}
