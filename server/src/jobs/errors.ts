/** A job that can never succeed (its subject is gone, its input is invalid): no retry. */
export class PermanentJobError extends Error {}

/** Not an error: try again later without using up an attempt (e.g. a gateway still offline). */
export class DeferJob extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** Exponential backoff with a cap and jitter, so failing jobs do not retry in lockstep. */
export function retryDelayMs(attempt: number, baseMs = 5_000, capMs = 300_000, random = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
