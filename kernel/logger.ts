/** Log levels, most to least severe. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the kernel and endpoints write what happened. Any object with these four methods will do. */
export interface Logger {
  error(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  debug(message: string, detail?: unknown): void;
}

/**
 * A logger writing to stderr at `level` and above.
 * @example const kernel = new Kernel({ logger: createLogger('debug') });
 */
export function createLogger(level: LogLevel = 'warn', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (l: LogLevel) => (message: string, detail?: unknown) => {
    if (LOG_LEVELS.indexOf(l) > threshold) return;
    write(`[roc ${l}] ${message}${detail === undefined ? '' : ' ' + (detail instanceof Error ? detail.message : String(detail))}`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
