import type { Db, Tx } from '../../../db/client';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * Runs `fn` in a transaction, retried (up to `attempts` times) when PostgreSQL aborts it for a
 * deadlock or a serialization failure. Locks are taken in id order, so this is a safety net.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      if (i >= attempts || !RETRYABLE.has(sqlState(error) ?? '')) throw error;
    }
  }
}
