import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseRawResponseHead } from './raw-response-head.ts';
import {
  hasHeader, headerValue, serializeClosingHead, toBuffer, withHeader,
  type HttpResponseHead, type ProtocolUpgradeHandler, type ResponseBody, type ResponseState,
} from './response-head.ts';

/** Settings the transport hands every session. */
export interface SessionSettings {
  readonly maxPending: number;
  readonly responseTimeout: number;
}

interface Slot {
  readonly id: number;
  readonly request: IncomingMessage;
  readonly response: ServerResponse | undefined;
  readonly upgrade: { readonly request: IncomingMessage; readonly head: Buffer } | undefined;
  readonly start: () => void;
  readonly onTimeout: () => void;
  state: ResponseState;
  counted: boolean;
  closeAfter: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The per-TCP-connection response API (seed 000): one session lives as long as its
 * connection and numbers its requests 1, 2, 3… Responses leave in request order whatever
 * order they finish in; later ones wait, buffered, for earlier ones. Use the simple API
 * (`send`, `sendNoBody`) for whole responses, the verbose API (`sendStart`, `sendChunk`*,
 * `sendFinished`) to stream, and `sendRaw` for pre-built bytes. `sendChunk` returns `false`
 * when the client is not keeping up; wait for `drained(id)` before writing more. Calls for
 * a connection that has gone away are ignored, so a client hanging up is never an
 * application error.
 *
 * @example
 * const handler = (exchange: HttpExchange) => {
 *   const { session, id } = exchange;
 *   session.sendStart({ status: 200, headers: { 'content-type': 'text/plain' } }, id);
 *   session.sendChunk('hello ', id);
 *   session.sendChunk('world', id);
 *   session.sendFinished(id);
 * };
 */
export class ConnectionSession {
  readonly #socket: Socket;
  readonly #settings: SessionSettings;
  readonly #slots = new Map<number, Slot>();
  readonly #queue: Slot[] = [];
  readonly #abandoned = new Set<number>();
  readonly #whenSettled: (() => void)[] = [];
  #nextId = 1;
  #inFlight = 0;
  #pausedByUs = false;
  #closing = false;
  #closed = false;
  #upgraded = false;

  /** @internal Sessions are created by the transport, one per accepted connection. */
  constructor(socket: Socket, settings: SessionSettings) {
    this.#socket = socket;
    this.#settings = settings;
    socket.once('close', () => this.#onClose());
  }

  /** True once the connection has closed; every send is then a no-op. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Requests of this connection whose responses are not yet fully written. */
  get pendingCount(): number {
    return this.#slots.size;
  }

  /** The state of request `id`'s response, or `undefined` once it is written and forgotten. */
  stateOf(id: number): ResponseState | undefined {
    return this.#slots.get(id)?.state;
  }

  /** Verbose API, step 1 (exactly once): status and headers of request `id`'s response. */
  sendStart(response: HttpResponseHead, id: number, contentLength?: number): void {
    const slot = this.#take(id, 'pending');
    if (slot === undefined) return;
    if (slot.response === undefined) {
      this.#socket.write(serializeClosingHead(contentLength === undefined ? response : withHeader(response, 'content-length', contentLength)));
    } else {
      const res = slot.response;
      for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, headerValue(value));
      if (contentLength !== undefined) res.setHeader('content-length', contentLength);
      if (this.#closing || slot.closeAfter) res.setHeader('connection', 'close');
      res.writeHead(response.status, response.reason ?? STATUS_CODES[response.status] ?? 'Unknown');
    }
    // Only now: a head Node rejected (bad status, CR/LF in a value) leaves the slot usable.
    slot.state = 'started';
  }

  /** Write body bytes; `false` means the data is buffered beyond the high-water mark: await `drained(id)`. */
  sendChunk(data: string | Uint8Array, id: number): boolean {
    const slot = this.#take(id, 'started');
    if (slot === undefined) return true;
    if (slot.response === undefined) return this.#socket.write(data);
    return slot.response.write(data);
  }

  /** Resolves when request `id`'s response can take more data (at once if it can already). */
  drained(id: number): Promise<void> {
    const slot = this.#slots.get(id);
    const target = slot?.response ?? this.#socket;
    if (slot === undefined || this.#closed || !target.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        target.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      target.on('drain', done);
      this.#socket.on('close', done);
    });
  }

  /** Verbose API, last step (exactly once): the response is complete; later pipelined ones may now go out. */
  sendFinished(id: number): void {
    const slot = this.#take(id, 'started');
    if (slot === undefined) return;
    this.#settle(slot, 'finished');
    if (slot.response === undefined) this.#socket.end();
    else slot.response.end();
  }

  /** Abandon request `id`'s response: earlier responses still go out, then the connection closes. */
  sendCancel(id: number): void {
    const slot = this.#slots.get(id);
    if (slot === undefined || this.#closed || slot.state === 'cancelled') return;
    this.#settle(slot, 'cancelled');
    this.#abandoned.add(id);
    // Destroying the response waits for its turn, so responses before it are not lost.
    if (slot.response === undefined) this.#socket.destroy();
    else slot.response.destroy();
  }

  /** Simple API: a whole response without a body (`Content-Length: 0` where one is due); no `sendFinished` needed. */
  sendNoBody(response: HttpResponseHead, id: number): void {
    const bodyless = response.status < 200 || response.status === 204 || response.status === 304;
    const framed = bodyless || hasHeader(response, 'content-length') || hasHeader(response, 'transfer-encoding');
    this.sendStart(response, id, framed ? undefined : 0);
    this.sendFinished(id);
  }

  /** Simple API: a whole response with its body and a computed `Content-Length`; no `sendFinished` needed. */
  send(response: HttpResponseHead, body: ResponseBody, id: number): void {
    // A single string or byte body goes out as it is, head and body in one socket write.
    if (typeof body === 'string' || body instanceof Uint8Array) {
      const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
      const framed = hasHeader(response, 'content-length') || hasHeader(response, 'transfer-encoding');
      this.sendStart(response, id, framed ? undefined : length);
      const slot = this.#slots.get(id);
      if (slot?.response !== undefined && slot.state === 'started') {
        this.#settle(slot, 'finished');
        slot.response.end(body);
        return;
      }
      this.sendChunk(body, id);
      this.sendFinished(id);
      return;
    }
    const parts = body.map(toBuffer);
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const framed = hasHeader(response, 'content-length') || hasHeader(response, 'transfer-encoding');
    this.sendStart(response, id, framed ? undefined : length);
    for (const part of parts) this.sendChunk(part, id);
    this.sendFinished(id);
  }

  /**
   * Send a pre-built response head (and optionally body bytes) for `id`; more body may follow
   * with `sendChunk`, and `sendFinished` completes it. `closeSession` ends the connection after
   * this response whatever the request asked. The head is re-emitted through Node's writer,
   * so it must frame its body with `Content-Length` (or be close-delimited): a chunked raw
   * head is refused because its body would be encoded twice.
   */
  sendRaw(bytes: ResponseBody, id: number, closeSession = false): void {
    const raw = Buffer.concat((typeof bytes === 'string' || bytes instanceof Uint8Array ? [bytes] : bytes).map(toBuffer));
    const slot = this.#take(id, 'pending');
    if (slot === undefined) return;
    const { status, reason, headers, body } = parseRawResponseHead(raw);
    if (closeSession) slot.closeAfter = true;
    if (slot.response === undefined) {
      slot.state = 'started';
      this.#socket.write(raw);
      return;
    }
    slot.response.sendDate = false;
    const flat = headers.filter(([name]) => !(slot.closeAfter || this.#closing) || name.toLowerCase() !== 'connection');
    if (slot.closeAfter || this.#closing) flat.push(['connection', 'close']);
    slot.response.writeHead(status, reason, flat.flat());
    slot.state = 'started';
    if (body.length > 0) slot.response.write(body);
  }

  /** Close the connection from this end, dropping whatever has not been written. */
  dispose(): void {
    this.#socket.destroy();
  }

  /**
   * Hand the connection to another protocol after an upgrade request (its exchange has
   * `isUpgrade`). The handler must send the `101` itself (WebSocket servers do); afterwards
   * this session never touches the socket again.
   */
  upgradeProtocol(handler: ProtocolUpgradeHandler): void {
    const slot = [...this.#slots.values()].find((s) => s.upgrade !== undefined && s.state === 'pending');
    if (slot?.upgrade === undefined) throw new Error('upgradeProtocol: no upgrade request is waiting on this connection');
    this.#upgraded = true;
    this.#settle(slot, 'finished');
    this.#release(slot);
    // The new protocol owns reading now; do not hand it a socket we paused for HTTP.
    if (this.#pausedByUs) {
      this.#pausedByUs = false;
      this.#socket.resume();
    }
    try {
      handler({ socket: this.#socket, head: slot.upgrade.head, request: slot.upgrade.request });
    } catch (error) {
      this.#socket.destroy();
      throw error;
    }
  }

  /**
   * @internal Register the next request. `start` runs once it is admitted under the pending
   * limit; `onTimeout` if the application has not finished it within the response timeout.
   */
  open(
    request: IncomingMessage,
    response: ServerResponse | undefined,
    upgrade: Slot['upgrade'],
    start: (id: number) => void,
    onTimeout: (id: number) => void,
  ): number {
    const id = this.#nextId++;
    const slot: Slot = {
      id, request, response, upgrade, start: () => start(id), onTimeout: () => onTimeout(id),
      state: 'queued', counted: false, closeAfter: false, timer: undefined,
    };
    this.#slots.set(id, slot);
    response?.on('error', () => {});
    response?.once('close', () => this.#release(slot));
    if (this.#inFlight < this.#settings.maxPending && this.#queue.length === 0) this.#admit(slot);
    else this.#queue.push(slot);
    this.#applyBackpressure();
    return id;
  }

  /** @internal Ask for `Connection: close` on request `id`'s response (e.g. its body was left unread). */
  closeAfter(id: number): void {
    const slot = this.#slots.get(id);
    if (slot !== undefined) slot.closeAfter = true;
  }

  /**
   * @internal Answer request `id` on the transport's behalf (a failure before or around the
   * application), optionally closing the connection after it; the application's later calls
   * for `id` are ignored. A response already started cannot be replaced, so it is cancelled instead.
   */
  answerFailure(response: HttpResponseHead, body: ResponseBody, id: number, close: boolean): void {
    const slot = this.#slots.get(id);
    if (slot === undefined || this.#closed || this.#abandoned.has(id)) return;
    if (slot.state !== 'pending') {
      this.sendCancel(id);
      return;
    }
    if (close) slot.closeAfter = true;
    this.send(response, body, id);
    this.#abandoned.add(id);
  }

  /** @internal Graceful shutdown: no more keep-alive; close now if idle. */
  beginClose(): void {
    this.#closing = true;
    if (this.#slots.size === 0 && !this.#upgraded) this.#socket.end();
  }

  /** @internal True while a request of this connection has not been received completely. */
  get receiving(): boolean {
    for (const slot of this.#slots.values()) if (slot.upgrade === undefined && !slot.request.complete) return true;
    return false;
  }

  /** @internal Run `action` once every response of this connection has been written. */
  whenSettled(action: () => void): void {
    if (this.#slots.size === 0 || this.#closed) action();
    else this.#whenSettled.push(action);
  }

  #take(id: number, expected: 'pending' | 'started'): Slot | undefined {
    const slot = this.#slots.get(id);
    if (this.#closed || this.#upgraded || this.#abandoned.has(id)) return undefined;
    if (slot === undefined) throw new RangeError(`No response in progress for request ${id} on this connection`);
    if (slot.state === 'queued') throw new Error(`Request ${id} has not been handed to the application yet`);
    if (slot.state !== expected) {
      const hint = expected === 'pending' ? 'its response has already started' : 'call sendStart first';
      throw new Error(`Request ${id}'s response is ${slot.state}: ${hint}`);
    }
    return slot;
  }

  #admit(slot: Slot): void {
    slot.state = 'pending';
    slot.counted = true;
    this.#inFlight++;
    if (this.#settings.responseTimeout > 0) {
      slot.timer = setTimeout(slot.onTimeout, this.#settings.responseTimeout);
      slot.timer.unref();
    }
    slot.start();
  }

  #settle(slot: Slot, state: 'finished' | 'cancelled'): void {
    slot.state = state;
    clearTimeout(slot.timer);
  }

  /** The response is on the wire (or dead): free its place and let waiting requests in. */
  #release(slot: Slot): void {
    if (!this.#slots.delete(slot.id)) return;
    clearTimeout(slot.timer);
    if (slot.counted) this.#inFlight--;
    while (!this.#closed && this.#queue.length > 0 && this.#inFlight < this.#settings.maxPending) {
      const next = this.#queue.shift();
      if (next !== undefined && next.state === 'queued') this.#admit(next);
    }
    this.#applyBackpressure();
    if (this.#slots.size === 0) {
      for (const action of this.#whenSettled.splice(0)) action();
      if (this.#closing && !this.#upgraded && !this.#closed) this.#socket.end();
    }
  }

  /** Stop reading pipelined requests while too many are unfinished; TCP then slows the client. */
  #applyBackpressure(): void {
    if (this.#closed || this.#upgraded) return;
    const full = this.#inFlight >= this.#settings.maxPending || this.#queue.length > 0;
    if (full && !this.#pausedByUs) {
      this.#pausedByUs = true;
      this.#socket.pause();
    } else if (!full && this.#pausedByUs) {
      this.#pausedByUs = false;
      this.#socket.resume();
    }
  }

  #onClose(): void {
    this.#closed = true;
    for (const slot of this.#slots.values()) clearTimeout(slot.timer);
    this.#slots.clear();
    this.#queue.length = 0;
    this.#abandoned.clear();
    for (const action of this.#whenSettled.splice(0)) action();
  }
}
