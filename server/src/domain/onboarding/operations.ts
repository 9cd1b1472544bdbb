import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { boardOnboardingSessions, boards, gateways, users, type Agent, type Board, type BoardOnboardingSession, type Gateway, type OnboardingMessage, type User } from '../../db/schema';
import { describeGatewayError, isGatewayError } from '../../gateway/errors';
import { gatewayMainAgentKey, mainSessionKey } from '../../gateway/session-keys';
import { isUniqueViolation } from '../../http/db-errors';
import { conflict, forbidden, HttpError, notFound } from '../../http/errors';
import type { Services } from '../../services';
import { recordActivity } from '../activity/record';
import { ensureBoardLeadIn } from '../agents/board-lead';
import { answerDispatch, approvalRequired, goalFieldsProblem, leadOptions, onboardingPrompt, profileChanges, resumeMessage, withoutNulls, type DraftGoal } from './rules';

const now = () => new Date();
const message = (role: OnboardingMessage['role'], content: string): OnboardingMessage => ({ role, content, timestamp: now().toISOString() });

/** The board's latest onboarding session (most recently updated), or null. */
export async function latestSession(services: Services, boardId: string, status?: string): Promise<BoardOnboardingSession | null> {
  const [row] = await services.db
    .select()
    .from(boardOnboardingSessions)
    .where(and(eq(boardOnboardingSessions.boardId, boardId), ...(status ? [eq(boardOnboardingSessions.status, status)] : [])))
    .orderBy(desc(boardOnboardingSessions.updatedAt), desc(boardOnboardingSessions.createdAt))
    .limit(1);
  return row ?? null;
}

/** The board's gateway; onboarding cannot run without one (422). */
async function boardGateway(services: Services, board: Board): Promise<Gateway> {
  if (!board.gatewayId) throw new HttpError(422, 'Board gateway_id is required');
  const [gateway] = await services.db.select().from(gateways).where(eq(gateways.id, board.gatewayId));
  if (!gateway) throw new HttpError(422, 'Board gateway_id is invalid');
  return gateway;
}

export const onboardingSessionKey = (gatewayId: string) => mainSessionKey(gatewayMainAgentKey(gatewayId));

/** Sends one message to the gateway agent's main session; a gateway failure is a 502 naming the step. */
async function dispatch(services: Services, gateway: Gateway, text: string, idempotencyKey: string, step: 'start' | 'answer'): Promise<void> {
  try {
    const { rpc } = await services.gateways.handle(gateway, 10_000);
    await rpc.chatSend({ sessionKey: onboardingSessionKey(gateway.id), message: text, idempotencyKey, deliver: false }, { timeoutMs: 20_000 });
  } catch (error) {
    const detail = isGatewayError(error) ? describeGatewayError(error) : (error as Error).message;
    throw new HttpError(502, `Gateway onboarding ${step} dispatch failed: ${detail}`);
  }
}

/**
 * Starts onboarding: the prompt goes to the gateway agent and a session records the conversation.
 * An active session is resumed instead (its last user message re-sent if still unanswered).
 */
export async function startOnboarding(services: Services, board: Board): Promise<BoardOnboardingSession> {
  const active = await latestSession(services, board.id, 'active');
  if (active) {
    const resend = resumeMessage(active.messages, board, services.config.baseUrl);
    if (!resend) return active;
    await dispatch(services, await boardGateway(services, board), resend, `onboarding.resume:${board.id}:${active.id}:${randomUUID()}`, 'start');
    const [bumped] = await services.db.update(boardOnboardingSessions).set({ updatedAt: now() }).where(eq(boardOnboardingSessions.id, active.id)).returning();
    return bumped;
  }
  const gateway = await boardGateway(services, board);
  const prompt = onboardingPrompt(board, services.config.baseUrl);
  await dispatch(services, gateway, prompt, `onboarding.start:${board.id}:${randomUUID()}`, 'start');
  try {
    return await services.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(boardOnboardingSessions)
        .values({ boardId: board.id, sessionKey: onboardingSessionKey(gateway.id), status: 'active', messages: [message('user', prompt)] })
        .returning();
      await recordActivity(tx, { eventType: 'board.onboarding.started', message: `Onboarding started for board ${board.name}.`, boardId: board.id });
      return row;
    });
  } catch (error) {
    // A concurrent start opened the session first: that one is the conversation.
    if (!isUniqueViolation(error)) throw error;
    return (await latestSession(services, board.id, 'active'))!;
  }
}

/** Records the user's answer and relays it to the gateway agent. */
export async function answerOnboarding(services: Services, board: Board, text: string): Promise<BoardOnboardingSession> {
  const session = await latestSession(services, board.id);
  if (!session) throw notFound('Onboarding session not found');
  const gateway = await boardGateway(services, board);
  await dispatch(services, gateway, answerDispatch(board, services.config.baseUrl, text), `onboarding.answer:${board.id}:${session.id}:${randomUUID()}`, 'answer');
  const [row] = await services.db
    .update(boardOnboardingSessions)
    .set({ messages: [...(session.messages ?? []), message('user', text)] })
    .where(eq(boardOnboardingSessions.id, session.id))
    .returning();
  return row;
}

export type AgentOnboardingUpdate = { question: string; options: { id: string; label: string }[] } | DraftGoal;
const isCompletion = (body: AgentOnboardingUpdate): body is DraftGoal => 'status' in body && body.status === 'complete';

/** The gateway agent's question or result. Only the dedicated gateway agent of the board's gateway may post it. */
export async function agentOnboardingUpdate(services: Services, board: Board, agent: Agent, body: AgentOnboardingUpdate): Promise<BoardOnboardingSession> {
  const dedicated = 'Only the dedicated gateway agent may call this endpoint.';
  if (agent.boardId) throw forbidden(dedicated);
  if (board.gatewayId && (agent.gatewayId !== board.gatewayId || agent.openclawSessionId !== onboardingSessionKey(board.gatewayId))) throw forbidden(dedicated);
  const session = await latestSession(services, board.id);
  if (!session) throw notFound('Onboarding session not found');
  if (session.status === 'confirmed') throw conflict('Onboarding is already confirmed for this board');
  if (isCompletion(body)) {
    const problem = goalFieldsProblem(body);
    if (problem) throw new HttpError(422, problem);
  }
  const payload = withoutNulls(body);
  const [row] = await services.db
    .update(boardOnboardingSessions)
    .set({
      messages: [...(session.messages ?? []), message('assistant', JSON.stringify(payload))],
      ...(isCompletion(body) ? { draftGoal: payload as unknown as Record<string, unknown>, status: 'completed' } : {}),
    })
    .where(eq(boardOnboardingSessions.id, session.id))
    .returning();
  return row;
}

export interface OnboardingConfirm {
  board_type: 'goal' | 'general';
  objective?: string | null;
  success_metrics?: Record<string, unknown> | null;
  target_date?: Date | null;
}

/**
 * Confirms the board's goal in one commit: board fields, the approval gate from the chosen
 * autonomy, the user's profile from the draft, the session confirmed, one activity event, and the
 * board lead ensured with the draft's name and preferences (provisioned by a durable job).
 */
export async function confirmOnboarding(services: Services, board: Board, user: User, body: OnboardingConfirm): Promise<Board> {
  const problem = goalFieldsProblem(body);
  if (problem) throw new HttpError(422, problem);
  const session = await latestSession(services, board.id);
  if (!session) throw notFound('Onboarding session not found');
  await boardGateway(services, board);
  const draft = (session.draftGoal as DraftGoal | null) ?? null;
  const updated = await services.db.transaction(async (tx) => {
    const [row] = await tx
      .update(boards)
      .set({
        boardType: body.board_type,
        objective: body.objective?.trim() || null,
        successMetrics: body.success_metrics ?? null,
        targetDate: body.target_date ?? null,
        goalConfirmed: true,
        goalSource: 'lead_agent_onboarding',
        requireApprovalForDone: approvalRequired(draft),
      })
      .where(eq(boards.id, board.id))
      .returning();
    await tx.update(boardOnboardingSessions).set({ status: 'confirmed' }).where(eq(boardOnboardingSessions.id, session.id));
    const profile = profileChanges(draft);
    if (Object.keys(profile).length) await tx.update(users).set(profile).where(eq(users.id, user.id));
    await recordActivity(tx, { eventType: 'board.onboarding.confirmed', message: `Onboarding confirmed for board ${row.name}.`, boardId: board.id });
    // The lead comes with the confirmation (same commit); its provisioning is a durable job.
    const options = leadOptions(draft);
    await ensureBoardLeadIn(tx, row, { name: options.name, identityProfile: options.identityProfile, userId: user.id });
    return row;
  });
  services.worker.wake();
  return updated;
}
