// Approval rules (spec 3.5, bug 8) as pure decisions.
// Fixes against the reference: linked task ids must exist on the approval's board (404); the
// author is the calling agent, never a body field; agents may only create pending approvals;
// an approval created already resolved gets resolved_at; reopening clears resolved_at; and
// re-sending the current status changes nothing and notifies nobody.
import { singleLine } from '../prompting/external-data';
import type { Actor, AgentRef, ApprovalStatus, RuleError } from '../tasks/types';
import { collectApprovalTaskIds, type PendingConflict } from './task-links';

export const APPROVAL_MSG = {
  reasonRequired: 'lead reasoning is required',
  confidenceRange: 'confidence must be a number between 0 and 100',
  rubricScores: 'rubric_scores values must be integers',
  agentsPendingOnly: 'Agents can only create pending approvals.',
  agentBoard: 'Agents can only create approvals on their own board.',
  usersOnlyResolve: 'Only users can resolve approvals.',
  statusRequired: 'status is required',
  missingTasks: 'One or more tasks were not found on this board.',
  onePending: 'Each task can have only one pending approval.',
} as const;

export interface ApprovalCreateRequest {
  action_type: string;
  task_id?: string | null;
  task_ids?: string[];
  payload?: Record<string, unknown> | null;
  confidence: number;
  rubric_scores?: Record<string, number> | null;
  status?: ApprovalStatus;
  lead_reasoning?: string | null;
  /** Accepted for compatibility and ignored: the author is the authenticated agent. */
  agent_id?: string | null;
}

function refuse(status: RuleError['status'], detail: RuleError['detail']): RuleError {
  return { ok: false, status, detail };
}

function nonBlank(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/**
 * The reason rule: the payload must carry a non-blank `reason` or `decision.reason`; otherwise a
 * non-blank `lead_reasoning` is copied into `payload.reason`; otherwise 422.
 */
export function applyReasonRule(
  payload: Record<string, unknown> | null | undefined,
  leadReasoning: string | null | undefined,
): { ok: true; payload: Record<string, unknown> } | RuleError {
  const p = { ...(payload ?? {}) };
  const decision = p.decision;
  const decisionReason =
    decision !== null && typeof decision === 'object' && !Array.isArray(decision)
      ? (decision as Record<string, unknown>).reason
      : undefined;
  if (nonBlank(p.reason) || nonBlank(decisionReason)) return { ok: true, payload: p };
  if (nonBlank(leadReasoning)) return { ok: true, payload: { ...p, reason: leadReasoning } };
  return refuse(422, APPROVAL_MSG.reasonRequired);
}

export function conflictError(conflicts: readonly PendingConflict[]): RuleError {
  return refuse(409, { message: APPROVAL_MSG.onePending, conflicts: [...conflicts] });
}

export interface ApprovalRow {
  board_id: string;
  task_id: string | null;
  agent_id: string | null;
  action_type: string;
  payload: Record<string, unknown>;
  confidence: number;
  rubric_scores: Record<string, number> | null;
  status: ApprovalStatus;
  created_at: Date;
  resolved_at: Date | null;
}

export interface ApprovalCreatePlan {
  ok: true;
  row: ApprovalRow;
  /** Link rows to insert, in order (the first is also `row.task_id`). */
  task_ids: string[];
}

export interface ApprovalCreateInput {
  actor: Actor;
  board_id: string;
  request: ApprovalCreateRequest;
  /** Of collectApprovalTaskIds(request), the ids of tasks that exist on this board. */
  found_task_ids: readonly string[];
  /** Pending approvals already covering those tasks (findPendingConflicts, under row locks). */
  pending_conflicts: readonly PendingConflict[];
  now: Date;
}

export function decideApprovalCreate(input: ApprovalCreateInput): ApprovalCreatePlan | RuleError {
  const { actor, request, now } = input;
  const c = request.confidence;
  if (typeof c !== 'number' || !Number.isFinite(c) || c < 0 || c > 100) {
    return refuse(422, APPROVAL_MSG.confidenceRange);
  }
  const rubric = request.rubric_scores ?? null;
  if (rubric !== null && Object.values(rubric).some((v) => !Number.isInteger(v))) {
    return refuse(422, APPROVAL_MSG.rubricScores);
  }
  const reason = applyReasonRule(request.payload, request.lead_reasoning);
  if (!reason.ok) return reason;

  const status: ApprovalStatus = request.status ?? 'pending';
  if (actor.kind !== 'user') {
    if (actor.board_id !== input.board_id) return refuse(403, APPROVAL_MSG.agentBoard);
    if (status !== 'pending') return refuse(403, APPROVAL_MSG.agentsPendingOnly);
  }

  const taskIds = collectApprovalTaskIds(request);
  const found = new Set(input.found_task_ids.map((id) => id.toLowerCase()));
  const missing = taskIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    return refuse(404, { message: APPROVAL_MSG.missingTasks, missing_task_ids: missing });
  }
  if (status === 'pending' && input.pending_conflicts.length > 0) {
    return conflictError(input.pending_conflicts);
  }

  return {
    ok: true,
    task_ids: taskIds,
    row: {
      board_id: input.board_id,
      task_id: taskIds[0] ?? null,
      agent_id: actor.kind === 'user' ? null : actor.agent_id,
      action_type: request.action_type,
      payload: reason.payload,
      confidence: c,
      rubric_scores: rubric,
      status,
      created_at: now,
      resolved_at: status === 'pending' ? null : now,
    },
  };
}

/** "APPROVAL RESOLVED" to the board lead; delivery records approval.lead_notified / _failed. */
export interface ApprovalNotification {
  kind: 'approval_resolved';
  agent_id: string;
  board_id: string;
  approval_id: string;
  action_type: string;
  decision: 'approved' | 'rejected';
  confidence: number;
  /** approval.task_id: the task the activity event is recorded against. */
  task_id: string | null;
  task_ids: string[];
  activity: { notified: 'approval.lead_notified'; failed: 'approval.lead_notify_failed' };
}

export interface ApprovalView {
  id: string;
  board_id: string;
  action_type: string;
  confidence: number;
  status: ApprovalStatus;
  task_id: string | null;
  task_ids: readonly string[];
  resolved_at: Date | null;
}

export interface ApprovalResolveInput {
  actor: Actor;
  approval: ApprovalView;
  /** The PATCH body: absent status = nothing to do; explicit null = 422. */
  request: { status?: ApprovalStatus | null };
  /** For a reopen to pending: other pending approvals covering its tasks. */
  pending_conflicts: readonly PendingConflict[];
  /** The board's agents (the lead receives the resolution). */
  agents: readonly AgentRef[];
  now: Date;
}

export interface ApprovalResolvePlan {
  ok: true;
  /** Columns to write; empty when nothing changes (idempotent re-resolve). */
  changes: { status?: ApprovalStatus; resolved_at?: Date | null };
  notifications: ApprovalNotification[];
}

export function decideApprovalResolve(input: ApprovalResolveInput): ApprovalResolvePlan | RuleError {
  const { actor, approval, request, now } = input;
  if (actor.kind !== 'user') return refuse(403, APPROVAL_MSG.usersOnlyResolve);
  if (request.status === null) return refuse(422, APPROVAL_MSG.statusRequired);
  const target = request.status;
  if (target === undefined || target === approval.status) {
    return { ok: true, changes: {}, notifications: [] };
  }
  if (target === 'pending') {
    if (input.pending_conflicts.some((c) => c.approval_id !== approval.id)) {
      return conflictError(input.pending_conflicts.filter((c) => c.approval_id !== approval.id));
    }
    return { ok: true, changes: { status: 'pending', resolved_at: null }, notifications: [] };
  }
  const lead = input.agents.find((a) => a.is_board_lead && a.board_id === approval.board_id);
  const notifications: ApprovalNotification[] = lead
    ? [
        {
          kind: 'approval_resolved',
          agent_id: lead.id,
          board_id: approval.board_id,
          approval_id: approval.id,
          action_type: approval.action_type,
          decision: target,
          confidence: approval.confidence,
          task_id: approval.task_id,
          task_ids: approval.task_ids.length > 0 ? [...approval.task_ids] : approval.task_id ? [approval.task_id] : [],
          activity: { notified: 'approval.lead_notified', failed: 'approval.lead_notify_failed' },
        },
      ]
    : [];
  return { ok: true, changes: { status: target, resolved_at: now }, notifications };
}

/** The "APPROVAL RESOLVED" text for the board lead. */
export function renderApprovalResolved(n: ApprovalNotification, ctx: { board_name: string }): string {
  const tasks = n.task_ids.length > 1 ? `Task IDs: ${n.task_ids.join(', ')}` : `Task ID: ${n.task_ids[0] ?? 'none'}`;
  return [
    'APPROVAL RESOLVED',
    `Board: ${singleLine(ctx.board_name)}`,
    `Approval ID: ${n.approval_id}`,
    `Action: ${singleLine(n.action_type)}`,
    `Decision: ${n.decision}`,
    `Confidence: ${n.confidence}`,
    tasks,
    '',
    n.decision === 'approved'
      ? 'Take action: continue the work; the approval gate is now satisfied for the linked task(s).'
      : 'Take action: do not proceed with this action; adjust the plan and continue.',
  ].join('\n');
}
