import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, formatMessage, RocError, isRocError, type RocErrorCode } from './errors.ts';

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');

describe('the error catalogue', () => {
  it('is documented code by code, with the same message templates, in docs/errors.md', () => {
    const documented = [...doc.matchAll(/^### (ROC_ERR_\w+)\n`([^`]+)`/gm)].map(([, code, template]) => [code, template]);
    expect(documented).toEqual(Object.entries(ERROR_CATALOGUE));
  });

  it('builds messages from templates and keeps details, cause and path', () => {
    const cause = new Error('inner');
    const error = new RocError('ROC_ERR_VERB', { verb: 'SINK', identifier: 'res:/x', supported: 'SOURCE' }, { cause, requestPath: ['res:/x'] });
    expect(error.message).toBe('Verb SINK is not supported for res:/x; supported: SOURCE');
    expect(error.cause).toBe(cause);
    expect(error.requestPath).toEqual(['res:/x']);
    expect(isRocError(error, 'ROC_ERR_VERB')).toBe(true);
    expect(isRocError(error, 'ROC_ERR_RESOLUTION')).toBe(false);
    expect(isRocError(new Error('x'))).toBe(false);
  });

  it('leaves a missing placeholder visible rather than inventing a value', () => {
    expect(formatMessage('ROC_ERR_IDENTIFIER' as RocErrorCode, { identifier: 'x' })).toBe('Malformed identifier "x": {reason}');
  });
});
