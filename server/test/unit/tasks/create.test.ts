// Task creation by users and leads (spec 3.1.1, 3.1.2), with bug 9 fixed.
import { describe, expect, it } from 'vitest';
import { decideTaskCreate, type TaskCreateInput } from '../../../src/domain/tasks';
import {
  AGENTS,
  AS_LEAD,
  AS_LEAD_OTHER,
  BOARD,
  DEP_A,
  DEP_B,
  LEAD,
  NOW,
  OPEN,
  USER,
  W1,
  W2,
  W_OTHER,
  ok,
  refused,
  rules,
} from './fixtures';

const NEW = '00000000-0000-4000-8000-00000000000e';

function create(input: Partial<TaskCreateInput> & Pick<TaskCreateInput, 'request'>) {
  return decideTaskCreate({
    actor: USER,
    board: { id: BOARD, rules: OPEN },
    task_id: NEW,
    agents: AGENTS,
    dependency_tasks: [],
    now: NOW,
    ...input,
  });
}

const BLOCKED = { message: 'Task is blocked by incomplete dependencies.', code: 'task_blocked_cannot_transition', blocked_by_task_ids: [DEP_A] };

describe('user create', () => {
  it('creates an inbox task: defaults, created_by the caller, lead told', () => {
    const plan = ok(create({ request: { title: 'T' } }));
    expect(plan.row).toEqual({
      id: NEW, board_id: BOARD, title: 'T', description: null, status: 'inbox', priority: 'medium', due_at: null,
      assigned_agent_id: null, in_progress_at: null, previous_in_progress_at: null, done_at: null,
      created_by_user_id: USER.user_id, auto_created: false, auto_reason: null, created_at: NOW, updated_at: NOW,
    });
    expect(plan.events).toEqual([{ event_type: 'task.created', message: 'Task created: T.', agent_id: null, task_id: NEW, board_id: BOARD }]);
    expect(plan.notifications.map((n) => `${n.kind}:${n.agent_id}`)).toEqual([`new_task:${LEAD.id}`]);
    expect(plan.notifications[0].activity).toEqual({ notified: 'task.lead_notified', failed: 'task.lead_notify_failed' });
  });

  it('an assignee is told and woken; the lead still hears about the new task', () => {
    const plan = ok(create({ request: { title: 'T', assigned_agent_id: W1.id } }));
    expect(plan.notifications.map((n) => `${n.kind}:${n.agent_id}`)).toEqual([`new_task:${LEAD.id}`, `task_assigned:${W1.id}`]);
    expect(plan.wakes).toEqual([{ agent_id: W1.id, reason: 'assignment' }]);
  });

  it('created in progress gets in_progress_at (bug 9)', () => {
    expect(ok(create({ request: { title: 'T', status: 'in_progress', assigned_agent_id: W1.id } })).row.in_progress_at).toEqual(NOW);
  });

  it('the assignee is validated: 404 unknown, 409 other board (bug 9)', () => {
    refused(create({ request: { title: 'T', assigned_agent_id: '00000000-0000-4000-8000-000000000999' } }), 404);
    refused(create({ request: { title: 'T', assigned_agent_id: W_OTHER.id } }), 409);
  });

  it('cannot be created done while the approval gate is on (bug 9)', () => {
    refused(create({ board: { id: BOARD, rules: rules() }, request: { title: 'T', status: 'done' } }), 409, {
      message: 'Task can only be marked done when a linked approval has been approved.', blocked_by_task_ids: [],
    });
  });

  it('cannot be created done when review-before-done is on (bug 9)', () => {
    refused(create({ board: { id: BOARD, rules: rules({ require_approval_for_done: false, require_review_before_done: true }) }, request: { title: 'T', status: 'done' } }), 409, {
      message: 'Task can only be marked done from review when the board rule is enabled.', blocked_by_task_ids: [],
    });
  });

  it('created done with the gates off gets done_at', () => {
    expect(ok(create({ request: { title: 'T', status: 'done' } })).row.done_at).toEqual(NOW);
  });

  it('created in review goes to the lead; refused when a review comment is required', () => {
    const plan = ok(create({ request: { title: 'T', status: 'review', assigned_agent_id: W2.id } }));
    expect(plan.row.assigned_agent_id).toBe(LEAD.id);
    expect(plan.notifications.map((n) => `${n.kind}:${n.agent_id}`)).toEqual([`ready_for_review:${LEAD.id}`]);
    refused(create({ board: { id: BOARD, rules: rules({ comment_required_for_review: true }) }, request: { title: 'T', status: 'review' } }), 422, 'Comment is required.');
  });

  it('dependencies: de-duplicated; 404 when missing; blocked → 409 only if assigned or not inbox', () => {
    const deps = [{ id: DEP_A, status: 'inbox' as const }, { id: DEP_B, status: 'done' as const }];
    const plan = ok(create({ dependency_tasks: deps, request: { title: 'T', depends_on_task_ids: [DEP_A, DEP_B, DEP_A] } }));
    expect(plan.dependency_ids).toEqual([DEP_A, DEP_B]);
    expect(plan.blocked_by_task_ids).toEqual([DEP_A]);
    refused(create({ dependency_tasks: [deps[1]], request: { title: 'T', depends_on_task_ids: [DEP_A] } }), 404, {
      message: 'One or more dependency tasks were not found on this board.', missing_task_ids: [DEP_A],
    });
    refused(create({ dependency_tasks: deps, request: { title: 'T', depends_on_task_ids: [DEP_A], assigned_agent_id: W1.id } }), 409, BLOCKED);
    refused(create({ dependency_tasks: deps, request: { title: 'T', depends_on_task_ids: [DEP_A], status: 'in_progress' } }), 409, BLOCKED);
    ok(create({ dependency_tasks: deps, request: { title: 'T', depends_on_task_ids: [DEP_B], status: 'in_progress' } }));
  });

  it('tags: 404 on unknown ids', () => {
    const g = '00000000-0000-4000-8000-0000000000a1';
    refused(create({ request: { title: 'T', tag_ids: [g] }, existing_tag_ids: [] }), 404, { message: 'One or more tags do not exist in this organization.', missing_tag_ids: [g] });
    expect(ok(create({ request: { title: 'T', tag_ids: [g, g] }, existing_tag_ids: [g] })).tag_ids).toEqual([g]);
  });
});

describe('lead create', () => {
  it('marks the task auto-created by this lead, records the lead as actor, tells no lead', () => {
    const plan = ok(create({ actor: AS_LEAD, request: { title: 'T' } }));
    expect(plan.row).toMatchObject({ auto_created: true, auto_reason: `lead_agent:${LEAD.id}`, created_by_user_id: null });
    expect(plan.events).toEqual([{ event_type: 'task.created', message: 'Task created by lead: T.', agent_id: LEAD.id, task_id: NEW, board_id: BOARD }]);
    expect(plan.notifications).toEqual([]);
  });

  it('assign-and-start on create: assignee told and woken, in_progress_at set', () => {
    const plan = ok(create({ actor: AS_LEAD, request: { title: 'T', status: 'in_progress', assigned_agent_id: W1.id } }));
    expect(plan.row.in_progress_at).toEqual(NOW);
    expect(plan.notifications.map((n) => `${n.kind}:${n.agent_id}`)).toEqual([`task_assigned:${W1.id}`]);
    expect(plan.wakes).toEqual([{ agent_id: W1.id, reason: 'assignment' }]);
  });

  it.each(['review', 'done'] as const)('403 for a lead creating a task in %s', (status) => {
    const e = refused(create({ actor: AS_LEAD, request: { title: 'T', status, assigned_agent_id: W1.id } }), 403);
    expect(e.detail).toMatch(/^Lead status gate failed/);
  });

  it('403 for in_progress without an assignee, and for self-assignment', () => {
    refused(create({ actor: AS_LEAD, request: { title: 'T', status: 'in_progress' } }), 403);
    refused(create({ actor: AS_LEAD, request: { title: 'T', assigned_agent_id: LEAD.id } }), 403, 'Board leads cannot assign tasks to themselves.');
  });

  it('the blocked error carries the code too (unlike the reference)', () => {
    refused(create({ actor: AS_LEAD, dependency_tasks: [{ id: DEP_A, status: 'review' }], request: { title: 'T', depends_on_task_ids: [DEP_A], assigned_agent_id: W1.id } }), 409, BLOCKED);
  });

  it('403 for the lead of another board', () => {
    refused(create({ actor: AS_LEAD_OTHER, request: { title: 'T' } }), 403);
  });
});
