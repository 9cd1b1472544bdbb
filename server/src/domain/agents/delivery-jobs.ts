import { and, eq } from 'drizzle-orm';
import { agents, gateways, type Agent, type Job } from '../../db/schema';
import { describeGatewayError, isGatewayError, isTransient } from '../../gateway/errors';
import { DeferJob, PermanentJobError } from '../../jobs/errors';
import type { NotifyPayload } from '../../jobs/queue-names';
import type { Services } from '../../services';
import { recordActivity } from '../activity/record';
import { removeFromGateway } from './gateway-steps';
import { sessionKeyOf } from './gateway-identity';

/** How long a message to a newly created agent waits for its first provisioning. */
const PROVISION_WAIT_MS = 10 * 60_000;

async function target(services: Services, payload: NotifyPayload): Promise<Agent | null> {
  if (payload.agent_id) {
    const [agent] = await services.db.select().from(agents).where(eq(agents.id, payload.agent_id));
    return agent ?? null;
  }
  if (payload.board_lead_of) {
    const [lead] = await services.db.select().from(agents).where(and(eq(agents.boardId, payload.board_lead_of), eq(agents.isBoardLead, true)));
    return lead ?? null;
  }
  return null;
}

async function outcome(services: Services, payload: NotifyPayload, agent: Agent | null, failure: string | null) {
  if (!payload.activity) return;
  const name = agent?.name ?? 'the agent';
  await recordActivity(services.db, {
    eventType: failure ? payload.activity.failure_type : payload.activity.success_type,
    message: failure ? `Could not notify ${name}: ${failure}` : `Notified ${name} (${payload.reason}).`,
    boardId: payload.activity.board_id,
    taskId: payload.activity.task_id,
    agentId: agent?.id ?? null,
  });
}

/**
 * The `agent.notify` job: sends one message to an agent's gateway session. The job id is the
 * idempotency key, so a retry after a lost answer never delivers twice. Outages are retried
 * with backoff; the final outcome is an activity event either way.
 */
export async function runNotifyJob(services: Services, job: Job): Promise<void> {
  const payload = job.payload as unknown as NotifyPayload;
  const agent = await target(services, payload);
  if (!agent) {
    await outcome(services, payload, null, payload.board_lead_of ? 'the board has no lead agent' : 'the agent no longer exists');
    return;
  }
  // A message to an agent still being created waits for it (its session does not exist yet),
  // for a while: a provisioning that never ends must not hold the message forever.
  if (agent.provisionAction === 'provision' && Date.now() - job.createdAt.getTime() < PROVISION_WAIT_MS) {
    throw new DeferJob(5_000, 'the agent is still being provisioned');
  }
  const [gateway] = await services.db.select().from(gateways).where(eq(gateways.id, agent.gatewayId));
  if (!gateway) {
    await outcome(services, payload, agent, 'the agent has no gateway');
    return;
  }
  try {
    const { rpc } = await services.gateways.handle(gateway);
    await rpc.chatSend({ sessionKey: agent.openclawSessionId ?? sessionKeyOf(agent), message: payload.message, idempotencyKey: job.id, deliver: payload.deliver });
  } catch (error) {
    const message = isGatewayError(error) ? describeGatewayError(error) : (error as Error).message;
    const final = !isGatewayError(error) || !isTransient(error) || job.attempts >= job.maxAttempts;
    if (!final) throw error;
    await outcome(services, payload, agent, message);
    throw new PermanentJobError(message);
  }
  await outcome(services, payload, agent, null);
}

/** The `gateway.agent.delete` job: removes a deleted agent (and its workspace) from its gateway. */
export async function runGatewayAgentDeleteJob(services: Services, job: Job): Promise<void> {
  const payload = job.payload as { gateway_id: string; gateway_agent_key: string };
  const [gateway] = await services.db.select().from(gateways).where(eq(gateways.id, payload.gateway_id));
  if (!gateway) return;
  // A lead's gateway id is derived from its board: a new lead created since then owns it now.
  const [successor] = await services.db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.gatewayId, gateway.id), eq(agents.openclawSessionId, `agent:${payload.gateway_agent_key}:main`)));
  if (successor) return;
  const { rpc } = await services.gateways.handle(gateway);
  await removeFromGateway(rpc, payload.gateway_agent_key);
}
