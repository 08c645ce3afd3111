import type { Logger } from '../logger.ts';
import { Request } from '../request.ts';
import type { Scope } from '../scope.ts';
import type { Kernel } from '../kernel.ts';

/** The thread key of golden thread `id` (identifiers and golden threads share one key space). */
export function goldenThreadKey(id: string): string {
  return `gt:${id}`;
}

interface CutListener {
  readonly pattern: string;
  readonly regex: RegExp;
  readonly request: Request | string;
  readonly scope: Scope;
}

/**
 * Golden-thread cut listeners: a request issued whenever a thread whose id matches a regex is
 * cut. Listeners run after the cut, one at a time per cut, and a failing listener is logged,
 * never thrown back at whoever cut the thread.
 */
export class CutListeners {
  private listeners: CutListener[] = [];

  constructor(private readonly logger: Logger) {}

  add(pattern: string, request: Request | string, scope: Scope): void {
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      throw new TypeError(`golden thread listener id "${pattern}" is not a valid regex: ${(error as Error).message}`);
    }
    this.listeners.push({ pattern, regex, request, scope });
  }

  /** Remove listeners with this pattern (and this request identifier, when given). Returns how many went. */
  remove(pattern: string, request?: string): number {
    const before = this.listeners.length;
    this.listeners = this.listeners.filter((l) => !(l.pattern === pattern && (request === undefined || identifierOf(l.request) === request)));
    return before - this.listeners.length;
  }

  /** Issue the listeners whose regex matches the cut thread id. */
  fire(kernel: Kernel, threadId: string): void {
    for (const listener of this.listeners) {
      if (!listener.regex.test(threadId)) continue;
      const request = typeof listener.request === 'string' ? new Request(listener.request) : listener.request.clone();
      request.setHeader('goldenThread', threadId);
      void Promise.resolve()
        .then(() => kernel.issue(request, listener.scope, undefined))
        .catch((error: unknown) => this.logger.warn(`golden thread cut listener for ${threadId} failed`, error));
    }
  }
}

function identifierOf(request: Request | string): string {
  return typeof request === 'string' ? request : request.identifier;
}
