import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/auth/secret-box';

const key = () => randomBytes(32).toString('base64');

describe('SecretBox', () => {
  it('round-trips, never stores the plain text, and differs on every seal', () => {
    const box = new SecretBox(key());
    const a = box.seal('gateway-token-123');
    const b = box.seal('gateway-token-123');
    expect(a).not.toContain('gateway-token-123');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('gateway-token-123');
  });

  it('refuses a value sealed under another key or altered', () => {
    const sealed = new SecretBox(key()).seal('secret');
    expect(() => new SecretBox(key()).open(sealed)).toThrow();
    const box = new SecretBox(key());
    const mine = box.seal('secret');
    const altered = mine.slice(0, -2) + (mine.endsWith('AA') ? 'BB' : 'AA');
    expect(() => box.open(altered)).toThrow();
    expect(() => box.open('plain')).toThrow(/not sealed/);
  });

  it('maps empty values to null', () => {
    const box = new SecretBox(key());
    expect(box.sealOptional('')).toBeNull();
    expect(box.sealOptional(null)).toBeNull();
    expect(box.openOptional(null)).toBeNull();
  });
});
