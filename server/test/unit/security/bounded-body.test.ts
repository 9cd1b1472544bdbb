import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { declaredLength, readBoundedBody } from '../../../src/http/bounded-body';

describe('declared length', () => {
  it('reads digits only and compares with the cap', () => {
    expect(declaredLength(undefined, 10)).toEqual({ kind: 'absent' });
    expect(declaredLength('10', 10)).toEqual({ kind: 'ok', bytes: 10 });
    expect(declaredLength(' 11 ', 10)).toEqual({ kind: 'too-large' });
    for (const bad of ['abc', '-1', '1e9', '1.5', '', '1, 2', '0x10', '99999999999999999999']) expect(declaredLength(bad, 10), bad).toEqual({ kind: 'malformed' });
  });
});

describe('bounded reader', () => {
  it('returns the exact bytes up to the cap', async () => {
    const body = await readBoundedBody(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4);
    expect(body.toString()).toBe('abcd');
  });

  it('rejects with 413 as soon as the running total passes the cap, and stops reading', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(1024, 1));
      },
    });
    await expect(readBoundedBody(endless, 4096)).rejects.toMatchObject({ statusCode: 413, detail: 'Payload exceeds maximum size of 4096 bytes.' });
    const after = pulled;
    await new Promise((resolve) => setImmediate(resolve));
    expect(pulled - after).toBeLessThanOrEqual(1);
    expect(endless.isPaused()).toBe(true);
  });
});
