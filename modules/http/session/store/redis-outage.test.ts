/**
 * Redis away at start, crashing mid-run, stalling, and coming back — against a dedicated
 * redis-server child on port 6390 that this file starts, kills and restarts (the shared
 * server on 6379 is never disturbed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRocError } from '../../../../kernel/errors.ts';
import { RedisSessionStore } from './redis-store.ts';
import { RedisChild } from './redis-testing.ts';
import { parseSessionConfig, SessionPolicy } from './session-policy.ts';
import { expectRejects } from './store.case.ts';

const PORT = 6390;

/** Retry `fn` until it stops failing with ROC_ERR_SESSION_STORE (the client reconnecting). */
async function eventually<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (!isRocError(error, 'ROC_ERR_SESSION_STORE') || i > 100) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Assert `promise` fails ROC_ERR_SESSION_STORE (a hang would fail the test by its timeout). */
async function failsPromptly(promise: Promise<unknown>, ...fragments: string[]): Promise<void> {
  await expectRejects(promise, 'ROC_ERR_SESSION_STORE', `redis 127.0.0.1:${PORT}`, ...fragments);
}

describe('redis store when Redis goes away', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roc-redis-'));
  const server = new RedisChild(PORT, dir);
  const store = new RedisSessionStore({
    maxDuration: 3_000_000,
    redis: { host: '127.0.0.1', port: PORT, commandTimeout: 500, connectTimeout: 500 },
    prefix: 'outage',
  });
  const policy = new SessionPolicy(parseSessionConfig({ maxSessions: 5 }), store);
  let id = '';

  afterAll(async () => {
    await policy.close();
    server.pause(false);
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('unavailable at start: operations fail promptly with ROC_ERR_SESSION_STORE naming the cause', async () => {
    await failsPromptly(policy.open(undefined), 'ECONNREFUSED');
    await failsPromptly(store.ready());
    await failsPromptly(store.read('AAAAAAAAAAAAAAAAAAAAAA', '/x'));
  });

  it('service starts by itself once Redis is up', async () => {
    await server.start();
    const opened = await eventually(() => policy.open(undefined));
    id = opened.session.id;
    expect(await store.write(id, '/counter', 41)).toBe(true);
  });

  it('crashing mid-run: requests fail promptly, nothing stored is lost, service resumes', async () => {
    await server.kill();
    await failsPromptly(policy.open(id));
    await failsPromptly(store.write(id, '/counter', 42));
    await failsPromptly(store.read(id, '/counter'));
    await server.start();
    const reopened = await eventually(() => policy.open(id));
    expect(reopened).toMatchObject({ session: { id }, created: false });
    expect(await store.read(id, '/counter')).toBe(41);
    expect(await store.write(id, '/counter', 42)).toBe(true);
    expect(await store.read(id, '/counter')).toBe(42);
  });

  it('stalled (process frozen): operations time out with ROC_ERR_SESSION_STORE, then resume', async () => {
    server.pause(true);
    await failsPromptly(store.read(id, '/counter'), 'timed out');
    server.pause(false);
    expect(await eventually(() => store.read(id, '/counter'))).toBe(42);
  });

  it('restarted without persistence: the sessions are unknown, so a cookie starts a fresh one', async () => {
    const volatile = new RedisChild(PORT);
    await server.kill();
    await volatile.start();
    try {
      const opened = await eventually(() => policy.open(id));
      expect(opened.created).toBe(true);
      expect(opened.session.id).not.toBe(id);
    } finally {
      await volatile.kill();
    }
  });
});
