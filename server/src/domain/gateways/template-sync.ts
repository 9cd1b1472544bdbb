import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { agents, boardMemory, boards, users, type Agent, type Board, type Gateway, type User } from '../../db/schema';
import { backoffDelay, type BackoffPolicy } from '../../gateway/backoff';
import { describeGatewayError, isGatewayError, isTransient } from '../../gateway/errors';
import type { Services } from '../../services';
import { recordActivity } from '../activity/record';
import { gatewayAgentKey } from '../agents/gateway-identity';
import { runOnGateway } from '../agents/gateway-steps';
import { ensureMainAgent } from '../agents/main-agent';
import { readHeldToken } from '../agents/held-token';
import { oldestOwner, workspaceContext } from '../agents/workspace-context';
import type { GatewayHandle } from './connections';
import {
  deliveredRotation,
  isPaused,
  partialRotation,
  tokenPlan,
  type SyncError,
  type SyncFlags,
  type SyncResult,
} from './template-sync-rules';

export interface SyncRequest extends SyncFlags {
  /** Only the agents of this board (it must use this gateway). */
  boardId?: string | null;
  /** Only this agent (a board agent of this gateway, or its main agent). */
  agentId?: string | null;
  /** Whose profile USER.md describes; else the organization's oldest owner. */
  userId?: string | null;
  /** How long to wait for the gateway connection (default 15 s). */
  connectTimeoutMs?: number;
  /** Time budget for waiting out gateway outages during the sync (default 10 min). */
  budgetMs?: number;
}

const SYNC_BACKOFF: BackoffPolicy = { baseMs: 750, factor: 2, maxMs: 30_000, jitter: 0.2 };
const SYNC_BUDGET_MS = 10 * 60_000;

const message = (error: unknown) => (isGatewayError(error) ? describeGatewayError(error) : error instanceof Error ? error.message : String(error));
const entry = (agent: Agent, text: string): SyncError => ({ agent_id: agent.id, agent_name: agent.name, ...(agent.boardId ? { board_id: agent.boardId } : {}), message: text });

async function latestPauseCommand(services: Services, boardId: string): Promise<string | null> {
  const [row] = await services.db
    .select({ content: boardMemory.content })
    .from(boardMemory)
    .where(and(eq(boardMemory.boardId, boardId), eq(boardMemory.isChat, true), sql`lower(trim(${boardMemory.content})) in ('/pause', '/resume')`))
    .orderBy(desc(boardMemory.createdAt))
    .limit(1);
  return row?.content ?? null;
}

/**
 * Rewrites one agent's workspace from the current templates. With a rotation the new token is
 * committed only when a file carrying it reached the gateway; if nothing was written the old
 * token stays the only one, and a failure part-way keeps both valid (BR-23).
 */
async function syncAgent(services: Services, handle: GatewayHandle, gateway: Gateway, agent: Agent, board: Board | null, user: User | null, flags: SyncFlags, deadline: number): Promise<{ ok: boolean; notes: SyncError[] }> {
  if (agent.provisionAction) return { ok: false, notes: [entry(agent, 'Skipping agent: a provisioning run is pending; it rewrites the workspace itself.')] };
  const key = gatewayAgentKey(agent);
  const plan = tokenPlan(agent, await readHeldToken(handle.rpc, handle.protocol, key).catch(() => null), flags.rotateTokens);
  if (plan.kind === 'skip') return { ok: false, notes: [entry(agent, plan.message)] };
  const notes = plan.kind === 'keep' && plan.warning ? [entry(agent, plan.warning)] : [];
  const ctx = workspaceContext({ agent, gateway, board, user, token: plan.token, protocol: handle.protocol, baseUrl: services.config.baseUrl });
  let written = 0;
  let failure: string | null = null;
  // Outages and gateway restarts (a 2026.3.31 gateway restarts after a config change) are waited
  // out with backoff within the sync's time budget; every step is idempotent, so a retry converges.
  for (let attempt = 1; ; attempt++) {
    try {
      await runOnGateway(handle.rpc, handle.protocol, key, ctx, {
        action: 'update',
        wake: false,
        resetSession: flags.resetSessions,
        forceBootstrap: flags.forceBootstrap,
        overwrite: flags.overwrite,
        idempotencyKey: `sync-${agent.id}-${Date.now()}`,
        heartbeat: (agent.heartbeatConfig as Record<string, unknown> | null) ?? null,
        onFileWritten: () => void written++,
      });
      failure = null;
      break;
    } catch (error) {
      failure = message(error);
      const wait = backoffDelay(SYNC_BACKOFF, attempt);
      if (!isGatewayError(error) || !isTransient(error) || Date.now() + wait > deadline) break;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  await services.db.transaction(async (tx) => {
    const [current] = await tx.select().from(agents).where(eq(agents.id, agent.id)).for('update');
    if (!current) return;
    const rotated = plan.kind === 'rotate' && current.agentTokenPrefix === agent.agentTokenPrefix;
    if (plan.kind === 'rotate' && !rotated) {
      notes.push(entry(agent, 'The agent was re-provisioned during the sync; its new token was kept (run the sync again).'));
    }
    const tokens = !rotated || plan.kind !== 'rotate' ? {} : failure ? (written ? partialRotation(current, plan) : {}) : deliveredRotation(current, plan);
    await tx.update(agents).set({ ...tokens, lastProvisionError: failure ? failure.slice(0, 2000) : null }).where(eq(agents.id, agent.id));
    await recordActivity(tx, {
      eventType: failure ? 'agent.templates.sync_failed' : 'agent.templates.synced',
      message: failure
        ? `Template sync failed for ${agent.name}: ${failure}${plan.kind === 'rotate' ? (written ? ' (new token partly delivered; old token still valid)' : ' (token not rotated)') : ''}`
        : `Templates synced for ${agent.name}${plan.kind === 'rotate' ? ' with a new token' : ''}.`,
      boardId: agent.boardId,
      agentId: agent.id,
    });
  });
  if (failure) notes.push(entry(agent, `Failed to sync templates: ${failure}`));
  return { ok: !failure, notes };
}

/**
 * Template sync (spec 3.16): rewrites the workspace files of a gateway's agents from the current
 * templates, without waking them. Errors are collected per agent; only an unreachable gateway
 * stops the whole sync.
 */
export async function syncTemplates(services: Services, gateway: Gateway, request: SyncRequest): Promise<SyncResult> {
  const deadline = Date.now() + (request.budgetMs ?? SYNC_BUDGET_MS);
  const result: SyncResult = { gateway_id: gateway.id, include_main: request.includeMain, reset_sessions: request.resetSessions, agents_updated: 0, agents_skipped: 0, main_updated: false, errors: [] };
  const [requester] = request.userId ? await services.db.select().from(users).where(eq(users.id, request.userId)) : [];
  const user = requester ?? (await oldestOwner(services.db, gateway.organizationId));
  if (!user) {
    result.errors.push({ message: 'Organization owner not found (required for gateway template USER.md rendering).' });
    return result;
  }

  let targets: Board[] = await services.db.select().from(boards).where(eq(boards.gatewayId, gateway.id)).orderBy(asc(boards.createdAt));
  if (request.boardId) {
    targets = targets.filter((b) => b.id === request.boardId);
    if (!targets.length) {
      result.errors.push({ board_id: request.boardId, message: 'Board does not belong to this gateway.' });
      return result;
    }
  }
  let [main] = await services.db.select().from(agents).where(and(eq(agents.gatewayId, gateway.id), isNull(agents.boardId)));
  const onlyAgent = request.agentId ?? null;
  if (onlyAgent) {
    const [target] = await services.db.select().from(agents).where(and(eq(agents.id, onlyAgent), eq(agents.gatewayId, gateway.id)));
    if (!target) {
      result.errors.push({ agent_id: onlyAgent, message: 'Agent does not belong to this gateway.' });
      return result;
    }
  }

  let handle: GatewayHandle;
  try {
    // A gateway that is down is reported at once (one connection attempt), not after the deadline.
    handle = await services.gateways.handle(gateway, request.connectTimeoutMs ?? 15_000, { now: true });
    await handle.rpc.health({ timeoutMs: 10_000 });
  } catch (error) {
    result.errors.push({ message: `Gateway unreachable: ${message(error)}` });
    return result;
  }

  const byId = new Map(targets.map((b) => [b.id, b]));
  const active: Board[] = [];
  for (const board of targets) {
    if (isPaused(await latestPauseCommand(services, board.id))) result.agents_skipped++;
    else active.push(board);
  }
  const boardAgents = active.length
    ? await services.db
        .select()
        .from(agents)
        .where(and(inArray(agents.boardId, active.map((b) => b.id)), eq(agents.gatewayId, gateway.id), ...(request.leadOnly ? [eq(agents.isBoardLead, true)] : [])))
        .orderBy(asc(agents.createdAt))
    : [];
  for (const agent of boardAgents) {
    if (onlyAgent && agent.id !== onlyAgent) continue;
    const { ok, notes } = await syncAgent(services, handle, gateway, agent, byId.get(agent.boardId!) ?? null, user, request, deadline);
    if (ok) result.agents_updated++;
    else result.agents_skipped++;
    result.errors.push(...notes);
  }

  if (request.includeMain && (!onlyAgent || onlyAgent === main?.id)) {
    if (!main) {
      await ensureMainAgent(services, gateway, { userId: request.userId ?? null, action: 'provision' });
      [main] = await services.db.select().from(agents).where(and(eq(agents.gatewayId, gateway.id), isNull(agents.boardId)));
      result.errors.push({ ...(main ? { agent_id: main.id, agent_name: main.name } : {}), message: 'Gateway agent record not found; provisioning it (a durable job).' });
    } else {
      const { ok, notes } = await syncAgent(services, handle, gateway, main, null, user, request, deadline);
      result.main_updated = ok;
      result.errors.push(...notes);
    }
  }

  await recordActivity(services.db, {
    eventType: 'gateway.templates.synced',
    message: `Template sync on ${gateway.name}: ${result.agents_updated} updated, ${result.agents_skipped} skipped${result.main_updated ? ', gateway agent updated' : ''}, ${result.errors.length} error(s).`,
  });
  return result;
}
