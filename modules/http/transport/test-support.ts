/** Helpers shared by the transport tests: real sockets on 127.0.0.1, bounded waits. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpTransport } from './http-transport.ts';
import type { HttpTransportOptions } from './transport-options.ts';

const running = new Set<HttpTransport>();
const clients = new Set<net.Socket>();

/** Start a transport on a free loopback port; `closeAll` (in afterEach) stops it. */
export async function serve(options: HttpTransportOptions): Promise<{ transport: HttpTransport; port: number; origin: string }> {
  const transport = new HttpTransport({ port: 0, ...options });
  running.add(transport);
  const { port, origin } = await transport.start();
  return { transport, port, origin };
}

/** Stop every transport and destroy every raw client the test opened. */
export async function closeAll(): Promise<void> {
  for (const socket of clients) socket.destroy();
  clients.clear();
  await Promise.all([...running].map((t) => t.stop(0)));
  running.clear();
}

/** A raw TCP client that records everything the server sends. */
export class RawClient {
  readonly socket: net.Socket;
  #received = Buffer.alloc(0);
  #closed = false;
  #waiters: (() => void)[] = [];

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#received = Buffer.concat([this.#received, chunk]);
      this.#wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(new RawClient(socket)));
      clients.add(socket);
      socket.once('error', reject);
    });
  }

  get text(): string {
    return this.#received.toString('latin1');
  }

  get closed(): boolean {
    return this.#closed;
  }

  write(data: string | Buffer): this {
    this.socket.write(data);
    return this;
  }

  /** Wait until the received text satisfies `done` (or the connection closes); fails after `ms`. */
  until(done: (text: string) => boolean, ms = 3_000): Promise<string> {
    return this.#waitFor(() => {
      if (done(this.text)) return true;
      if (this.#closed) throw new Error(`connection closed; received: ${JSON.stringify(this.text)}`);
      return false;
    }, ms, 'timed out');
  }

  /** Wait for the server to close the connection; resolves with everything received. */
  untilClosed(ms = 3_000): Promise<string> {
    return this.#waitFor(() => this.#closed, ms, 'still open');
  }

  /** Re-check `ready` whenever data arrives or the connection closes, until it holds or `ms` pass. */
  async #waitFor(ready: () => boolean, ms: number, failure: string): Promise<string> {
    const deadline = Date.now() + ms;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${failure}; received: ${JSON.stringify(this.text)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.text;
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}

/** Count complete status lines in raw response text. */
export function statusLines(text: string): string[] {
  return text.match(/HTTP\/1\.1 \d{3}[^\r]*/g) ?? [];
}

/** A one-off self-signed key and certificate for 127.0.0.1, made by the system `openssl`. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'roc-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A promise plus its resolver, for handlers that finish when the test says so. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolve once `check` holds, polling briefly; fails after `ms`. */
export async function eventually(check: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
