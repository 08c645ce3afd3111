// `npm start`: the example application over HTTP.
// Until the HTTP module (transport + bridge) lands, a few lines of node:http play the bridge:
// GET http://host/path becomes SOURCE res:/path in the example's space.
import { createServer } from 'node:http';
import { isRocError, Kernel } from '../kernel/index.ts';
import { createHelloSpace } from './programmatic/app.ts';

const kernel = new Kernel();
const scope = kernel.scopeFor(createHelloSpace());
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const server = createServer(async (req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  try {
    const response = await kernel.request(kernel.createRequest(`res:${path}`), scope);
    const body = response.representation;
    res.writeHead(200, { 'content-type': response.mimeType ?? 'text/plain; charset=utf-8' });
    res.end(typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body));
  } catch (error) {
    const notFound = isRocError(error, 'ROC_ERR_RESOLUTION');
    res.writeHead(notFound ? 404 : 500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(notFound ? `Not found: ${path}\n` : 'Internal error\n');
  }
});

server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`roc-kernel example listening on http://${host}:${actual}/`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
