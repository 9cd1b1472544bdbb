import { describe, expect, it } from 'vitest';
import { mintAgentToken, tokenHint, tokenPrefix, verifyAgentToken } from '../../src/auth/agent-tokens';
import { computedStatus, presenceTouch } from '../../src/domain/agents/presence';

describe('agent tokens', () => {
  it('verify only the exact token minted, with its prefix finding the row', () => {
    const a = mintAgentToken();
    const b = mintAgentToken();
    expect(tokenPrefix(a.token)).toBe(a.prefix);
    expect(verifyAgentToken(a.token, a.hash)).toBe(true);
    expect(verifyAgentToken(b.token, a.hash)).toBe(false);
    const tampered = a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A');
    expect(verifyAgentToken(tampered, a.hash)).toBe(false);
    expect(a.hash).not.toContain(a.token.split('.')[1]);
  });

  it('reject malformed tokens without touching the hash', () => {
    const a = mintAgentToken();
    for (const bad of ['', 'abc', `mca_${a.prefix}`, a.token + 'x', `mcb_${a.token.slice(4)}`]) {
      expect(tokenPrefix(bad)).toBeNull();
      expect(verifyAgentToken(bad, a.hash)).toBe(false);
    }
    expect(verifyAgentToken(a.token, null)).toBe(false);
    expect(verifyAgentToken(a.token, 'pbkdf2_sha256$1$x$y')).toBe(false);
  });

  it('hints reveal at most six characters', () => {
    const { token } = mintAgentToken();
    expect(tokenHint(token)).toBe(`${token.slice(0, 6)}…`);
  });
});

describe('agent presence', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it.each([
    [{ status: 'online', lastSeenAt: null }, 'provisioning'],
    [{ status: 'online', lastSeenAt: ago(60_000) }, 'online'],
    [{ status: 'healthy', lastSeenAt: ago(60_000) }, 'healthy'],
    [{ status: 'online', lastSeenAt: ago(11 * 60_000) }, 'offline'],
    [{ status: 'updating', lastSeenAt: null }, 'updating'],
    [{ status: 'deleting', lastSeenAt: ago(60 * 60_000) }, 'deleting'],
    [{ status: 'offline', lastSeenAt: null }, 'offline'],
    [{ status: 'failed', lastSeenAt: null }, 'failed'],
  ])('%o is shown as %s', (agent, expected) => {
    expect(computedStatus(agent, now)).toBe(expected);
  });

  it('offline after the configured silence (AGENT_OFFLINE_AFTER_SECONDS; default 10 minutes) (BR-42)', () => {
    expect(computedStatus({ status: 'online', lastSeenAt: ago(10 * 60_000) }, now)).toBe('online');
    expect(computedStatus({ status: 'online', lastSeenAt: ago(10 * 60_000 + 1) }, now)).toBe('offline');
    expect(computedStatus({ status: 'online', lastSeenAt: ago(6_000) }, now, 5_000)).toBe('offline');
    expect(computedStatus({ status: 'healthy', lastSeenAt: ago(4_000) }, now, 5_000)).toBe('healthy');
    expect(computedStatus({ status: 'updating', lastSeenAt: ago(60_000) }, now, 5_000)).toBe('updating');
  });

  it('touches at most every 30 seconds and keeps lifecycle states', () => {
    expect(presenceTouch({ status: 'provisioning', lastSeenAt: null }, now)).toEqual({ lastSeenAt: now, status: 'online' });
    expect(presenceTouch({ status: 'online', lastSeenAt: ago(10_000) }, now)).toBeNull();
    expect(presenceTouch({ status: 'updating', lastSeenAt: ago(40_000) }, now)).toEqual({ lastSeenAt: now, status: 'updating' });
    // An agent marked offline after missed wake-ups is back as soon as it calls in.
    expect(presenceTouch({ status: 'offline', lastSeenAt: ago(5_000) }, now)).toEqual({ lastSeenAt: now, status: 'online' });
  });
});
