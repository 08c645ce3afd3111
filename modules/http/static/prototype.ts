/**
 * The `StaticFiles` prototype, as module.xml declares it (in the application space, inside
 * the HTTPBridge's `<space>`):
 *
 * ```xml
 * <endpoint>
 *   <prototype>StaticFiles</prototype>
 *   <folder>public</folder>            <!-- relative to the module -->
 *   <path>/static/</path>               <!-- or res:/static/ -->
 *   <index>index.html, index.htm</index>
 *   <listing>false</listing>
 *   <compress>true</compress>
 *   <maxAge>3600</maxAge>
 * </endpoint>
 * ```
 */
import { isAbsolute, join } from 'node:path';
import type { PrototypeContext, PrototypeRegistry } from '../../loader/prototypes.ts';
import type { XmlNode } from '../../module-xml/index.ts';
import { StaticFiles, type StaticFilesOptions } from './static-files.ts';

const KNOWN = ['folder', 'path', 'index', 'listing', 'compress', 'maxAge', 'dotfiles'];

/**
 * Register `StaticFiles`. Parameters: `folder` (required, relative to the module; an
 * absolute path is refused so a module cannot serve what lies outside it), `path` (prefix,
 * default `res:/`), `index` (comma-separated or repeated; empty for none), `listing`,
 * `compress`, `dotfiles` (true/false), `maxAge` (seconds). A bad parameter fails the load
 * with ROC_ERR_MODULE at its element.
 *
 * @example registerStaticPrototypes(registry);
 */
export function registerStaticPrototypes(registry: PrototypeRegistry): void {
  registry.register('StaticFiles', createStaticFiles);
}

function createStaticFiles(ctx: PrototypeContext): StaticFiles {
  ctx.only(KNOWN, ['index']);
  const one = ctx.node;
  const folder = one('folder')?.text.trim();
  if (folder === undefined || folder === '') throw ctx.fail('StaticFiles needs a <folder> (relative to the module)');
  if (isAbsolute(folder)) throw ctx.fail(`<folder> must be relative to the module, got "${folder}"`, one('folder')?.path);
  const index = ctx.parameters.index?.flatMap((n) => n.text.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  const maxAge = one('maxAge');
  if (maxAge !== undefined && !/^\d+$/.test(maxAge.text.trim())) throw ctx.fail(`<maxAge> must be whole seconds, got "${maxAge.text.trim()}"`, maxAge.path);
  const options: StaticFilesOptions = {
    root: join(ctx.moduleDir, folder),
    private: ctx.model.private,
    ...(ctx.model.id === undefined ? {} : { id: ctx.model.id }),
    ...(one('path') === undefined ? {} : { path: one('path')!.text.trim() }),
    ...(index === undefined ? {} : { index }),
    ...(maxAge === undefined ? {} : { maxAge: Number(maxAge.text.trim()) }),
    listing: ctx.flag('listing') === true,
    compress: ctx.flag('compress') === true,
    dotfiles: ctx.flag('dotfiles') === true,
  };
  try {
    return new StaticFiles(options);
  } catch (error) {
    throw ctx.fail(error instanceof Error ? error.message : String(error));
  }
}

