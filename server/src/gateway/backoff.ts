// Reconnect delays: exponential with jitter, capped, so many clients never retry in lockstep.

export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  maxMs: number;
  /** Fraction of the delay randomised in both directions, 0..1. */
  jitter: number;
}

export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, factor: 2, maxMs: 30_000, jitter: 0.2 };

/** Delay before retry number `attempt` (1-based); `random` returns a value in [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  const raw = Math.min(policy.maxMs, policy.baseMs * policy.factor ** (n - 1));
  const spread = raw * policy.jitter;
  const delay = raw - spread + 2 * spread * random();
  return Math.max(0, Math.round(Math.min(delay, policy.maxMs * (1 + policy.jitter))));
}
