import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { agents, boards, gateways, type Agent, type Board } from '../../db/schema';
import { HttpError } from '../../http/errors';
import type { Services } from '../../services';
import { DEFAULT_HEARTBEAT, sessionKeyOf } from './gateway-identity';
import { requestLifecycle } from './lifecycle-jobs';
import { normalizeIdentityProfile } from './rules';

export const DEFAULT_LEAD_NAME = 'Lead Agent';
export const LEAD_IDENTITY = { role: 'Board Lead', communication_style: 'direct, concise, practical', emoji: ':gear:' };

export interface EnsureLeadOptions {
  /** The lead's name (from onboarding); without it a new lead is "Lead Agent" and an existing one keeps its name. */
  name?: string | null;
  /** Identity choices merged over the lead defaults (new leads only). */
  identityProfile?: Record<string, unknown> | null;
  /** Whose profile USER.md describes; else the organization's oldest owner. */
  userId?: string | null;
}

export interface EnsuredLead {
  lead: Agent;
  created: boolean;
}

/** The lead identity: the defaults with the caller's (normalized) choices on top. */
export function leadIdentity(profile: Record<string, unknown> | null | undefined): Record<string, string> {
  return { ...LEAD_IDENTITY, ...(normalizeIdentityProfile(profile) ?? {}) };
}

/**
 * Makes sure the board has its lead, in the caller's transaction. The board row is locked, so
 * concurrent callers (onboarding confirm, gateway-main messages) find one lead, never create two.
 * An existing lead is re-aligned to the board's gateway and its deterministic session key (and to
 * the given name); a change of gateway or name asks for an update run. A new lead is inserted and
 * its provisioning (with wake-up) requested as a durable job: call `services.worker.wake()` after
 * the commit, or use `ensureBoardLead`.
 */
export async function ensureBoardLeadIn(tx: Queryable, board: Pick<Board, 'id'>, options: EnsureLeadOptions = {}): Promise<EnsuredLead> {
  const [locked] = await tx.select().from(boards).where(eq(boards.id, board.id)).for('update');
  if (!locked) throw new HttpError(404, 'Board not found');
  if (!locked.gatewayId) throw new HttpError(422, 'Board gateway_id is required');
  const [gateway] = await tx.select().from(gateways).where(eq(gateways.id, locked.gatewayId));
  if (!gateway) throw new HttpError(422, 'Board gateway_id is invalid');
  const name = options.name?.trim() || null;

  const [existing] = await tx.select().from(agents).where(and(eq(agents.boardId, locked.id), eq(agents.isBoardLead, true)));
  if (existing) {
    const aligned = { gatewayId: gateway.id, name: name ?? existing.name, openclawSessionId: sessionKeyOf({ ...existing, gatewayId: gateway.id }) };
    const changed = aligned.gatewayId !== existing.gatewayId || aligned.name !== existing.name || aligned.openclawSessionId !== existing.openclawSessionId;
    if (!changed) return { lead: existing, created: false };
    const [updated] = await tx.update(agents).set(aligned).where(eq(agents.id, existing.id)).returning();
    const lead = await requestLifecycle(tx, updated, gateway.organizationId, { action: 'update', wake: false, resetSession: false, userId: options.userId ?? null });
    return { lead, created: false };
  }

  const [inserted] = await tx
    .insert(agents)
    .values({
      boardId: locked.id,
      gatewayId: gateway.id,
      name: name ?? DEFAULT_LEAD_NAME,
      isBoardLead: true,
      heartbeatConfig: { ...DEFAULT_HEARTBEAT },
      identityProfile: leadIdentity(options.identityProfile),
      openclawSessionId: sessionKeyOf({ id: '', boardId: locked.id, isBoardLead: true, gatewayId: gateway.id }),
    })
    .returning();
  const lead = await requestLifecycle(tx, inserted, gateway.organizationId, { action: 'provision', wake: true, resetSession: true, userId: options.userId ?? null });
  return { lead, created: true };
}

/** `ensureBoardLeadIn` in its own transaction; wakes the worker when a lifecycle run was requested. */
export async function ensureBoardLead(services: Services, board: Pick<Board, 'id'>, options: EnsureLeadOptions = {}): Promise<EnsuredLead> {
  const result = await services.db.transaction((tx) => ensureBoardLeadIn(tx, board, options));
  if (result.created || result.lead.provisionAction) services.worker.wake();
  return result;
}
