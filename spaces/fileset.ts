import { existsSync, statSync, realpathSync } from 'node:fs';
import { readFile, writeFile, unlink, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import mime from 'mime-types';
import { MountedEndpoint, Response, RocError, type EndpointDefinition, type Resolution, type ResolutionContext, type RequestContext } from '../kernel/index.ts';

export interface FilesetOptions {
  /** The module folder the files live in; nothing outside it is ever served. */
  readonly root: string;
  /** A regex over identifiers (`res:/css/(.*)`); anchored at both ends. */
  readonly regex?: string;
  /** A glob of module-relative paths (`resources/**\/*.css`), served as `res:/<path>`. */
  readonly glob?: string;
  /** Where a matching identifier points, with `$1`… from the regex (`res:/resources/css/$1`). */
  readonly rewrite?: string;
  readonly private?: boolean;
  /** Accept SINK (write) and DELETE (remove) as well (NetKernel's `<mutable/>`). */
  readonly mutable?: boolean;
  readonly id?: string;
}

/**
 * A fileset: module files served as `res:/` resources (spec §9). An identifier matching
 * the regex (or glob) is rewritten to `res:/relative/path` and read from the module folder,
 * as bytes with a mime type from the extension. Paths are resolved inside the folder and
 * checked after symlinks, so `..`, encoded or not, never escapes it. Responses stay valid
 * until the file is written through the fileset or the module reloads (dynamic modules watch
 * their files and cut the identifier).
 *
 * @example space.mount(new Fileset({ root: moduleDir, regex: 'res:/css/(.*)', rewrite: 'res:/resources/css/$1' }));
 */
export class Fileset implements EndpointDefinition {
  readonly id: string;
  readonly private: boolean;
  readonly verbs: readonly ('SOURCE' | 'EXISTS' | 'SINK' | 'DELETE')[];
  private readonly pattern: RegExp;
  private readonly root: string;
  private readonly realRoot: string;

  constructor(private readonly options: FilesetOptions) {
    this.id = options.id ?? `fileset:${options.regex ?? options.glob}`;
    this.private = options.private === true;
    this.verbs = options.mutable ? ['SOURCE', 'EXISTS', 'SINK', 'DELETE'] : ['SOURCE', 'EXISTS'];
    const source = options.regex ?? (options.glob !== undefined ? globToRegex(options.glob) : undefined);
    if (source === undefined) throw new RocError('ROC_ERR_ENDPOINT_DEFINITION', { endpoint: this.id, reason: 'a fileset needs a regex or a glob' });
    try {
      this.pattern = new RegExp(`^(?:${source})$`);
    } catch (error) {
      throw new RocError('ROC_ERR_GRAMMAR', { grammar: source, reason: (error as Error).message });
    }
    this.root = resolve(options.root);
    this.realRoot = existsSync(this.root) ? realpathSync(this.root) : this.root;
  }

  resolve(rc: ResolutionContext, self: MountedEndpoint): Resolution | undefined {
    if (!this.pattern.test(rc.identifier)) return undefined;
    if ((self.verbs & rc.verbBit) === 0) {
      rc.verbMismatch(self.verbs);
      return undefined;
    }
    // Only identifiers that name an existing file resolve for reads, so a fileset does not hide what lies behind it.
    if ((rc.verb === 'SOURCE' || rc.verb === 'META') && this.fileFor(rc.identifier) === undefined) return undefined;
    return rc.match(self, []);
  }

  async onSource(ctx: RequestContext): Promise<Response> {
    const file = this.fileFor(ctx.request.identifier);
    if (file === undefined) throw new RocError('ROC_ERR_RESOLUTION', { verb: 'SOURCE', identifier: ctx.request.identifier, spaces: this.id });
    const response = new Response(await readFile(file));
    response.setMimeType(mime.lookup(file) || 'application/octet-stream');
    response.setHeader('lastModified', statSync(file).mtimeMs);
    return response;
  }

  onExists(ctx: RequestContext): boolean {
    return this.fileFor(ctx.request.identifier) !== undefined;
  }

  async onSink(ctx: RequestContext): Promise<void> {
    const file = this.pathFor(ctx.request.identifier);
    const value = await ctx.sourcePrimary();
    const bytes = typeof value === 'string' ? value : value instanceof Uint8Array ? value : await ctx.transrept(value, 'bytes');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }

  async onDelete(ctx: RequestContext): Promise<boolean> {
    const file = this.fileFor(ctx.request.identifier);
    if (file === undefined) return false;
    await unlink(file);
    return true;
  }

  /** The module file an identifier names, if it exists and lies inside the module folder. */
  fileFor(identifier: string): string | undefined {
    let path: string;
    try {
      path = this.pathFor(identifier);
    } catch {
      return undefined;
    }
    if (!existsSync(path)) return undefined;
    const real = realpathSync(path);
    if (!inside(this.realRoot, real) || !statSync(real).isFile()) return undefined;
    return real;
  }

  private pathFor(identifier: string): string {
    const target = this.options.rewrite === undefined ? identifier : identifier.replace(this.pattern, this.options.rewrite);
    if (!target.startsWith('res:/')) throw new RocError('ROC_ERR_IDENTIFIER', { identifier: target, reason: 'a fileset serves res:/ identifiers only' });
    let relativePath: string;
    try {
      relativePath = decodeURIComponent(target.slice(5).split('?')[0]!);
    } catch {
      throw new RocError('ROC_ERR_IDENTIFIER', { identifier: target, reason: 'it contains a malformed % escape' });
    }
    if (relativePath.includes('\0')) throw new RocError('ROC_ERR_IDENTIFIER', { identifier: target, reason: 'it contains a NUL character' });
    const path = resolve(this.root, relativePath);
    if (!inside(this.root, path)) throw new RocError('ROC_ERR_IDENTIFIER', { identifier: target, reason: 'it points outside the module folder' });
    return path;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..'));
}

/** A glob of module-relative paths as a regex over `res:/` identifiers: `*` within a segment, `**` across. */
export function globToRegex(glob: string): string {
  let out = 'res:/';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

