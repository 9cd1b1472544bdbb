// Synchronous coordination calls (nudge, SOUL read/write, ask-user, lead messages): the caller
// waits for the gateway's answer, so a failure can be reported as a 502 right away. Unreachable
// gateways and transient errors are retried with backoff until a deadline (spec 3.15 retry policy).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { gateways, type Agent, type Gateway } from '../../db/schema';
import { backoffDelay, type BackoffPolicy } from '../../gateway/backoff';
import { describeGatewayError, GatewayError, isGatewayError, isTransient } from '../../gateway/errors';
import type { GatewayRpc } from '../../gateway/rpc';
import type { Services } from '../../services';
import { sessionKeyOf } from './gateway-identity';

export const COORDINATION_BACKOFF: BackoffPolicy = { baseMs: 500, factor: 2, maxMs: 5_000, jitter: 0.15 };

/** A coordination call that did not succeed; `message` is fit for an API detail and the activity feed. */
export class CoordinationError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorText(error: unknown): string {
  return isGatewayError(error) ? describeGatewayError(error) : error instanceof Error ? error.message : String(error);
}

/**
 * Runs `call` against the gateway, retrying transient failures (unreachable, timeouts,
 * retryable RPC errors) with backoff until `timeoutMs` has passed. Non-transient errors fail at
 * once. Every failure becomes a CoordinationError with a readable message.
 */
export async function withGateway<T>(services: Services, gateway: Gateway, context: string, call: (rpc: GatewayRpc, timeoutMs: number) => Promise<T>): Promise<T> {
  const timeoutMs = services.config.agents.coordinationTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      const { rpc } = await services.gateways.handle(gateway, remaining);
      return await call(rpc, Math.max(1, deadline - Date.now()));
    } catch (error) {
      last = error;
      if (!isGatewayError(error) || !isTransient(error)) throw new CoordinationError(errorText(error));
      const wait = Math.min(backoffDelay(COORDINATION_BACKOFF, attempt), deadline - Date.now());
      if (wait <= 0) break;
      await sleep(wait);
    }
  }
  const seconds = Math.round(timeoutMs / 1000);
  throw new CoordinationError(`Gateway unreachable after ${seconds} seconds (${context} timeout). Last error: ${last ? errorText(last) : 'none'}`);
}

/** The gateway row of an agent; a CoordinationError when it is gone. */
export async function gatewayOf(services: Services, agent: Pick<Agent, 'gatewayId'>): Promise<Gateway> {
  const [gateway] = await services.db.select().from(gateways).where(eq(gateways.id, agent.gatewayId));
  if (!gateway) throw new CoordinationError('Agent gateway not found');
  return gateway;
}

/** Sends one chat message to an agent's main session and waits for the gateway to accept it. */
export async function sendToAgent(services: Services, agent: Agent, message: string, options: { deliver: boolean; context: string }): Promise<void> {
  const gateway = await gatewayOf(services, agent);
  const idempotencyKey = randomUUID();
  await withGateway(services, gateway, options.context, (rpc, timeoutMs) =>
    rpc.chatSend({ sessionKey: agent.openclawSessionId ?? sessionKeyOf(agent), message, idempotencyKey, deliver: options.deliver }, { timeoutMs }),
  );
}

export { GatewayError };
