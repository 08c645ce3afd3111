import { describe, expect, it } from 'vitest';
import { isRocError } from '../../../../kernel/errors.ts';
import { isSessionId, newSessionId, parseSessionConfig, SessionPolicy } from './session-policy.ts';

function configError(input: unknown): string {
  try {
    parseSessionConfig(input);
  } catch (error) {
    if (isRocError(error, 'ROC_ERR_ARGUMENT')) return error.message;
    throw error;
  }
  throw new Error('expected ROC_ERR_ARGUMENT');
}

describe('session config', () => {
  it('has the seed’s defaults', () => {
    expect(parseSessionConfig({})).toEqual({
      maxSessions: 64,
      minDuration: 300_000,
      maxDuration: 3_000_000,
      cookiePath: '/',
      cookieName: 'NETKERNEL_SESSION_COOKIE',
      autoReconnect: true,
    });
    expect(parseSessionConfig()).toEqual(parseSessionConfig({}));
  });

  it('takes numbers and booleans as XML text', () => {
    expect(parseSessionConfig({ maxSessions: ' 500 ', minDuration: '1000', maxDuration: '2000', autoReconnect: 'FALSE', cookiePath: '/tools/', cookieName: 'sid' })).toEqual({
      maxSessions: 500,
      minDuration: 1000,
      maxDuration: 2000,
      cookiePath: '/tools/',
      cookieName: 'sid',
      autoReconnect: false,
    });
  });

  it('accepts expiryPeriod as the idle limit', () => {
    expect(parseSessionConfig({ maxSessions: '500', expiryPeriod: '300000' })).toMatchObject({ maxSessions: 500, maxDuration: 300_000 });
    expect(parseSessionConfig({ expiryPeriod: 400_000, maxDuration: '400000' }).maxDuration).toBe(400_000);
    expect(configError({ expiryPeriod: 400_000, maxDuration: 500_000 })).toMatch(/<expiryPeriod> expiryPeriod is another name for maxDuration/);
  });

  it('refuses bad values, naming the element', () => {
    expect(configError({ maxSessions: 'many' })).toMatch(/HTTPSession config.*<maxSessions>/);
    expect(configError({ maxSessions: 0 })).toMatch(/<maxSessions>/);
    expect(configError({ maxSessions: '1.5' })).toMatch(/<maxSessions>/);
    expect(configError({ minDuration: -1 })).toMatch(/<minDuration>/);
    expect(configError({ autoReconnect: 'yes' })).toMatch(/<autoReconnect>/);
    expect(configError({ cookieName: 'a b;' })).toMatch(/<cookieName>.*RFC 6265/);
    expect(configError({ cookiePath: 'tools' })).toMatch(/<cookiePath>/);
    expect(configError({ cookiePath: '/a;b' })).toMatch(/<cookiePath>/);
    expect(configError({ minDuration: 10, maxDuration: 5 })).toMatch(/minDuration \(10\) exceeds maxDuration \(5\)/);
    expect(configError({ maxsessions: 5 })).toMatch(/maxsessions/);
    expect(configError('nonsense')).toMatch(/HTTPSession config/);
  });

  it('a policy without a store keeps sessions in memory with the config’s idle limit', () => {
    const policy = new SessionPolicy(parseSessionConfig({ maxDuration: 1000, minDuration: 10 }));
    expect([policy.store.name, policy.store.maxDuration]).toEqual(['memory', 1000]);
  });
});

describe('session ids', () => {
  it('are 128 random bits in base64url, all different', () => {
    const ids = Array.from({ length: 2000 }, newSessionId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
      expect(isSessionId(id)).toBe(true);
    }
    // Every one of the 128 bit positions takes both values across the sample.
    const ones = new Array<number>(128).fill(0);
    for (const id of ids) Buffer.from(id, 'base64url').forEach((byte, i) => { for (let b = 0; b < 8; b++) ones[i * 8 + b]! += (byte >> b) & 1; });
    expect(ones.every((n) => n > 800 && n < 1200)).toBe(true);
  });

  it('refuses anything newSessionId could not have produced', () => {
    const id = newSessionId();
    const bad: unknown[] = [undefined, null, 42, {}, [id], '', id.slice(0, -1), `${id}A`, id + id, ` ${id}`, `${id}\n`, `${id.slice(0, 21)}B`, `${id.slice(0, 21)}=`, 'A'.repeat(21) + '+', 'ÄAAAAAAAAAAAAAAAAAAAAA', 'x'.repeat(100_000)];
    for (const value of bad) expect(isSessionId(value), String(value).slice(0, 30)).toBe(false);
    expect(isSessionId('A'.repeat(21) + 'w')).toBe(true);
  });
});
