import { afterEach, describe, expect, it } from 'vitest';
import { bridged } from '../bridge/test-support.ts';
import { InProcessExchange } from '../bridge/in-process-exchange.ts';
import { closeAll, proxied, upstream } from '../proxy/test-support.ts';
import { configureLogging, formatRequestLine, getLogger, LoggerRegistry, loggers, observeRequest, parseLogConfig } from './index.ts';

const lines: string[] = [];
afterEach(async () => {
  loggers.reset();
  loggers.setSink((line) => void process.stderr.write(line + '\n'));
  lines.length = 0;
  await closeAll();
});

describe('named loggers', () => {
  it('are quiet at the default level and turned up per name, from a string or from code', () => {
    const registry = new LoggerRegistry({ write: (l) => lines.push(l) });
    const requests = registry.get('requests');
    requests.info('not yet');
    registry.get('static').warn('a problem');
    registry.configure('requests:info, static:off');
    requests.info('now');
    requests.debug('too detailed');
    registry.get('static').error('silenced');
    registry.setLevel('*', 'debug');
    registry.get('sessions').debug('default raised');
    expect(lines).toEqual(['[roc warn static] a problem', '[roc info requests] now', '[roc debug sessions] default raised']);
    expect(registry.get('requests')).toBe(requests);
  });

  it('parses ROC_LOG and reports a bad entry by name', () => {
    expect([...parseLogConfig('requests:info,static:DEBUG, proxy : off,warn')]).toEqual([['requests', 'info'], ['static', 'debug'], ['proxy', 'off'], ['*', 'warn']]);
    expect(() => parseLogConfig('requests:loud')).toThrow(/bad log setting "requests:loud": unknown level "loud"/);
    expect(() => parseLogConfig('a b:info')).toThrow(/not a logger name/);
  });
});

describe('the request line', () => {
  it('is METHOD URL STATUS BYTES MSms, with the URL made safe for one line', () => {
    expect(formatRequestLine({ method: 'GET', url: 'http://h/x?a=1', status: 200, bytes: 12, ms: 3.4 })).toBe('GET http://h/x?a=1 200 12 3ms');
    expect(formatRequestLine({ method: 'GET', url: 'http://h/a b\r\nFAKE 200', status: 404, bytes: undefined, ms: 0, aborted: true })).toBe('GET http://h/a%20b%0D%0AFAKE%20200 404 - 0ms aborted');
  });

  it('is written once per request through the bridge exchange, only when requests is at info', async () => {
    loggers.setSink((l) => lines.push(l));
    const quiet = new InProcessExchange({ method: 'GET', url: 'http://h/', headers: {}, body: undefined });
    expect(observeRequest(quiet)).toBe(quiet);
    configureLogging({ requests: 'info' });
    const exchange = new InProcessExchange({ method: 'GET', url: 'http://h/page', headers: {}, body: undefined });
    const observed = observeRequest(exchange);
    expect(observeRequest(observed)).toBe(observed);
    observed.send({ status: 200 }, 'hello');
    const head = observeRequest(new InProcessExchange({ method: 'HEAD', url: 'http://h/page', headers: {}, body: undefined }));
    head.send({ status: 200 }, 'hello');
    expect(lines).toEqual([expect.stringMatching(/^\[roc info requests\] GET http:\/\/h\/page 200 5 \d+ms$/), expect.stringMatching(/^\[roc info requests\] HEAD http:\/\/h\/page 200 0 \d+ms$/)]);
  });

  it('comes from the proxy for what it forwards, and static logs at debug', async () => {
    loggers.setSink((l) => lines.push(l));
    configureLogging('requests:info,static:debug');
    const origin = await upstream((_req, res) => res.end('upstream'));
    await proxied({ path: '/p/', target: origin }).client.get('/p/x?y=1');
    expect(lines).toEqual([expect.stringMatching(/^\[roc info requests\] GET http:\/\/localhost\/p\/x\?y=1 200 8 \d+ms$/)]);
    const { StaticFiles } = await import('../static/static-files.ts');
    const { app, client } = bridged();
    app.mount(new StaticFiles({ root: import.meta.dirname, path: '/s/' }));
    await client.get('/s/%2e%2e/x');
    expect(lines).toContainEqual(expect.stringMatching(/^\[roc info static\] StaticFiles:res:\/s\/: refused "res:\/s\/%2e%2e\/x": dot segment/));
    // The bridge writes the request line too, once the response is finished.
    expect(lines.at(-1)).toMatch(/^\[roc info requests\] GET http:\/\/localhost\/s\/%2e%2e\/x 400 \d+ \d+ms$/);
    getLogger('static').debug('direct');
    expect(lines.at(-1)).toBe('[roc debug static] direct');
  });
});
