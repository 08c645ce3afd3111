import { fileURLToPath } from 'node:url';
import { createLogger, isRocError, LOG_LEVELS, type LogLevel } from '../../kernel/index.ts';
import { ModuleSystem } from '../loader/module-system.ts';

/** The standard frontend fulcrum module shipped with roc-kernel. */
export const FRONTEND_FULCRUM = fileURLToPath(new URL('../http/fulcrum/', import.meta.url));

export const USAGE = `roc: run ROC modules

Usage:
  roc run <module folder | module.xml | modules.xml>... [options]
  roc --help

Options:
  --log-level <error|warn|info|debug>  what to log (default info)
  --port <n>                           port of HTTP transports whose module.xml sets none (default 8080; 0 = any free port)
  --host <address>                     address they listen on (default 127.0.0.1)
  --grace <ms>                         how long in-flight HTTP responses may take on SIGINT/SIGTERM (default 5000)
  --no-watch                           do not reload <dynamic/> modules when their files change
  --no-fulcrum                         do not deploy the standard frontend fulcrum

roc run also deploys the standard frontend fulcrum (urn:org:netkernel:fulcrum:frontend): an HTTP
transport and bridge that serve every module whose res:/etc/system/SimpleDynamicImportHook.xml
names the HTTPFulcrum type. The PORT and HOST environment variables set the defaults of
--port and --host.

roc run deploys the modules (with the standard modules built in), prints what it deployed and
where it listens, and stops cleanly on SIGINT or SIGTERM.`;

export interface CliOptions {
  readonly command: 'run' | 'help';
  readonly paths: string[];
  readonly logLevel: LogLevel;
  readonly port: number | undefined;
  readonly host: string | undefined;
  readonly grace: number;
  readonly watch: boolean;
  readonly fulcrum: boolean;
}

/** Parse `roc` arguments; a bad one throws an Error whose message says which and why. */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliOptions {
  const paths: string[] = [];
  let command: 'run' | 'help' | undefined;
  let logLevel: LogLevel = 'info';
  let port: number | undefined;
  let host: string | undefined = env.HOST || undefined;
  let fulcrum = true;
  let grace = 5000;
  let watch = true;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const integer = (text: string, flag: string, max = Number.MAX_SAFE_INTEGER): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${flag} must be a whole number from 0 to ${max}, got "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h' || arg === 'help') command = 'help';
    else if (arg === '--log-level') {
      const v = value(i++, arg);
      if (!(LOG_LEVELS as readonly string[]).includes(v)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${v}"`);
      logLevel = v as LogLevel;
    } else if (arg === '--port') port = integer(value(i++, arg), arg, 65535);
    else if (arg === '--host') host = value(i++, arg);
    else if (arg === '--grace') grace = integer(value(i++, arg), arg);
    else if (arg === '--no-watch') watch = false;
    else if (arg === '--no-fulcrum') fulcrum = false;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (command === undefined && arg === 'run') command = 'run';
    else if (command === 'run') paths.push(arg);
    else throw new Error(`unknown command "${arg}"`);
  }
  if (command === undefined) command = 'help';
  if (command === 'run' && port === undefined && env.PORT) port = integer(env.PORT, 'PORT', 65535);
  if (command === 'run' && paths.length === 0) throw new Error('roc run needs at least one module folder, module.xml or modules.xml');
  return { command, paths, logLevel, port, host, grace, watch, fulcrum };
}

/** Run the `roc` command; resolves with the process exit code once it has stopped. */
export async function main(argv: readonly string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv, process.env);
  } catch (error) {
    process.stderr.write(`roc: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.command === 'help') {
    out(USAGE);
    return 0;
  }
  const system = new ModuleSystem({
    logger: createLogger(options.logLevel),
    ...(options.port === undefined ? {} : { httpPort: options.port }),
    ...(options.host === undefined ? {} : { httpHost: options.host }),
    watch: options.watch,
  });
  const { deployed, failed } = await system.deploy(options.fulcrum ? [FRONTEND_FULCRUM, ...options.paths] : options.paths);
  for (const m of deployed) out(`deployed ${m.uri} ${m.version} (${m.rootspaces.map((s) => s.uri).join(', ')}) from ${m.file}`);
  for (const f of failed) out(`failed   ${f.path}: ${isRocError(f.error) ? `[${f.error.code}] ` : ''}${f.error.message}`);
  for (const t of system.transports) if (t.address) out(`listening on ${t.address.origin}/ (${t.id})`);
  if (deployed.length === 0) {
    out('nothing deployed');
    await system.stop(0);
    return 1;
  }
  // Nothing else may keep Node running (a module without a transport): wait for a signal regardless.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      out(`${signal}: stopping (grace ${options.grace} ms)`);
      clearInterval(keepAlive);
      system.stop(options.grace).then(
        () => {
          out('stopped');
          resolve(0);
        },
        (error: unknown) => {
          process.stderr.write(`roc: stopping failed: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
