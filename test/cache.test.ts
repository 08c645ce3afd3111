import { describe, expect, it } from 'vitest';
import { Kernel, Request, RocError, StandardSpace, createLogger, type RequestContext, type Space } from '../kernel/index.ts';
import { TransparentOverlay } from '../spaces/overlay.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

function counter(kernel: Kernel, id: string, value: () => unknown = () => 'v') {
  const calls = { n: 0 };
  kernel.mount(id, () => {
    calls.n++;
    return value();
  });
  return calls;
}

describe('representation cache (spec §6)', () => {
  it('serves a second SOURCE from the cache without evaluating the endpoint', async () => {
    const kernel = new Kernel();
    const calls = counter(kernel, 'res:/expensive', () => ({ computed: true }));
    expect(await kernel.source('res:/expensive')).toEqual({ computed: true });
    expect(await kernel.source('res:/expensive')).toEqual({ computed: true });
    expect(calls.n).toBe(1);
    expect(kernel.cache.stats).toMatchObject({ hits: 1, misses: 1, stores: 1, entries: 1 });
  });

  it('caches EXISTS and META too, but never SINK, DELETE or NEW', async () => {
    const kernel = new Kernel();
    let exists = 0;
    let sinks = 0;
    kernel.mount({ grammar: 'res:/thing', onSource: () => 1, onExists: () => (exists++, true), onSink: () => void sinks++ });
    await kernel.exists('res:/thing');
    await kernel.exists('res:/thing');
    expect(exists).toBe(1);
    await kernel.sink('res:/thing', 1);
    await kernel.sink('res:/thing', 1);
    expect(sinks).toBe(2);
    await kernel.meta('res:/thing');
    const hits = kernel.cache.stats.hits;
    await kernel.meta('res:/thing');
    expect(kernel.cache.stats.hits).toBe(hits + 1);
  });

  it('keys on the canonical identifier: active arguments in another order share one entry', async () => {
    const kernel = new Kernel();
    let calls = 0;
    kernel.mount({ grammar: { active: { identifier: 'active:pair', arguments: [{ name: 'a' }, { name: 'b' }] } }, onSource: (ctx) => (calls++, `${ctx.thisRequest.argumentValue('a')}${ctx.thisRequest.argumentValue('b')}`) });
    expect(await kernel.source('active:pair+a@x:1+b@x:2')).toBe('x:1x:2');
    expect(await kernel.source('active:pair+b@x:2+a@x:1')).toBe('x:1x:2');
    expect(calls).toBe(1);
  });

  it('keys on the requested class', async () => {
    const kernel = new Kernel();
    const calls = counter(kernel, 'res:/text', () => 'hello');
    const bytes = await kernel.source('res:/text', { as: 'bytes' });
    expect(Buffer.from(bytes).toString()).toBe('hello');
    expect(await kernel.source('res:/text')).toBe('hello');
    expect(await kernel.source('res:/text', { as: 'bytes' })).toBe(bytes);
    expect(calls.n).toBe(1); // the bytes entry was computed from the string entry
  });

  it('invalidates through two levels of dependencies after a SINK', async () => {
    const kernel = new Kernel();
    let data = 'first';
    const evaluations: string[] = [];
    kernel.mount({ grammar: 'res:/data', onSource: () => (evaluations.push('data'), data), onSink: async (ctx) => void (data = String(await ctx.sourcePrimary())) });
    kernel.mount('res:/fragment', async (ctx) => (evaluations.push('fragment'), `<p>${await ctx.source('res:/data')}</p>`));
    kernel.mount('res:/page', async (ctx) => (evaluations.push('page'), `<body>${await ctx.source('res:/fragment')}</body>`));
    kernel.mount('res:/unrelated', () => (evaluations.push('unrelated'), 'u'));

    expect(await kernel.source('res:/page')).toBe('<body><p>first</p></body>');
    await kernel.source('res:/unrelated');
    await kernel.source('res:/page');
    expect(evaluations).toEqual(['page', 'fragment', 'data', 'unrelated']);

    await kernel.sink('res:/data', 'second');
    expect(await kernel.source('res:/page')).toBe('<body><p>second</p></body>');
    await kernel.source('res:/unrelated');
    expect(evaluations).toEqual(['page', 'fragment', 'data', 'unrelated', 'page', 'fragment', 'data']);
  });

  it('DELETE and NEW invalidate cached reads of their identifier', async () => {
    const kernel = new Kernel();
    const items = new Set(['a']);
    kernel.mount({
      grammar: 'res:/items',
      onSource: () => [...items].sort().join(','),
      onNew: (ctx) => void items.add(String(ctx.thisRequest.primary)),
      onDelete: () => (items.clear(), true),
    });
    expect(await kernel.source('res:/items')).toBe('a');
    await kernel.new('res:/items', 'b');
    expect(await kernel.source('res:/items')).toBe('a,b');
    await kernel.delete('res:/items');
    expect(await kernel.source('res:/items')).toBe('');
  });

  it('invalidates through two levels after a golden-thread cut, and only what hangs on the thread', async () => {
    const kernel = new Kernel();
    let users = ['ada'];
    const evaluations: string[] = [];
    kernel.mount('res:/users', async (ctx) => {
      evaluations.push('users');
      await ctx.source('active:attachGoldenThread+id@users');
      return users.join(',');
    });
    kernel.mount('res:/report', async (ctx) => (evaluations.push('report'), `users: ${await ctx.source('res:/users')}`));
    kernel.mount('res:/other', async (ctx) => {
      evaluations.push('other');
      await ctx.source('active:attachGoldenThread+id@other');
      return 'o';
    });
    await kernel.source('res:/report');
    await kernel.source('res:/other');
    users = ['ada', 'grace'];
    expect(await kernel.source('res:/report')).toBe('users: ada'); // still cached
    await kernel.source('active:cutGoldenThread+id@users');
    expect(await kernel.source('res:/report')).toBe('users: ada,grace');
    await kernel.source('res:/other');
    expect(evaluations).toEqual(['report', 'users', 'other', 'report', 'users']);
  });

  it('a cut of a thread nobody attached is harmless', async () => {
    const kernel = new Kernel();
    counter(kernel, 'res:/x');
    await kernel.source('res:/x');
    await kernel.source('active:cutGoldenThread+id@nobody');
    await kernel.source('active:cutGoldenThread');
    expect(kernel.cache.stats.entries).toBeGreaterThan(0);
  });

  it('issues cut listeners for threads matching their regex, until removed', async () => {
    const kernel = new Kernel();
    const heard: unknown[] = [];
    kernel.mount('res:/on-cut', (ctx) => void heard.push(ctx.thisRequest.getHeader('goldenThread')));
    await kernel.source('active:addGoldenThreadCutListener+id@user-.*+request@res:/on-cut');
    await kernel.source('active:cutGoldenThread+id@user-1+id@session-9');
    await tick();
    expect(heard).toEqual(['user-1']);
    await kernel.source('active:removeGoldenThreadCutListener+id@user-.*');
    await kernel.source('active:cutGoldenThread+id@user-2');
    await tick();
    expect(heard).toEqual(['user-1']);
  });

  it('never shares entries between computations that used different injected spaces', async () => {
    const kernel = new Kernel();
    const inner = new StandardSpace('urn:app');
    const evaluations: string[] = [];
    inner.mount('res:/whoami', async (ctx) => (evaluations.push('whoami'), `you are ${await ctx.source('session:/name')}`));
    inner.mount('res:/public', () => (evaluations.push('public'), 'same for all'));
    const sessions = new Map<string, Space>();
    for (const name of ['alice', 'bob']) {
      const space = new StandardSpace(`urn:session:${name}`);
      space.mount('session:/name', () => name);
      sessions.set(name, space);
    }
    kernel.space.mount(new TransparentOverlay({ space: inner, inject: (ctx) => [sessions.get(String(ctx.thisRequest.getHeader('user')))!] }));
    const as = (user: string, id: string) => kernel.source(id, { headers: { user } });

    expect(await as('alice', 'res:/whoami')).toBe('you are alice');
    expect(await as('bob', 'res:/whoami')).toBe('you are bob');
    expect(await as('alice', 'res:/whoami')).toBe('you are alice');
    expect(await as('bob', 'res:/whoami')).toBe('you are bob');
    expect(evaluations.filter((e) => e === 'whoami')).toHaveLength(2); // once per session
    await as('alice', 'res:/public');
    await as('bob', 'res:/public');
    expect(evaluations.filter((e) => e === 'public')).toHaveLength(1); // shared: it read nothing session-specific
  });

  it('never shares entries computed from by-value arguments', async () => {
    const kernel = new Kernel();
    let calls = 0;
    kernel.mount({ grammar: { active: { identifier: 'active:len', arguments: [{ name: 'v' }] } }, onSource: async (ctx) => (calls++, String(await ctx.source('arg:v')).length) });
    expect((await kernel.request(new Request('active:len').addArgumentByValue('v', 'abc'))).representation).toBe(3);
    expect((await kernel.request(new Request('active:len').addArgumentByValue('v', 'abcdef'))).representation).toBe(6);
    expect(calls).toBe(2);
  });

  it('a response computed with by-value sub-requests stays cacheable for its own identifier', async () => {
    const kernel = new Kernel();
    let calls = 0;
    kernel.mount({ grammar: { active: { identifier: 'active:len', arguments: [{ name: 'v' }] } }, onSource: async (ctx) => String(await ctx.source('arg:v')).length });
    kernel.mount('res:/caller', (ctx) => (calls++, ctx.issueRequest(ctx.createRequest('active:len').addArgumentByValue('v', 'xyz'))));
    expect(await kernel.source('res:/caller')).toBe(3);
    expect(await kernel.source('res:/caller')).toBe(3);
    expect(calls).toBe(1);
  });

  it('computes concurrent identical requests once (coalescing)', async () => {
    const kernel = new Kernel();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    kernel.mount('res:/slow', async () => {
      calls++;
      await gate;
      return 'slow result';
    });
    const all = Promise.all([kernel.source('res:/slow'), kernel.source('res:/slow'), kernel.source('res:/slow')]);
    await tick();
    release();
    expect(await all).toEqual(['slow result', 'slow result', 'slow result']);
    expect(calls).toBe(1);
    expect(kernel.cache.stats.coalesced).toBe(2);
  });

  it('does not share a concurrent response that may not be reused (ALWAYS expired)', async () => {
    const kernel = new Kernel();
    let calls = 0;
    kernel.mount('res:/fresh', async (ctx) => {
      const n = ++calls;
      await tick();
      return ctx.createResponseFrom(n).setExpiry('ALWAYS');
    });
    const results = await Promise.all([kernel.source('res:/fresh'), kernel.source('res:/fresh')]);
    expect(new Set(results).size).toBe(2);
  });

  it('does not store a read that started before a write to its dependency finished', async () => {
    const kernel = new Kernel();
    let value = 'old';
    kernel.mount({ grammar: 'res:/v', onSource: () => value, onSink: async (ctx) => void (value = String(await ctx.sourcePrimary())) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    kernel.mount('res:/slow-reader', async (ctx) => {
      const v = await ctx.source('res:/v');
      await gate; // the write happens while we hold the old value
      return `read ${v}`;
    });
    const read = kernel.source('res:/slow-reader');
    await tick();
    await kernel.sink('res:/v', 'new');
    release();
    expect(await read).toBe('read old'); // the caller gets what was computed...
    expect(await kernel.source('res:/slow-reader')).toBe('read new'); // ...but it was never cached
  });

  it('composes expiry kinds through dependencies', async () => {
    const kernel = new Kernel();
    let fnExpired = false;
    const now = Date.now();
    kernel.mount('res:/always', (ctx) => ctx.createResponseFrom(Math.random()).setExpiry('ALWAYS'));
    kernel.mount('res:/past', (ctx) => ctx.createResponseFrom(Math.random()).setExpiry('CONSTANT', now - 1));
    kernel.mount('res:/future', (ctx) => ctx.createResponseFrom(Math.random()).setExpiry('CONSTANT', now + 60_000));
    kernel.mount('res:/fn', (ctx) => ctx.createResponseFrom(Math.random()).setExpiry('FUNCTION', () => fnExpired));
    kernel.mount('res:/never', (ctx) => ctx.createResponseFrom(Math.random()).setExpiry('NEVER'));
    kernel.mount('res:/on-always', async (ctx) => `${await ctx.source('res:/always')}`);
    kernel.mount('res:/on-future', async (ctx) => `${await ctx.source('res:/future')}`);
    kernel.mount('res:/on-fn', async (ctx) => `${await ctx.source('res:/fn')}`);
    kernel.mount('res:/min-past', (ctx) => ctx.createResponseFrom(Math.random()).setExpiry('MIN_CONSTANT_DEPENDENT', now - 1));
    const twice = async (id: string) => [await kernel.source(id), await kernel.source(id)];
    const same = async (id: string) => {
      const [a, b] = await twice(id);
      return a === b;
    };
    expect(await same('res:/always')).toBe(false);
    expect(await same('res:/past')).toBe(false);
    expect(await same('res:/future')).toBe(true);
    expect(await same('res:/never')).toBe(true);
    expect(await same('res:/on-always')).toBe(false); // DEPENDENT on ALWAYS is never reused
    expect(await same('res:/on-future')).toBe(true);
    expect(await same('res:/min-past')).toBe(false);
    expect(await same('res:/on-fn')).toBe(true);
    fnExpired = true;
    const before = await kernel.source('res:/on-fn');
    expect(await kernel.source('res:/on-fn')).not.toBe(before); // the function now says expired, so does its dependent
  });

  it('an endpoint that returns nothing is ALWAYS expired, and so is what depends on it', async () => {
    const kernel = new Kernel();
    let calls = 0;
    kernel.mount('res:/nothing', () => void calls++);
    kernel.mount('res:/uses-nothing', async (ctx) => `${await ctx.source('res:/nothing')}`);
    await kernel.source('res:/uses-nothing');
    await kernel.source('res:/uses-nothing');
    expect(calls).toBe(2);
  });

  it('setNoCache keeps a response out of the cache without making its dependents uncacheable', async () => {
    const kernel = new Kernel();
    let inner = 0;
    let outer = 0;
    kernel.mount('res:/volatile', (ctx) => ctx.createResponseFrom(++inner).setNoCache());
    kernel.mount('res:/outer', async (ctx) => (outer++, `outer of ${await ctx.source('res:/volatile')}`));
    await kernel.source('res:/volatile');
    await kernel.source('res:/volatile');
    expect(inner).toBe(2);
    expect(await kernel.source('res:/outer')).toBe('outer of 3');
    expect(await kernel.source('res:/outer')).toBe('outer of 3');
    expect(outer).toBe(1);
  });

  it('treats an expiry function that throws as expired, and logs it', async () => {
    const lines: string[] = [];
    const kernel = new Kernel({ logger: createLogger('warn', (l) => lines.push(l)) });
    let calls = 0;
    kernel.mount('res:/bad-expiry', (ctx) => (calls++, ctx.createResponseFrom('x').setExpiry('FUNCTION', () => { throw new Error('clock broke'); })));
    await kernel.source('res:/bad-expiry');
    await kernel.source('res:/bad-expiry');
    expect(calls).toBe(2);
    expect(lines.join('\n')).toMatch(/Expiry function of res:\/bad-expiry threw: clock broke/);
  });

  it('bounds the number of entries and culls the least valuable (boosted entries survive)', async () => {
    const kernel = new Kernel({ cache: { maxEntries: 3 } });
    kernel.mount('res:/keep', (ctx) => ctx.createResponseFrom('keep').setCacheBoost(1000));
    let keepCalls = 0;
    kernel.mount('res:/keep-counted', (ctx) => (keepCalls++, ctx.source('res:/keep')));
    kernel.mount({ grammar: { simple: 'res:/n/{i}' }, onSource: (ctx) => ctx.thisRequest.argumentValue('i') });
    await kernel.source('res:/keep');
    for (let i = 0; i < 10; i++) await kernel.source(`res:/n/${i}`);
    const stats = kernel.cache.stats;
    expect(stats.entries).toBeLessThanOrEqual(3);
    expect(stats.culls).toBeGreaterThan(0);
    const hits = stats.hits;
    await kernel.source('res:/keep');
    expect(kernel.cache.stats.hits).toBe(hits + 1);
    expect(keepCalls).toBe(0);
  });

  it('bounds approximate bytes', async () => {
    const kernel = new Kernel({ cache: { maxBytes: 50_000 } });
    kernel.mount({ grammar: { simple: 'res:/big/{i}' }, onSource: (ctx) => 'x'.repeat(10_000) + ctx.thisRequest.argumentValue('i') });
    for (let i = 0; i < 20; i++) await kernel.source(`res:/big/${i}`);
    expect(kernel.cache.stats.bytes).toBeLessThanOrEqual(50_000);
    expect(kernel.cache.stats.entries).toBeGreaterThan(0);
    expect(kernel.cache.stats.culls).toBeGreaterThan(0);
  });

  it('with a limit of zero everything still works and nothing is stored', async () => {
    const kernel = new Kernel({ cache: { maxEntries: 0 } });
    const calls = counter(kernel, 'res:/x');
    kernel.mount('res:/y', async (ctx) => `y${await ctx.source('res:/x')}`);
    expect(await kernel.source('res:/y')).toBe('yv');
    expect(await kernel.source('res:/y')).toBe('yv');
    expect(calls.n).toBe(2);
    expect(kernel.cache.stats).toMatchObject({ stores: 0, entries: 0 });
  });

  it('mutual recursion between resources ends with ROC_ERR_RECURSION, stores nothing, and does not deadlock when concurrent', async () => {
    const kernel = new Kernel({ maxDepth: 30 });
    kernel.mount('res:/a', async (ctx) => ctx.source('res:/b'));
    kernel.mount('res:/b', async (ctx) => ctx.source('res:/a'));
    const results = await Promise.allSettled([kernel.source('res:/a'), kernel.source('res:/a')]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(((r as PromiseRejectedResult).reason as RocError).message).toContain('depth limit 30');
    }
    expect(kernel.cache.stats.entries).toBe(0);
  });

  it('shares cached representations: a mutation by a caller is seen by later hits (the documented contract), unless freeze is on', async () => {
    const shared = new Kernel();
    shared.mount('res:/obj', () => ({ n: 1 }));
    const first = (await shared.source('res:/obj')) as { n: number };
    first.n = 2;
    expect(await shared.source('res:/obj')).toEqual({ n: 2 });

    const frozen = new Kernel({ cache: { freeze: true } });
    frozen.mount('res:/obj', () => ({ n: 1, nested: { m: 1 } }));
    const value = (await frozen.source('res:/obj')) as { n: number; nested: { m: number } };
    expect(() => {
      value.nested.m = 2;
    }).toThrow(TypeError);
  });
});

describe('transreption (spec §7)', () => {
  class Temperature {
    constructor(readonly celsius: number) {}
  }

  it('chooses a transreptor in scope when the requested class differs', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/temp', () => '21.5');
    kernel.mount({ transreptor: { from: 'string', to: Temperature }, onTransrept: (ctx: RequestContext) => new Temperature(Number(ctx.thisRequest.primary)) });
    const t = await kernel.source('res:/temp', { as: Temperature });
    expect(t).toBeInstanceOf(Temperature);
    expect(t.celsius).toBe(21.5);
  });

  it('has built-in string ↔ bytes, → JSON and → XML transreptors', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/json-text', () => '{"a":[1,2]}');
    kernel.mount('res:/xml-text', () => '<doc id="7"><title>Hi</title>tail</doc>');
    kernel.mount('res:/bytes', () => Buffer.from('{"b":true}'));
    expect(await kernel.source('res:/json-text', { as: 'json' })).toEqual({ a: [1, 2] });
    expect(await kernel.source('res:/bytes', { as: 'json' })).toEqual({ b: true });
    expect(await kernel.source('res:/bytes', { as: 'string' })).toBe('{"b":true}');
    const xml = await kernel.source('res:/xml-text', { as: 'xml' });
    expect(xml.root).toEqual({ name: 'doc', attributes: { id: '7' }, children: [{ name: 'title', attributes: {}, children: ['Hi'] }, 'tail'] });
    expect(await kernel.transrept(xml, 'string')).toBe('<doc id="7"><title>Hi</title>tail</doc>');
  });

  it('says which classes when no transreptor fits', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/n', () => 42);
    const error = (await kernel.source('res:/n', { as: Temperature }).catch((e: unknown) => e)) as RocError;
    expect(error).toBeInstanceOf(RocError);
    expect(error.code).toBe('ROC_ERR_TRANSREPT');
    expect(error.message).toBe('No transreptor turns json into Temperature (for res:/n)');
  });

  it('wraps a transreptor that throws, and keeps serving', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/broken-json', () => '{not json');
    const error = (await kernel.source('res:/broken-json', { as: 'json' }).catch((e: unknown) => e)) as RocError;
    expect(error.code).toBe('ROC_ERR_ENDPOINT');
    expect(error.details.endpoint).toBe('urn:roc:kernel:transrept:string-json');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(await kernel.source('res:/broken-json')).toBe('{not json');
  });

  it('reads the primary argument as a class with sourcePrimary', async () => {
    const kernel = new Kernel();
    let stored: unknown;
    kernel.mount({ grammar: 'res:/store', onSink: async (ctx) => void (stored = await ctx.sourcePrimary('json')) });
    await kernel.sink('res:/store', '{"x":1}');
    expect(stored).toEqual({ x: 1 });
  });
});

describe('coalescing never deadlocks', () => {
  it('two concurrent chains that request each other end with ROC_ERR_RECURSION instead of waiting forever', async () => {
    const kernel = new Kernel({ maxDepth: 20 });
    const pause = () => new Promise((r) => setTimeout(r, 1));
    kernel.mount('res:/a', async (ctx) => (await pause(), ctx.source('res:/b')));
    kernel.mount('res:/b', async (ctx) => (await pause(), ctx.source('res:/a')));
    const outcome = await Promise.race([
      Promise.allSettled([kernel.source('res:/a'), kernel.source('res:/b')]),
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5_000)),
    ]);
    expect(outcome).not.toBe('hung');
    for (const r of outcome as PromiseSettledResult<unknown>[]) {
      expect(r.status).toBe('rejected');
      expect(((r as PromiseRejectedResult).reason as RocError).message).toContain('depth limit 20');
    }
  });

  it('an overlay hook cannot change a cached inner response', async () => {
    const kernel = new Kernel();
    const inner = new StandardSpace('urn:inner');
    inner.mount('res:/page', () => 'page');
    kernel.space.mount(new TransparentOverlay({ space: inner, onResponse: (r) => r.setHeader('x-overlay', 'yes') }));
    const outside = await kernel.request(new Request('res:/page'));
    expect(outside.getHeader('x-overlay')).toBe('yes');
    const direct = await kernel.request(new Request('res:/page'), inner);
    expect(direct.getHeader('x-overlay')).toBeUndefined();
  });

  it('does not spend cache entries on responses that can never be hit', async () => {
    const kernel = new Kernel();
    const inner = new StandardSpace('urn:inner');
    inner.mount('res:/me', (ctx) => ctx.source('session:/name'));
    const session = new StandardSpace('urn:session');
    session.mount('session:/name', () => 'ada');
    kernel.space.mount(new TransparentOverlay({ space: inner, inject: () => [session] }));
    for (let i = 0; i < 3; i++) expect(await kernel.source('res:/me')).toBe('ada');
    // Stored: session:/name and res:/me inside the session scope; never the overlay's own response.
    expect(kernel.cache.stats.stores).toBe(2);
  });
});

describe('stale-write protection over a long run', () => {
  it('still refuses a stale read after more writes than it remembers individually', async () => {
    const kernel = new Kernel();
    let value = 'old';
    kernel.mount({ grammar: 'res:/v', onSource: () => value, onSink: async (ctx) => void (value = String(await ctx.sourcePrimary())) });
    kernel.mount({ grammar: { simple: 'res:/other/{n}' }, onSink: () => undefined, onSource: () => 'x' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    kernel.mount('res:/slow-reader', async (ctx) => {
      const v = await ctx.source('res:/v');
      await gate;
      return `read ${v}`;
    });
    const read = kernel.source('res:/slow-reader');
    await new Promise((r) => setTimeout(r, 0));
    await kernel.sink('res:/v', 'new');
    for (let i = 0; i < 12_000; i++) await kernel.sink(`res:/other/${i}`, 'x'); // more distinct writes than remembered
    release();
    expect(await read).toBe('read old');
    expect(await kernel.source('res:/slow-reader')).toBe('read new');
  });
});
