import { createReadStream, existsSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import mime from 'mime-types';
import { RocError, type EndpointDefinition, type MountedEndpoint, type RequestContext, type Resolution, type ResolutionContext, type Response } from '../../../kernel/index.ts';
import { Fileset } from '../../../spaces/fileset.ts';
import { bridgeError } from '../bridge/bridge-errors.ts';
import { getLogger } from '../logging/registry.ts';
import { listingPage, type ListingEntry } from './listing.ts';
import { decideRange } from './range.ts';
import { DEFAULT_PATH_LIMITS, parseSafePath, type PathLimits } from './safe-path.ts';
import { compressible, fileEtag, httpDate, ifRangeHolds, notModified, preferredCoding, type ContentCoding } from './validators.ts';

const log = getLogger('static');
/** Bodies up to this size are read whole; larger ones are streamed. */
const READ_WHOLE_BYTES = 64 * 1024;
/** Smaller files are not worth compressing. */
const MIN_COMPRESS_BYTES = 1024;
const H = 'httpResponse:/header/';

export interface StaticFilesOptions {
  /** The folder served; nothing outside it (after symlinks) is ever read. */
  readonly root: string;
  /** Identifier prefix it answers (default `res:/`); `/static/` is short for `res:/static/`. */
  readonly path?: string;
  /** File names tried, in order, for a directory (default `['index.html']`; `[]` for none). */
  readonly index?: readonly string[];
  /** An HTML listing for a directory without an index file (default false: 404). */
  readonly listing?: boolean;
  /** gzip or br by `Accept-Encoding` for text-like types of 1 KiB or more (default false). */
  readonly compress?: boolean;
  /** `Cache-Control: public, max-age=N` when set; otherwise none (clients revalidate with the validators). */
  readonly maxAge?: number;
  /** Serve and list names starting with `.` (default false: `.env`, `.git/…` are 404). */
  readonly dotfiles?: boolean;
  readonly limits?: Partial<PathLimits>;
  readonly id?: string;
  readonly private?: boolean;
}

/**
 * The StaticFiles endpoint (issue 8, after Woomera's StaticFiles): serves a folder through the
 * HTTPBridge. Mount it in the application space; it answers identifiers under its prefix
 * (`res:/static/css/a.css` → `css/a.css`) for GET and HEAD, with Content-Type by extension,
 * a strong ETag (size + mtime) and Last-Modified, 304 on `If-None-Match`/`If-Modified-Since`,
 * single `Range` (206/416; several ranges give the whole file), index files, an optional
 * listing and optional gzip/br. Paths are checked ({@link parseSafePath}) and then resolved
 * through a {@link Fileset}, so `..`, encoded or not, NUL and symlinks never leave the folder.
 * README.md documents every option, status and decision.
 *
 * @example app.mount(new StaticFiles({ root: join(moduleDir, 'public'), path: 'res:/static/', compress: true }));
 */
export class StaticFiles implements EndpointDefinition {
  readonly id: string;
  readonly private: boolean;
  readonly verbs = ['SOURCE'] as const;
  private readonly prefix: string;
  private readonly root: string;
  private readonly fileset: Fileset;
  private readonly limits: PathLimits;
  private readonly index: readonly string[];

  constructor(private readonly options: StaticFilesOptions) {
    this.prefix = normalisePrefix(options.path ?? 'res:/');
    this.id = options.id ?? `StaticFiles:${this.prefix}`;
    this.private = options.private === true;
    this.index = options.index ?? ['index.html'];
    for (const name of this.index) if (name === '' || /[/\\\0]/.test(name) || name === '.' || name === '..') throw new TypeError(`index file "${name}" must be a plain file name`);
    if (options.maxAge !== undefined && !(Number.isInteger(options.maxAge) && options.maxAge >= 0)) throw new RangeError(`maxAge must be a whole number of seconds, got ${options.maxAge}`);
    this.limits = { ...DEFAULT_PATH_LIMITS, ...options.limits };
    const root = resolve(options.root);
    this.root = existsSync(root) ? realpathSync(root) : root;
    // The fileset does the traversal-safe lookup of files; this class adds HTTP around it.
    this.fileset = new Fileset({ root: this.root, regex: 'res:/(.*)', id: `${this.id}:files` });
  }

  resolve(rc: ResolutionContext, self: MountedEndpoint): Resolution | undefined {
    if (!rc.identifier.startsWith(this.prefix)) return undefined;
    if ((self.verbs & rc.verbBit) === 0) {
      rc.verbMismatch(self.verbs);
      return undefined;
    }
    return rc.match(self, []);
  }

  async onSource(ctx: RequestContext): Promise<Response> {
    const identifier = ctx.request.identifier;
    const method = String(await ctx.source('httpRequest:/method'));
    if (method !== 'GET' && method !== 'HEAD') throw bridgeError('ROC_ERR_HTTP_METHOD', { method, identifier, allowed: 'GET, HEAD' });
    const headers = (await ctx.source('httpRequest:/headers')) as Record<string, string>;
    const parsed = parseSafePath(identifier.slice(this.prefix.length).split('?')[0]!, this.limits);
    if (!parsed.ok) {
      log.info(`${this.id}: refused ${JSON.stringify(identifier.slice(0, 200))}: ${parsed.reason}`);
      throw bridgeError('ROC_ERR_HTTP_BAD_REQUEST', { what: 'path', reason: parsed.reason });
    }
    const { segments } = parsed;
    if (this.options.dotfiles !== true && segments.some((s) => s.startsWith('.'))) throw this.notFound(identifier);
    const relative = segments.map(encodeURIComponent).join('/');
    const file = this.fileset.fileFor(`res:/${relative}`);
    if (file !== undefined) {
      // `a.txt/` names a directory that is not there.
      if (parsed.trailingSlash && segments.length > 0) throw this.notFound(identifier);
      return this.serveFile(ctx, file, method, headers);
    }
    const directory = this.directoryFor(segments);
    if (directory === undefined) throw this.notFound(identifier);
    if (!parsed.trailingSlash) return this.redirectToSlash(ctx);
    for (const name of this.index) {
      const indexFile = this.fileset.fileFor(`res:/${relative}${relative === '' ? '' : '/'}${encodeURIComponent(name)}`);
      if (indexFile !== undefined) return this.serveFile(ctx, indexFile, method, headers);
    }
    if (this.options.listing === true) return this.listing(ctx, directory, segments.length === 0);
    throw this.notFound(identifier);
  }

  /** The real path of a directory inside the folder, or undefined (also for symlinks leading out). */
  private directoryFor(segments: readonly string[]): string | undefined {
    const path = join(this.root, ...segments);
    let real: string;
    try {
      real = realpathSync(path);
      if (!statSync(real).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    return real === this.root || real.startsWith(this.root + sep) ? real : undefined;
  }

  private async serveFile(ctx: RequestContext, file: string, method: string, headers: Readonly<Record<string, string>>): Promise<Response> {
    const info = await stat(file);
    const type = mime.contentType(extname(file)) || 'application/octet-stream';
    const canCompress = this.options.compress === true && compressible(type) && info.size >= MIN_COMPRESS_BYTES;
    const rangeHeader = method === 'GET' ? headers.range : undefined;
    // Ranges are of the stored bytes: a request with Range is answered uncompressed.
    const coding = canCompress && rangeHeader === undefined ? preferredCoding(headers['accept-encoding']) : undefined;
    const tag = fileEtag(info, coding);
    const common: Record<string, string> = { ETag: tag, 'Last-Modified': httpDate(info.mtimeMs), 'Accept-Ranges': 'bytes' };
    if (canCompress) common.Vary = 'Accept-Encoding';
    if (this.options.maxAge !== undefined) common['Cache-Control'] = `public, max-age=${this.options.maxAge}`;
    if (notModified(headers, tag, info.mtimeMs)) {
      log.debug(`${this.id}: 304 ${file}`);
      return this.answer(ctx, undefined, 304, common);
    }
    const decision = rangeHeader !== undefined && ifRangeHolds(headers['if-range'], fileEtag(info), info.mtimeMs) ? decideRange(rangeHeader, info.size) : ({ kind: 'none' } as const);
    if (decision.kind === 'unsatisfiable') {
      log.debug(`${this.id}: 416 ${file}: ${decision.reason}`);
      return this.answer(ctx, 'Range Not Satisfiable\n', 416, { 'Content-Range': `bytes */${info.size}`, 'Accept-Ranges': 'bytes' }, 'text/plain; charset=utf-8');
    }
    if (decision.kind === 'single') {
      log.debug(`${this.id}: 206 ${file} ${decision.start}-${decision.end}`);
      const body = await readPart(file, info, decision.start, decision.end);
      return this.answer(ctx, body, 206, { ...common, 'Content-Range': `bytes ${decision.start}-${decision.end}/${info.size}` }, type);
    }
    log.debug(`${this.id}: 200 ${file}${coding === undefined ? '' : ` (${coding})`}`);
    if (coding !== undefined) return this.answer(ctx, compressedStream(file, coding), 200, { ...common, 'Content-Encoding': coding }, type);
    return this.answer(ctx, await readPart(file, info, 0, info.size - 1), 200, common, type);
  }

  private async listing(ctx: RequestContext, directory: string, top: boolean): Promise<Response> {
    const entries: ListingEntry[] = [];
    for (const dirent of await readdir(directory, { withFileTypes: true })) {
      if (this.options.dotfiles !== true && dirent.name.startsWith('.')) continue;
      const real = this.reachable(join(directory, dirent.name));
      if (real !== undefined) entries.push({ name: dirent.name, directory: real.isDirectory(), size: real.size, mtimeMs: real.mtimeMs });
    }
    const path = String(await ctx.source('httpRequest:/path'));
    let title = path;
    try {
      title = decodeURIComponent(path);
    } catch {
      // Shown as sent.
    }
    return this.answer(ctx, listingPage(title, entries, top), 200, {}, 'text/html; charset=utf-8');
  }

  /** Stats of an entry a request could reach: inside the folder after symlinks. */
  private reachable(path: string): Stats | undefined {
    try {
      const real = realpathSync(path);
      if (real !== this.root && !real.startsWith(this.root + sep)) return undefined;
      return statSync(real);
    } catch {
      return undefined;
    }
  }

  /** `/files/dir` → 301 `/files/dir/`, so the relative links of index pages and listings work. */
  private async redirectToSlash(ctx: RequestContext): Promise<Response> {
    const path = String(await ctx.source('httpRequest:/path'));
    const query = String(await ctx.source('httpRequest:/query'));
    // One leading slash only: `//evil.example/dir` must not become a protocol-relative Location.
    const location = `/${path.replace(/^\/+/, '')}/${query === '' ? '' : `?${query}`}`;
    return ctx.createResponseFrom(undefined).setHeader('httpResponse:/code', 301).setHeader('httpResponse:/redirect', location).setNoCache();
  }

  /** Per-request (it read `httpRequest:`), so never cached; streams are consumed once anyway. */
  private answer(ctx: RequestContext, body: unknown, code: number, headers: Readonly<Record<string, string>>, type?: string): Response {
    const response = ctx.createResponseFrom(body).setNoCache().setHeader('httpResponse:/code', code);
    for (const [name, value] of Object.entries(headers)) response.setHeader(H + name, value);
    if (type !== undefined) response.setHeader('mime', type);
    return response;
  }

  private notFound(identifier: string): RocError {
    return new RocError('ROC_ERR_RESOLUTION', { verb: 'SOURCE', identifier, spaces: this.id });
  }
}

function normalisePrefix(path: string): string {
  if (path.startsWith('/')) return `res:${path}`;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(path)) throw new TypeError(`path "${path}" must be an identifier prefix (res:/static/) or a URL path (/static/)`);
  return path;
}

/** Bytes `start`..`end` (inclusive): read whole when small, else a file stream. */
async function readPart(file: string, info: Stats, start: number, end: number): Promise<Uint8Array | Readable> {
  const length = end - start + 1;
  if (length <= 0) return new Uint8Array(0);
  if (length > READ_WHOLE_BYTES) return createReadStream(file, { start, end });
  if (start === 0 && length === info.size) return readFile(file);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function compressedStream(file: string, coding: ContentCoding): Readable {
  const encoder = coding === 'br' ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }) : zlib.createGzip();
  // pipeline: a read error destroys the encoder too, so the bridge sees the failure.
  return pipeline(createReadStream(file), encoder, () => undefined);
}
