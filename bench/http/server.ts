/**
 * One HTTP server for the load benchmarks, started as a child process by lib/http-load.ts:
 *
 *   node --import tsx bench/http/server.ts IMPL SCENARIO
 *
 * IMPL is `node` (raw node:http), `fastify`, `express`, `hono` (on @hono/node-server) or `roc`
 * (roc-kernel: ModuleSystem deploying the standard frontend fulcrum, HTTPTransport → HTTPBridge
 * → the application). SCENARIO is `hello`, `json`, `session` or `static`. It listens on
 * 127.0.0.1 on a free port, reports `{ port }` over IPC, and exits when told `stop` (normally,
 * so `--cpu-prof` writes its profile) or when the parent goes away.
 *
 * Every server does the same work per scenario; where a framework has its own way (Express's
 * static middleware, Hono's etag middleware), that way is used, as an application would.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { stat, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeSummary } from './summary.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(dirname(HERE));
const HOST = '127.0.0.1';
const HELLO = 'Hello, world!';
/** The static file every server answers conditional requests for (the hello example's fileset serves it for roc-kernel). */
export const STATIC_FILE = join(ROOT, 'examples/hello/resources/style.css');
export const SESSION_MODULE = join(ROOT, 'modules/http/session/index.ts');
/** A session secret of the length both session libraries ask for. */
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

export const IMPLS = ['node', 'fastify', 'express', 'hono', 'roc'] as const;
export const SCENARIOS = ['hello', 'json', 'session', 'static'] as const;
export type Impl = (typeof IMPLS)[number];
export type Scenario = (typeof SCENARIOS)[number];

/** The path each scenario requests. */
export const PATHS: Record<Scenario, string> = { hello: '/hello', json: '/api/summary', session: '/session', static: '/static/style.css' };

// Peers are typed loosely on purpose: the root type-check runs before bench/node_modules exists (see lib/peers.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const peer = (name: string): Promise<Loose> => import(name);

interface SessionData {
  views?: number;
  user?: { id: number; name: string; roles: string[] };
}

/** The per-request session work, the same for every server: read both values, write the count (and the user on a first visit). */
function sessionWork(get: (key: 'views' | 'user') => unknown, set: (key: 'views' | 'user', value: unknown) => void): string {
  const views = ((get('views') as number | undefined) ?? 0) + 1;
  set('views', views);
  let user = get('user') as SessionData['user'];
  if (user === undefined) {
    user = { id: views, name: 'bench user', roles: ['reader'] };
    set('user', user);
  }
  return JSON.stringify({ views, user });
}

/** A weak validator from size and mtime, as Express's `send` makes it; checked on every request, as a file can change. */
async function staticAnswer(ifNoneMatch: string | undefined): Promise<{ status: 200 | 304; etag: string; body?: Buffer }> {
  const s = await stat(STATIC_FILE);
  const etag = `W/"${s.size.toString(16)}-${s.mtimeMs.toString(16)}"`;
  if (ifNoneMatch === etag) return { status: 304, etag };
  return { status: 200, etag, body: await readFile(STATIC_FILE) };
}

async function nodeServer(scenario: Scenario): Promise<number> {
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (scenario === 'hello' && req.url === PATHS.hello) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(HELLO);
    } else if (scenario === 'json' && req.url === PATHS.json) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(computeSummary());
    } else if (scenario === 'static' && req.url === PATHS.static) {
      const answer = await staticAnswer(req.headers['if-none-match']);
      if (answer.status === 304) {
        res.writeHead(304, { etag: answer.etag });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', etag: answer.etag });
        res.end(answer.body);
      }
    } else {
      res.writeHead(404);
      res.end();
    }
  };
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((done) => server.listen(0, HOST, done));
  return (server.address() as { port: number }).port;
}

async function fastifyServer(scenario: Scenario): Promise<number> {
  const app = (await peer('fastify')).default({ logger: false });
  if (scenario === 'hello') app.get(PATHS.hello, (_req: Loose, reply: Loose) => reply.type('text/plain; charset=utf-8').send(HELLO));
  if (scenario === 'json') app.get(PATHS.json, (_req: Loose, reply: Loose) => reply.type('application/json').send(computeSummary()));
  if (scenario === 'session') {
    await app.register((await peer('@fastify/cookie')).default);
    // Library defaults, except what plain HTTP needs (secure: false) and not storing untouched sessions.
    await app.register((await peer('@fastify/session')).default, { secret: SECRET, cookie: { secure: false }, saveUninitialized: false });
    app.get(PATHS.session, (req: Loose, reply: Loose) => {
      const body = sessionWork((k) => req.session.get(k), (k, v) => req.session.set(k, v));
      reply.type('application/json').send(body);
    });
  }
  if (scenario === 'static') {
    // No @fastify/static among the peers: the same stat-and-compare handler as raw node:http.
    app.get(PATHS.static, async (req: Loose, reply: Loose) => {
      const answer = await staticAnswer(req.headers['if-none-match']);
      reply.header('etag', answer.etag);
      if (answer.status === 304) return reply.code(304).send();
      return reply.type('text/css; charset=utf-8').send(answer.body);
    });
  }
  await app.listen({ port: 0, host: HOST });
  return app.server.address().port;
}

async function expressServer(scenario: Scenario): Promise<number> {
  const express = (await peer('express')).default;
  const app = express();
  // As fastify/benchmarks runs Express: no ETag hashing of dynamic bodies, no X-Powered-By.
  app.disable('etag');
  app.disable('x-powered-by');
  if (scenario === 'hello') app.get(PATHS.hello, (_req: Loose, res: Loose) => res.type('text/plain').send(HELLO));
  if (scenario === 'json') app.get(PATHS.json, (_req: Loose, res: Loose) => res.type('application/json').send(computeSummary()));
  if (scenario === 'session') {
    const session = (await peer('express-session')).default;
    // MemoryStore (the default); resave/saveUninitialized false as the README recommends.
    app.use(session({ secret: SECRET, resave: false, saveUninitialized: false }));
    app.get(PATHS.session, (req: Loose, res: Loose) => {
      const s = req.session as SessionData;
      const body = sessionWork((k) => s[k], (k, v) => ((s as Record<string, unknown>)[k] = v));
      res.type('application/json').send(body);
    });
  }
  if (scenario === 'static') app.use('/static', express.static(dirname(STATIC_FILE)));
  return await new Promise<number>((done) => {
    const server = app.listen(0, HOST, () => done(server.address().port));
  });
}

async function honoServer(scenario: Scenario): Promise<number> {
  const { Hono } = await peer('hono');
  const { serve } = await peer('@hono/node-server');
  const app = new Hono();
  if (scenario === 'hello') app.get(PATHS.hello, (c: Loose) => c.text(HELLO));
  if (scenario === 'json') app.get(PATHS.json, (c: Loose) => c.body(computeSummary(), 200, { 'content-type': 'application/json' }));
  if (scenario === 'static') {
    const { serveStatic } = await peer('@hono/node-server/serve-static');
    const { etag } = await peer('hono/etag');
    // Hono's documented way: serveStatic answers the file, the etag middleware validates it.
    app.use('/static/*', etag(), serveStatic({ root: relative(process.cwd(), dirname(dirname(STATIC_FILE))), rewriteRequestPath: (p: string) => p.replace(/^\/static\//, '/resources/') }));
  }
  return await new Promise<number>((done) => serve({ fetch: app.fetch, port: 0, hostname: HOST }, (info: { port: number }) => done(info.port)));
}

async function rocServer(scenario: Scenario): Promise<number> {
  const { ModuleSystem } = await import('../../modules/loader/module-system.ts');
  const app = { hello: join(ROOT, 'examples/hello'), static: join(ROOT, 'examples/hello'), json: join(HERE, 'apps/summary'), session: join(HERE, 'apps/session') }[scenario];
  if (scenario === 'session' && !existsSync(SESSION_MODULE)) throw new Error(`TODO: ${relative(ROOT, SESSION_MODULE)} does not exist yet (the HTTPSession overlay is being written)`);
  const system = new ModuleSystem({ httpPort: 0, httpHost: HOST, watch: false });
  const { failed } = await system.deploy([join(ROOT, 'modules/http/fulcrum'), app]);
  if (failed.length > 0) throw new Error(`roc-kernel deployment failed: ${failed.map((f) => `${relative(ROOT, f.path)}: ${f.error.message}`).join('; ')}`);
  const port = system.transports[0]?.address?.port;
  if (port === undefined) throw new Error('the fulcrum started no HTTP transport');
  return port;
}

const SERVERS: Record<Impl, (scenario: Scenario) => Promise<number>> = { node: nodeServer, fastify: fastifyServer, express: expressServer, hono: honoServer, roc: rocServer };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [impl, scenario] = process.argv.slice(2) as [Impl, Scenario];
  if (!SERVERS[impl] || !SCENARIOS.includes(scenario)) {
    console.error(`usage: node --import tsx bench/http/server.ts (${IMPLS.join('|')}) (${SCENARIOS.join('|')})`);
    process.exit(2);
  }
  const stop = () => process.exit(0);
  process.on('message', (m) => m === 'stop' && stop());
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    const port = await SERVERS[impl](scenario);
    if (process.send) process.send({ port });
    else console.log(`${impl} ${scenario} listening on http://${HOST}:${port}${PATHS[scenario]}`);
  } catch (error) {
    const message = (error as Error).message;
    if (process.send) process.send({ error: message });
    else console.error(message);
    process.exit(1);
  }
}
