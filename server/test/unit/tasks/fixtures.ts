// Shared fixtures for the task rule tables: one board with a lead and two workers, a second
// board, and helpers that fill in the inputs a case does not care about.
import { expect } from 'vitest';
import {
  DEFAULT_BOARD_RULES,
  decideTaskUpdate,
  type LeadActor,
  type UserActor,
  type WorkerActor,
  type AgentRef,
  type BoardRules,
  type RuleError,
  type TaskUpdateInput,
  type TaskUpdatePlan,
  type TaskView,
} from '../../../src/domain/tasks';

export const BOARD = '00000000-0000-4000-8000-0000000000b1';
export const OTHER_BOARD = '00000000-0000-4000-8000-0000000000b2';
export const TASK = '00000000-0000-4000-8000-00000000000a';
export const DEP_A = '00000000-0000-4000-8000-0000000000d1';
export const DEP_B = '00000000-0000-4000-8000-0000000000d2';

export const LEAD: AgentRef = { id: '00000000-0000-4000-8000-0000000001ea', name: 'Lena Lead', board_id: BOARD, is_board_lead: true };
export const W1: AgentRef = { id: '00000000-0000-4000-8000-0000000000f1', name: 'Alex', board_id: BOARD, is_board_lead: false };
export const W2: AgentRef = { id: '00000000-0000-4000-8000-0000000000f2', name: 'bob-2', board_id: BOARD, is_board_lead: false };
export const W_OTHER: AgentRef = { id: '00000000-0000-4000-8000-0000000000f3', name: 'Olga', board_id: OTHER_BOARD, is_board_lead: false };
export const LEAD_OTHER: AgentRef = { id: '00000000-0000-4000-8000-0000000002ea', name: 'Otto', board_id: OTHER_BOARD, is_board_lead: true };
export const AGENTS: AgentRef[] = [LEAD, W1, W2, W_OTHER];

export const USER: UserActor = { kind: 'user', user_id: '00000000-0000-4000-8000-0000000000c1' };
export const AS_LEAD: LeadActor = { kind: 'lead', agent_id: LEAD.id, board_id: BOARD, name: LEAD.name };
export const AS_W1: WorkerActor = { kind: 'worker', agent_id: W1.id, board_id: BOARD, name: W1.name };
export const AS_W2: WorkerActor = { kind: 'worker', agent_id: W2.id, board_id: BOARD, name: W2.name };
export const AS_W_OTHER: WorkerActor = { kind: 'worker', agent_id: W_OTHER.id, board_id: OTHER_BOARD, name: W_OTHER.name };
export const AS_LEAD_OTHER: LeadActor = { kind: 'lead', agent_id: LEAD_OTHER.id, board_id: OTHER_BOARD, name: LEAD_OTHER.name };

export const STARTED = new Date('2026-01-01T09:00:00Z');
export const EARLIER = new Date('2025-12-31T09:00:00Z');
export const NOW = new Date('2026-01-01T12:00:00Z');

export function rules(overrides: Partial<BoardRules> = {}): BoardRules {
  return { ...DEFAULT_BOARD_RULES, ...overrides };
}

/** No gate enabled: isolates the transition rules from the board gates. */
export const OPEN = rules({ require_approval_for_done: false });

export function task(overrides: Partial<TaskView> = {}): TaskView {
  return {
    id: TASK,
    board_id: BOARD,
    title: 'Write the report',
    description: null,
    status: 'inbox',
    priority: 'medium',
    due_at: null,
    assigned_agent_id: null,
    in_progress_at: null,
    previous_in_progress_at: null,
    done_at: null,
    auto_created: false,
    auto_reason: null,
    ...overrides,
  };
}

/** A task in the given status with consistent bookkeeping. */
export function taskIn(status: TaskView['status'], assignee: string | null, extra: Partial<TaskView> = {}): TaskView {
  return task({
    status,
    assigned_agent_id: assignee,
    in_progress_at: status === 'in_progress' ? STARTED : null,
    previous_in_progress_at: status === 'review' || status === 'done' ? STARTED : null,
    done_at: status === 'done' ? STARTED : null,
    ...extra,
  });
}

export function update(input: Partial<TaskUpdateInput> & Pick<TaskUpdateInput, 'actor' | 'change'>) {
  return decideTaskUpdate({
    board: { id: BOARD, rules: OPEN },
    task: task(),
    agents: AGENTS,
    current_dependency_ids: [],
    dependency_tasks: [],
    approvals: [],
    now: NOW,
    ...input,
  });
}

export function ok<T extends { ok: true }>(r: T | RuleError): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.status} ${JSON.stringify(r.detail)}`);
  return r;
}

export function refused(r: { ok: true } | RuleError, status: number, detail?: unknown): RuleError {
  expect(r.ok).toBe(false);
  const e = r as RuleError;
  expect(e.status).toBe(status);
  if (detail !== undefined) expect(e.detail).toEqual(detail);
  return e;
}

export function kinds(plan: TaskUpdatePlan): string[] {
  return plan.notifications.map((n) => `${n.kind}:${n.agent_id}`);
}
