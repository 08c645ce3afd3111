import { describe, expect, it } from 'vitest';
import { Kernel, Request, RocError, StandardSpace, type RequestContext } from '../kernel/index.ts';
import { Import } from '../spaces/import.ts';

async function failure(p: Promise<unknown> | (() => unknown)): Promise<RocError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(RocError);
    return e as RocError;
  }
  throw new Error('expected a failure');
}

const upper = {
  grammar: { active: { identifier: 'active:upper', arguments: [{ name: 'operand' }] } },
  onSource: async (ctx: RequestContext) => String(await ctx.source('arg:operand')).toUpperCase(),
};

describe('bad input to the kernel', () => {
  it('rejects an empty identifier', async () => {
    const error = await failure(() => new Request(''));
    expect(error.code).toBe('ROC_ERR_IDENTIFIER');
  });

  it('rejects a malformed active URI with the identifier named, and keeps serving', async () => {
    const kernel = new Kernel();
    kernel.mount(upper);
    kernel.mount('res:/x', () => 'x');
    const noValue = await failure(kernel.source('active:upper+operand'));
    expect(noValue.code).toMatch(/ROC_ERR_(IDENTIFIER|ARGUMENT)/);
    expect(noValue.message).toContain('active:upper+operand');
    const badEscape = await failure(kernel.source('active:upper+operand@res:/%zz'));
    expect(badEscape.code).toMatch(/ROC_ERR_(IDENTIFIER|ARGUMENT)/);
    expect(await kernel.source('active:upper+operand@res:/x')).toBe('X');
  });

  it('rejects a malformed data: URI', async () => {
    const kernel = new Kernel();
    const error = await failure(kernel.source('data:text/plain;base64,@@@'));
    expect(error.code).toBe('ROC_ERR_ENDPOINT');
    expect((error.cause as RocError).code).toBe('ROC_ERR_IDENTIFIER');
    expect(await kernel.exists('data:no-comma')).toBe(false);
  });

  it('names the endpoint and points at the problem when a grammar cannot compile', () => {
    const space = new StandardSpace('urn:app');
    const cases: [unknown, string][] = [
      [{ simple: 'res:/{unclosed' }, 'res:/{unclosed'],
      [{ simple: 'res:/{a}{b}' }, 'res:/{a}{b}'],
      [{ simple: 'res:/{n:(}' }, 'res:/{n:(}'],
      [{ standard: [{ regex: '[' }] }, '['],
      [{ active: { identifier: 'active:x', arguments: [{ name: 'a', min: 2, max: 1 }] } }, 'min 2'],
    ];
    for (const [grammar, fragment] of cases) {
      let caught: unknown;
      try {
        space.mount({ id: 'broken', grammar: grammar as never, onSource: () => 1 });
      } catch (e) {
        caught = e;
      }
      expect(caught, JSON.stringify(grammar)).toBeInstanceOf(RocError);
      const error = caught as RocError;
      expect(error.code).toBe('ROC_ERR_ENDPOINT_DEFINITION');
      expect(error.message).toContain('broken');
      expect(error.message).toContain(fragment);
      expect((error.cause as RocError).code).toBe('ROC_ERR_GRAMMAR');
    }
    expect(space.endpoints).toHaveLength(0); // nothing half-mounted
  });

  it('rejects endpoints that cannot be reached or have no handler', () => {
    const space = new StandardSpace();
    expect(() => space.mount({ id: 'no-grammar', onSource: () => 1 })).toThrowError(/no-grammar.*no grammar/);
    expect(() => space.mount({ id: 'no-handler', grammar: 'res:/x' })).toThrowError(/no-handler.*no handler/);
    expect(() => space.mount({ id: 'lying', grammar: 'res:/x', verbs: ['SINK'], onSource: () => 1 })).toThrowError(/lying.*SINK/);
  });

  it('rejects unknown verbs', async () => {
    expect((await failure(() => new Request('res:/x').setVerb('FETCH'))).code).toBe('ROC_ERR_UNKNOWN_VERB');
    expect((await failure(() => new StandardSpace().mount({ grammar: 'res:/x', verbs: ['GET'], onSource: () => 1 }))).code).toBe('ROC_ERR_UNKNOWN_VERB');
  });

  it('wraps an endpoint that throws synchronously, keeping the cause and the request path', async () => {
    const kernel = new Kernel();
    const boom = new TypeError('boom');
    kernel.mount({ id: 'thrower', grammar: 'res:/throws', onSource: () => { throw boom; } });
    kernel.mount({ id: 'caller', grammar: 'res:/caller', onSource: (ctx) => ctx.source('res:/throws') });
    const error = await failure(kernel.source('res:/caller'));
    expect(error.code).toBe('ROC_ERR_ENDPOINT');
    expect(error.details.endpoint).toBe('caller');
    expect(error.message).toContain('boom');
    const inner = error.cause as RocError;
    expect(inner.details.endpoint).toBe('thrower');
    expect(inner.cause).toBe(boom);
    expect(inner.requestPath).toEqual(['res:/caller', 'res:/throws']);
  });

  it('wraps an endpoint that rejects', async () => {
    const kernel = new Kernel();
    kernel.mount({ id: 'rejecter', grammar: 'res:/rejects', onSource: async () => Promise.reject(new Error('nope')) });
    const error = await failure(kernel.source('res:/rejects'));
    expect(error.code).toBe('ROC_ERR_ENDPOINT');
    expect((error.cause as Error).message).toBe('nope');
    expect(error.requestPath).toEqual(['res:/rejects']);
  });

  it('a resolution failure inside an endpoint carries the path that led to it', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/a', (ctx) => ctx.source('res:/missing'));
    const error = await failure(kernel.source('res:/a'));
    const cause = error.cause as RocError;
    expect(cause.code).toBe('ROC_ERR_RESOLUTION');
    expect(cause.requestPath).toEqual(['res:/a', 'res:/missing']);
  });

  it('ends synchronous endless recursion with ROC_ERR_RECURSION at the configured depth, not a stack overflow', async () => {
    const kernel = new Kernel({ maxDepth: 50 });
    kernel.mount('res:/loop', (ctx) => ctx.source('res:/loop'));
    const error = await failure(kernel.source('res:/loop'));
    let deepest: unknown = error;
    let levels = 0;
    while (deepest instanceof RocError && deepest.code === 'ROC_ERR_ENDPOINT') {
      deepest = deepest.cause;
      levels++;
    }
    expect((deepest as RocError).code).toBe('ROC_ERR_RECURSION');
    expect((deepest as RocError).details.limit).toBe(50);
    expect(levels).toBe(51);
    expect(error.message).toContain('depth limit 50');
  });

  it('ends asynchronous endless recursion too, with the default depth', async () => {
    const kernel = new Kernel();
    kernel.mount({ grammar: { simple: 'res:/count/{n}' }, onSource: async (ctx) => ctx.source(`res:/count/${Number(ctx.thisRequest.argumentValue('n')) + 1}`) });
    const error = await failure(kernel.source('res:/count/0'));
    expect(error.message).toContain('depth limit 200');
  });

  it('an endpoint that returns nothing to a SOURCE gives undefined, not an error', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/nothing', () => undefined);
    expect(await kernel.source('res:/nothing')).toBeUndefined();
    expect(await kernel.source('res:/nothing', { as: 'string' })).toBeUndefined();
  });

  it('says which argument is missing or repeated beyond its max', async () => {
    const kernel = new Kernel();
    kernel.mount(upper);
    const missing = await failure(kernel.source('active:upper'));
    expect(missing.code).toBe('ROC_ERR_ARGUMENT');
    expect(missing.message).toContain('operand');
    const repeated = await failure(kernel.source('active:upper+operand@res:/a+operand@res:/b'));
    expect(repeated.code).toBe('ROC_ERR_ARGUMENT');
    expect(repeated.message).toMatch(/operand.*2 times/);
    const unknown = await failure(kernel.source('active:upper+operand@res:/a+other@res:/b'));
    expect(unknown.code).toBe('ROC_ERR_ARGUMENT');
    expect(unknown.message).toContain('other');
  });

  it('arg:NAME for an argument the request does not have is ROC_ERR_ARGUMENT', async () => {
    const kernel = new Kernel();
    kernel.mount('res:/no-args', (ctx) => ctx.source('arg:operand'));
    const error = await failure(kernel.source('res:/no-args'));
    expect((error.cause as RocError).code).toBe('ROC_ERR_ARGUMENT');
  });

  it('an import of a space that fails keeps the importer serving', async () => {
    const kernel = new Kernel();
    const flaky = new StandardSpace('urn:flaky');
    flaky.mount('res:/flaky', () => { throw new Error('down'); });
    kernel.space.mount(new Import(flaky));
    kernel.mount('res:/fine', () => 'fine');
    expect((await failure(kernel.source('res:/flaky'))).code).toBe('ROC_ERR_ENDPOINT');
    expect(await kernel.source('res:/fine')).toBe('fine');
  });

  it('rejects a bad maxDepth', () => {
    expect(() => new Kernel({ maxDepth: 0 })).toThrow(RangeError);
  });
});
