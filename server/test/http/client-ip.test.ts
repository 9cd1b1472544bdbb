import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';

// The resolved client address is what request logs record; forwarding headers count only from
// trusted proxies; unusable TRUSTED_PROXIES entries are reported without their value.
let trusted: TestApp;
let direct: TestApp;

beforeAll(async () => {
  trusted = await createTestApp({ TRUSTED_PROXIES: '127.0.0.1, not-an-ip-hunter2, ::1' });
  direct = await createTestApp();
});
afterAll(async () => {
  await trusted?.close();
  await direct?.close();
});

const logged = (t: TestApp, requestId: string) =>
  t.logs.map((line) => JSON.parse(line)).find((r) => r.msg === 'http.request' && r.request_id === requestId);

describe('client address', () => {
  it('behind a trusted proxy, logs the right-most untrusted hop', async () => {
    await trusted.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { 'x-request-id': 'ip-trusted-1', 'x-forwarded-for': '1.1.1.1, 203.0.113.99' } });
    expect(logged(trusted, 'ip-trusted-1')?.client_ip).toBe('203.0.113.99');
  });

  it('without trusted proxies, forwarding headers are ignored', async () => {
    await direct.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { 'x-request-id': 'ip-direct-1', 'x-forwarded-for': '203.0.113.99', forwarded: 'for=198.51.100.1' } });
    expect(logged(direct, 'ip-direct-1')?.client_ip).toBe('127.0.0.1');
  });

  it('an unusable TRUSTED_PROXIES entry is skipped with a warning that does not echo it', () => {
    const warnings = trusted.logs.filter((line) => line.includes('TRUSTED_PROXIES'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]).entry_position).toBe(2);
    expect(trusted.logs.join('\n')).not.toContain('hunter2');
  });
});
