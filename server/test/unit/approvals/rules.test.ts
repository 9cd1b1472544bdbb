// Approval rules (spec 3.5) with bug 8 fixed.
import { describe, expect, it } from 'vitest';
import {
  applyReasonRule,
  approvalCountsByTask,
  collectApprovalTaskIds,
  decideApprovalCreate,
  decideApprovalResolve,
  findPendingConflicts,
  isDoneApprovalSatisfied,
  type ApprovalCreateInput,
  type ApprovalLinks,
  type ApprovalResolveInput,
  type ApprovalView,
} from '../../../src/domain/approvals';
import { AGENTS, AS_LEAD, AS_W1, AS_W_OTHER, BOARD, LEAD, NOW, USER, ok, refused } from '../tasks/fixtures';

const T1 = '00000000-0000-4000-8000-000000000101';
const T2 = '00000000-0000-4000-8000-000000000102';
const T3 = '00000000-0000-4000-8000-000000000103';
const AP = '00000000-0000-4000-8000-000000000a01';
const AP2 = '00000000-0000-4000-8000-000000000a02';

function create(input: Partial<Omit<ApprovalCreateInput, 'request'>> & { request?: Partial<ApprovalCreateInput['request']> }) {
  const { request, ...rest } = input;
  return decideApprovalCreate({
    actor: AS_W1,
    board_id: BOARD,
    found_task_ids: [T1, T2, T3],
    pending_conflicts: [],
    now: NOW,
    ...rest,
    request: { action_type: 'task.complete', confidence: 80, payload: { reason: 'tests pass' }, task_id: T1, ...request },
  });
}

describe('create validation', () => {
  it.each([-0.1, 100.5, Number.NaN, Number.POSITIVE_INFINITY])('422 for confidence %s', (confidence) => {
    refused(create({ request: { confidence } }), 422);
  });
  it.each([0, 55.5, 100])('accepts confidence %s as given (float kept)', (confidence) => {
    expect(ok(create({ request: { confidence } })).row.confidence).toBe(confidence);
  });
  it('rubric scores must be integers', () => {
    refused(create({ request: { rubric_scores: { clarity: 1.5 } } }), 422);
    expect(ok(create({ request: { rubric_scores: { clarity: 4 } } })).row.rubric_scores).toEqual({ clarity: 4 });
  });
  it.each([
    { payload: { reason: 'r' }, lead: undefined, reason: 'r' },
    { payload: { decision: { reason: 'd' } }, lead: undefined, reason: undefined },
    { payload: {}, lead: 'because', reason: 'because' },
    { payload: null, lead: 'because', reason: 'because' },
    { payload: { reason: '  ' }, lead: 'fallback', reason: 'fallback' },
  ])('reason rule: $payload / $lead', ({ payload, lead, reason }) => {
    const r = ok(applyReasonRule(payload, lead));
    expect(r.payload.reason).toBe(reason);
  });
  it.each([
    { payload: {}, lead: null },
    { payload: { reason: '' }, lead: '   ' },
    { payload: { decision: 'yes' }, lead: undefined },
  ])('422 "lead reasoning is required" for $payload / $lead', ({ payload, lead }) => {
    refused(applyReasonRule(payload, lead), 422, 'lead reasoning is required');
  });
});

describe('create: authorship, status, task links (bug 8)', () => {
  it('the author is the calling agent, never the body', () => {
    const plan = ok(create({ actor: AS_W1, request: { agent_id: LEAD.id } }));
    expect(plan.row.agent_id).toBe(AS_W1.agent_id);
    expect(ok(create({ actor: USER, request: { agent_id: LEAD.id } })).row.agent_id).toBeNull();
  });
  it.each(['approved', 'rejected'] as const)('agents cannot create an already %s approval', (status) => {
    refused(create({ actor: AS_LEAD, request: { status } }), 403, 'Agents can only create pending approvals.');
  });
  it('a user may record an already resolved approval; it gets resolved_at', () => {
    const plan = ok(create({ actor: USER, request: { status: 'approved' } }));
    expect(plan.row).toMatchObject({ status: 'approved', resolved_at: NOW });
    expect(ok(create({})).row).toMatchObject({ status: 'pending', resolved_at: null });
  });
  it('403 for an agent of another board', () => {
    refused(create({ actor: AS_W_OTHER }), 403);
  });
  it('404 when a linked task is not on this board', () => {
    refused(create({ found_task_ids: [T1], request: { task_ids: [T2] } }), 404, {
      message: 'One or more tasks were not found on this board.', missing_task_ids: [T2],
    });
  });
  it('task ids merged in order: task_id, task_ids, payload lists, payload strings; non-UUIDs dropped', () => {
    const ids = collectApprovalTaskIds({
      task_id: T2,
      task_ids: [T1, T2],
      payload: { taskIds: [T3, 'nope', 7], task_id: T1, taskID: T3.toUpperCase() },
    });
    expect(ids).toEqual([T2, T1, T3]);
    const plan = ok(create({ request: { task_id: T2, task_ids: [T1] } }));
    expect(plan.task_ids).toEqual([T2, T1]);
    expect(plan.row.task_id).toBe(T2);
  });
  it('an approval may name no task', () => {
    const plan = ok(create({ request: { task_id: null } }));
    expect(plan.task_ids).toEqual([]);
    expect(plan.row.task_id).toBeNull();
  });
  it('409 with conflicts when a task already has a pending approval', () => {
    const conflicts = [{ task_id: T1, approval_id: AP }];
    refused(create({ pending_conflicts: conflicts }), 409, { message: 'Each task can have only one pending approval.', conflicts });
    ok(create({ actor: USER, pending_conflicts: conflicts, request: { status: 'rejected' } }));
  });
});

describe('conflicts and counts over links and legacy rows', () => {
  const rows: ApprovalLinks[] = [
    { id: AP, status: 'pending', task_id: T2, linked_task_ids: [T2, T1] },
    { id: AP2, status: 'approved', task_id: T3, linked_task_ids: [] }, // legacy single-task row
    { id: 'x', status: 'pending', task_id: T3, linked_task_ids: [] },
  ];
  it('finds pending conflicts sorted by task id, excluding one approval', () => {
    expect(findPendingConflicts([T3, T1], rows)).toEqual([{ task_id: T1, approval_id: AP }, { task_id: T3, approval_id: 'x' }]);
    expect(findPendingConflicts([T1], rows, AP)).toEqual([]);
  });
  it('counts total and pending per task', () => {
    const c = approvalCountsByTask(rows);
    expect(c.get(T1)).toEqual({ approvals_count: 1, approvals_pending_count: 1 });
    expect(c.get(T3)).toEqual({ approvals_count: 2, approvals_pending_count: 1 });
  });
  it('done requires a linked approved approval (link row or legacy task_id)', () => {
    expect(isDoneApprovalSatisfied(T3, rows)).toBe(true);
    expect(isDoneApprovalSatisfied(T1, rows)).toBe(false);
    expect(isDoneApprovalSatisfied(T1, [{ id: AP, status: 'approved', task_id: T2, linked_task_ids: [T2, T1] }])).toBe(true);
  });
});

describe('resolve', () => {
  const view = (over: Partial<ApprovalView> = {}): ApprovalView => ({
    id: AP, board_id: BOARD, action_type: 'task.complete', confidence: 80, status: 'pending', task_id: T1, task_ids: [T1, T2], resolved_at: null, ...over,
  });
  const resolve = (input: Partial<ApprovalResolveInput>) =>
    decideApprovalResolve({ actor: USER, approval: view(), request: { status: 'approved' }, pending_conflicts: [], agents: AGENTS, now: NOW, ...input });

  it.each(['approved', 'rejected'] as const)('pending → %s sets resolved_at and tells the lead', (status) => {
    const plan = ok(resolve({ request: { status } }));
    expect(plan.changes).toEqual({ status, resolved_at: NOW });
    expect(plan.notifications).toEqual([{
      kind: 'approval_resolved', agent_id: LEAD.id, board_id: BOARD, approval_id: AP, action_type: 'task.complete', decision: status,
      confidence: 80, task_id: T1, task_ids: [T1, T2], activity: { notified: 'approval.lead_notified', failed: 'approval.lead_notify_failed' },
    }]);
  });
  it('approved → rejected is a new decision: notified again', () => {
    const plan = ok(resolve({ approval: view({ status: 'approved', resolved_at: NOW }), request: { status: 'rejected' } }));
    expect(plan.notifications).toHaveLength(1);
  });
  it('re-sending the current status changes nothing and notifies nobody (idempotent)', () => {
    const plan = ok(resolve({ approval: view({ status: 'approved', resolved_at: NOW }), request: { status: 'approved' } }));
    expect(plan).toEqual({ ok: true, changes: {}, notifications: [] });
    expect(ok(resolve({ request: {} })).changes).toEqual({});
  });
  it('reopening clears resolved_at (bug 8) and checks conflicts other than itself', () => {
    const resolved = view({ status: 'rejected', resolved_at: NOW });
    expect(ok(resolve({ approval: resolved, request: { status: 'pending' } }))).toEqual({ ok: true, changes: { status: 'pending', resolved_at: null }, notifications: [] });
    ok(resolve({ approval: resolved, request: { status: 'pending' }, pending_conflicts: [{ task_id: T1, approval_id: AP }] }));
    refused(resolve({ approval: resolved, request: { status: 'pending' }, pending_conflicts: [{ task_id: T2, approval_id: AP2 }] }), 409, {
      message: 'Each task can have only one pending approval.', conflicts: [{ task_id: T2, approval_id: AP2 }],
    });
  });
  it('agents cannot resolve; explicit null status is 422', () => {
    refused(resolve({ actor: AS_LEAD }), 403, 'Only users can resolve approvals.');
    refused(resolve({ request: { status: null } }), 422, 'status is required');
  });
  it('no lead on the board: resolved without a notification', () => {
    expect(ok(resolve({ agents: [] })).notifications).toEqual([]);
  });
  it('a legacy approval without links reports its task_id', () => {
    expect(ok(resolve({ approval: view({ task_ids: [] }) })).notifications[0].task_ids).toEqual([T1]);
  });
});
