import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from './memory-store.ts';
import { runStoreCases, T0 } from './store.case.ts';

runStoreCases('memory', {
  make: async (maxDuration) => new MemorySessionStore({ maxDuration }),
  dispose: async () => {},
});

describe('memory store', () => {
  it('keeps values as given rather than as JSON text (the stored object is handed back)', async () => {
    const store = new MemorySessionStore({ maxDuration: 1000 });
    const made = await store.create('a', T0);
    expect(made.ok).toBe(true);
    await store.write('a', '/cart', { items: [1] });
    expect(await store.read('a', '/cart')).toBe(await store.read('a', '/cart'));
  });

  it('forgets everything on close', async () => {
    const store = new MemorySessionStore({ maxDuration: 1000 });
    await store.create('a', T0);
    await store.close();
    expect(await store.count()).toBe(0);
  });
});
