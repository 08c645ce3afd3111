/**
 * Named loggers for the HTTP layer (issue 8, after Woomera's `woomera.request`, … loggers):
 * `server`, `requests`, `sessions`, `static` and `proxy`. Each is quiet at the default level
 * (`warn`: only problems) and is turned up by name, from code or from the `ROC_LOG`
 * environment variable (`ROC_LOG=requests:info,static:debug`). A logger obtained once keeps
 * following later level changes, so modules can hold theirs in a constant.
 */
import { createLogger, LOG_LEVELS, type Logger, type LogLevel } from '../../../kernel/index.ts';

/** The names the HTTP modules log under. Any other name works too. */
export const LOGGER_NAMES = ['server', 'requests', 'sessions', 'static', 'proxy'] as const;
export type LoggerName = (typeof LOGGER_NAMES)[number];

/** A level, or `off` for nothing at all. */
export type NamedLogLevel = LogLevel | 'off';

/** The level of every logger not configured otherwise: problems only. */
export const DEFAULT_LOG_LEVEL: NamedLogLevel = 'warn';

const LEVELS: readonly string[] = [...LOG_LEVELS, 'off'];
const writeStderr = (line: string): void => void process.stderr.write(line + '\n');

/** A configuration string that does not parse: `ROC_LOG=requests:loud`. */
export class LogConfigError extends Error {
  constructor(readonly entry: string, reason: string) {
    super(`bad log setting "${entry}": ${reason} (expected name:level, levels ${LEVELS.join(', ')})`);
    this.name = 'LogConfigError';
  }
}

/**
 * Parse `name:level,name:level` (whitespace allowed; `*:level` or a bare `level` sets the
 * default). Throws a {@link LogConfigError} naming the bad entry.
 *
 * @example parseLogConfig('requests:info, static:debug'); // Map { 'requests' => 'info', 'static' => 'debug' }
 */
export function parseLogConfig(spec: string): Map<string, NamedLogLevel> {
  const out = new Map<string, NamedLogLevel>();
  for (const raw of spec.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const colon = entry.lastIndexOf(':');
    const name = colon < 0 ? '*' : entry.slice(0, colon).trim();
    const level = (colon < 0 ? entry : entry.slice(colon + 1)).trim().toLowerCase();
    if (!LEVELS.includes(level)) throw new LogConfigError(entry, `unknown level "${level}"`);
    if (!/^[\w.*-]+$/.test(name)) throw new LogConfigError(entry, `"${name}" is not a logger name`);
    out.set(name, level as NamedLogLevel);
  }
  return out;
}

/**
 * Loggers by name, each with its own level, all writing through one sink (stderr unless
 * `setSink` says otherwise). Lines look like `[roc info requests] GET http://h/x 200 12 3ms`.
 *
 * @example
 * const logs = new LoggerRegistry({ config: 'requests:info' });
 * logs.get('requests').info('GET /x 200 12 3ms');
 */
export class LoggerRegistry {
  private readonly levels = new Map<string, NamedLogLevel>();
  private readonly loggers = new Map<string, { facade: Logger; current: Logger }>();
  private defaultLevel: NamedLogLevel = DEFAULT_LOG_LEVEL;
  private sink: (line: string) => void = writeStderr;

  constructor(options: { config?: string; write?: (line: string) => void } = {}) {
    if (options.write !== undefined) this.sink = options.write;
    if (options.config !== undefined) this.configure(options.config);
  }

  /** The logger called `name`; the same object every time, following later level changes. */
  get(name: string): Logger {
    let entry = this.loggers.get(name);
    if (entry === undefined) {
      const holder: { facade: Logger; current: Logger } = { facade: undefined as never, current: this.build(name) };
      holder.facade = {
        error: (m, d) => holder.current.error(m, d),
        warn: (m, d) => holder.current.warn(m, d),
        info: (m, d) => holder.current.info(m, d),
        debug: (m, d) => holder.current.debug(m, d),
      };
      this.loggers.set(name, (entry = holder));
    }
    return entry.facade;
  }

  /** The level in force for `name`. */
  levelOf(name: string): NamedLogLevel {
    return this.levels.get(name) ?? this.defaultLevel;
  }

  /** True when `name` writes messages of `level` (to skip building an expensive message). */
  enabled(name: string, level: LogLevel): boolean {
    const current = this.levelOf(name);
    return current !== 'off' && LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(current);
  }

  /** Set one logger's level (`*` for the default); `undefined` returns it to the default. */
  setLevel(name: string, level: NamedLogLevel | undefined): void {
    if (name === '*') this.defaultLevel = level ?? DEFAULT_LOG_LEVEL;
    else if (level === undefined) this.levels.delete(name);
    else this.levels.set(name, level);
    this.rebuild();
  }

  /** Apply a `name:level,…` string (see {@link parseLogConfig}); entries it does not name are kept. */
  configure(spec: string): void {
    for (const [name, level] of parseLogConfig(spec)) this.setLevel(name, level);
  }

  /** Forget every setting: all loggers back at the default level. */
  reset(): void {
    this.levels.clear();
    this.defaultLevel = DEFAULT_LOG_LEVEL;
    this.rebuild();
  }

  /** Where lines go (stderr by default); tests collect them. */
  setSink(write: (line: string) => void): void {
    this.sink = write;
    this.rebuild();
  }

  private rebuild(): void {
    for (const [name, entry] of this.loggers) entry.current = this.build(name);
  }

  private build(name: string): Logger {
    const level = this.levelOf(name);
    if (level === 'off') return { error: noop, warn: noop, info: noop, debug: noop };
    // The kernel's logger does the level filtering and formatting; the name goes into its tag.
    const sink = this.sink;
    return createLogger(level, (line) => sink(line.replace(/^\[roc (\w+)\]/, `[roc $1 ${name}]`)));
  }
}

function noop(): void {}

/**
 * The process-wide registry, configured from `ROC_LOG` when first loaded. A malformed
 * `ROC_LOG` is reported once on stderr and ignored rather than stopping the server.
 */
export const loggers: LoggerRegistry = createDefaultRegistry();

function createDefaultRegistry(): LoggerRegistry {
  const registry = new LoggerRegistry();
  const spec = process.env.ROC_LOG;
  if (spec !== undefined && spec.trim() !== '') {
    try {
      registry.configure(spec);
    } catch (error) {
      writeStderr(`[roc warn server] ROC_LOG ignored: ${(error as Error).message}`);
    }
  }
  return registry;
}

/**
 * The named logger from the process-wide registry.
 *
 * @example const log = getLogger('static'); log.debug(`served ${file}`);
 */
export function getLogger(name: LoggerName | (string & {})): Logger {
  return loggers.get(name);
}

/**
 * Set levels from code, as `ROC_LOG` does: a `name:level,…` string or a record.
 *
 * @example configureLogging({ requests: 'info', proxy: 'debug' });
 */
export function configureLogging(config: string | Readonly<Record<string, NamedLogLevel>>): void {
  if (typeof config === 'string') loggers.configure(config);
  else for (const [name, level] of Object.entries(config)) loggers.setLevel(name, level);
}
