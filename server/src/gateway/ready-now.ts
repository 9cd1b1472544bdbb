import type { GatewayConnection } from './connection';
import { GatewayError, isTransient } from './errors';
import type { HelloInfo } from './handshake';

/** For this long after the gateway closed to restart (1012), until it is back, an outage counts as that restart. */
export const RESTART_GRACE_MS = 60_000;

/**
 * The hello of a gateway that answers now, for work that has its own retries (a lifecycle job).
 * `ready()` waits out its deadline while the connection retries with backoff; here a connection
 * that is down tries once at once and that attempt's failure is the answer, so a run against a
 * stopped gateway fails in moments with the reason instead of looking busy until the deadline.
 * A gateway that closed to restart lately and is not back yet is waited for up to the deadline as
 * usual, and if it is not back by then the error carries close code 1012 so the caller can tell a
 * restart from an outage. Once the connection is back the restart is over: a later drop is not it.
 */
export async function readyNow(connection: GatewayConnection, timeoutMs: number): Promise<HelloInfo> {
  if (restartingLately(connection)) {
    return connection.ready(timeoutMs).catch((error: unknown) => {
      throw error instanceof GatewayError ? new GatewayError(error.kind, error.message, { ...error, closeCode: 1012, cause: error }) : error;
    });
  }
  const initial = connection.status().state;
  if (initial === 'connected') return connection.ready(timeoutMs);
  let off: () => void = () => {};
  const attemptFailed = new Promise<never>((_, reject) => {
    let attempted = initial === 'connecting' || initial === 'idle';
    off = connection.onStateChange((status) => {
      if (status.state === 'connecting') attempted = true;
      if (status.state === 'backoff' && attempted) {
        const last = status.lastError;
        reject(last ? new GatewayError(last.kind, last.message, { ...last, cause: last }) : new GatewayError('unreachable', 'gateway connection failed', { retryable: true }));
      }
    });
  });
  attemptFailed.catch(() => {});
  const ready = connection.ready(timeoutMs);
  // Not past a delay the gateway asked for (retry-after) or one after a refusal (auth, pairing).
  const last = connection.status().lastError;
  if (!last || (isTransient(last) && !last.retryAfterMs)) connection.retryNow();
  try {
    return await Promise.race([ready, attemptFailed]);
  } finally {
    off();
    ready.catch(() => {});
  }
}

function restartingLately(connection: GatewayConnection): boolean {
  const at = connection.status().restartingSince;
  return !!at && Date.now() - at.getTime() < RESTART_GRACE_MS;
}
