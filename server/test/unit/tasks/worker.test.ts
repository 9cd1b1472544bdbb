// Non-lead agent PATCH rules (spec 3.1.4 + finalize 3.1.7), one row per transition.
import { describe, expect, it } from 'vitest';
import type { TaskStatus, TaskView } from '../../../src/domain/tasks';
import {
  AS_W1,
  AS_W_OTHER,
  DEP_A,
  LEAD,
  NOW,
  STARTED,
  W1,
  W2,
  kinds,
  ok,
  refused,
  rules,
  taskIn,
  update,
} from './fixtures';

type Row = {
  name: string;
  from: TaskView;
  to: TaskStatus;
  expect: Partial<TaskView>;
  notifications: string[];
  wakes: string[];
};

const rows: Row[] = [
  {
    name: 'claims an unassigned inbox task by starting it',
    from: taskIn('inbox', null),
    to: 'in_progress',
    expect: { status: 'in_progress', assigned_agent_id: W1.id, in_progress_at: NOW },
    notifications: [],
    wakes: [],
  },
  {
    name: 'starts its own inbox task (woken once, status_in_progress)',
    from: taskIn('inbox', W1.id),
    to: 'in_progress',
    expect: { status: 'in_progress', assigned_agent_id: W1.id, in_progress_at: NOW },
    notifications: [],
    wakes: [`status_in_progress:${W1.id}`],
  },
  {
    name: 'hands its work to the lead for review',
    from: taskIn('in_progress', W1.id),
    to: 'review',
    expect: { status: 'review', assigned_agent_id: LEAD.id, in_progress_at: null, previous_in_progress_at: STARTED },
    notifications: [`ready_for_review:${LEAD.id}`],
    wakes: [`assignment:${LEAD.id}`],
  },
  {
    name: 'gives its task back to the inbox (lead told)',
    from: taskIn('in_progress', W1.id),
    to: 'inbox',
    expect: { status: 'inbox', assigned_agent_id: null, in_progress_at: null, previous_in_progress_at: STARTED },
    notifications: [`back_in_inbox:${LEAD.id}`],
    wakes: [],
  },
  {
    name: 'finishes its task straight to done (gates off)',
    from: taskIn('in_progress', W1.id),
    to: 'done',
    expect: { status: 'done', assigned_agent_id: W1.id, in_progress_at: null, previous_in_progress_at: STARTED, done_at: NOW },
    notifications: [],
    wakes: [],
  },
  {
    name: 'claims an unassigned inbox task straight to done',
    from: taskIn('inbox', null),
    to: 'done',
    expect: { status: 'done', assigned_agent_id: W1.id, done_at: NOW, previous_in_progress_at: null },
    notifications: [],
    wakes: [],
  },
  {
    name: 'reopens its done task into progress',
    from: taskIn('done', W1.id),
    to: 'in_progress',
    expect: { status: 'in_progress', assigned_agent_id: W1.id, in_progress_at: NOW, done_at: null, previous_in_progress_at: STARTED },
    notifications: [],
    wakes: [`status_in_progress:${W1.id}`],
  },
  {
    name: 'reopens its done task to the inbox',
    from: taskIn('done', W1.id),
    to: 'inbox',
    expect: { status: 'inbox', assigned_agent_id: null, done_at: null, previous_in_progress_at: STARTED },
    notifications: [`back_in_inbox:${LEAD.id}`],
    wakes: [],
  },
  {
    name: 'claims an unassigned review task (board without lead is tested separately)',
    from: taskIn('review', null),
    to: 'in_progress',
    expect: { status: 'in_progress', assigned_agent_id: W1.id, in_progress_at: NOW, previous_in_progress_at: STARTED },
    notifications: [],
    wakes: [],
  },
];

describe('worker transitions', () => {
  it.each(rows)('$name', (row) => {
    const plan = ok(update({ actor: AS_W1, task: row.from, change: { status: row.to, comment: 'done with step' } }));
    expect(plan.task).toMatchObject(row.expect);
    expect(kinds(plan)).toEqual(row.notifications);
    expect(plan.wakes.map((w) => `${w.reason}:${w.agent_id}`)).toEqual(row.wakes);
    expect(plan.changes.updated_at).toEqual(NOW);
    expect(plan.events.map((e) => e.event_type)).toEqual(['task.comment', 'task.status_changed']);
    expect(plan.events[1]).toMatchObject({ agent_id: W1.id, message: `Task moved to ${row.to}: Write the report.` });
  });

  it('sends review to nobody in particular when the board has no lead', () => {
    const plan = ok(update({ actor: AS_W1, agents: [W1, W2], task: taskIn('in_progress', W1.id), change: { status: 'review' } }));
    expect(plan.task.assigned_agent_id).toBeNull();
    expect(plan.notifications).toEqual([]);
  });

  it('treats a status equal to the current one as a no-op: nothing written, no event', () => {
    const plan = ok(update({ actor: AS_W1, task: taskIn('in_progress', W1.id), change: { status: 'in_progress' } }));
    expect(plan.changes).toEqual({});
    expect(plan.events).toEqual([]);
    expect(plan.wakes).toEqual([]);
  });

  it('comment-only PATCH on a review task keeps the assignment (pinned)', () => {
    const plan = ok(update({ actor: AS_W1, task: taskIn('review', LEAD.id), change: { comment: 'one more note' } }));
    expect(plan.changes).toEqual({});
    expect(plan.task.assigned_agent_id).toBe(LEAD.id);
    expect(plan.events.map((e) => e.event_type)).toEqual(['task.comment']);
  });

  it('may set custom field values on any task of its board', () => {
    const plan = ok(update({ actor: AS_W1, task: taskIn('in_progress', W2.id), change: { custom_field_values: { points: 3 } } }));
    expect(plan.custom_field_values).toEqual({ points: 3 });
    expect(plan.events.map((e) => e.event_type)).toEqual(['task.updated']);
  });
});

describe('worker refusals', () => {
  it('403 task_board_mismatch for an agent of another board (BR-18)', () => {
    refused(update({ actor: AS_W_OTHER, task: taskIn('inbox', null), change: { status: 'in_progress' } }), 403, {
      code: 'task_board_mismatch',
      message: 'Agent can only update tasks for their assigned board.',
    });
  });

  it.each(['inbox', 'in_progress', 'review', 'done'] as const)(
    '403 task_assignee_mismatch when moving someone else\'s task to %s',
    (to) => {
      refused(update({ actor: AS_W1, task: taskIn('in_progress', W2.id), change: { status: to } }), 403, {
        code: 'task_assignee_mismatch',
        message: 'Agents can only change status on tasks assigned to them.',
      });
    },
  );

  it.each([
    { title: 'renamed' },
    { description: 'x' },
    { priority: 'high' },
    { due_at: null },
    { assigned_agent_id: W1.id },
    { depends_on_task_ids: [] },
    { tag_ids: [] },
  ])('403 task_update_field_forbidden for %o', (change) => {
    refused(update({ actor: AS_W1, task: taskIn('in_progress', W1.id), change }), 403, {
      code: 'task_update_field_forbidden',
      message: 'Agents may only update status, comment, and custom field values.',
    });
  });

  it('only_lead_can_change_status: 403 on a change (BR-27 step 2)', () => {
    refused(
      update({ actor: AS_W1, board: { id: taskIn('inbox', null).board_id, rules: rules({ only_lead_can_change_status: true }) }, task: taskIn('inbox', null), change: { status: 'in_progress' } }),
      403,
      'Only board leads can change task status.',
    );
  });

  it('only_lead_can_change_status: a no-op status value is not refused (bug 20)', () => {
    const plan = ok(
      update({ actor: AS_W1, board: { id: taskIn('inbox', null).board_id, rules: rules({ only_lead_can_change_status: true }) }, task: taskIn('in_progress', W1.id), change: { status: 'in_progress', comment: 'still on it' } }),
    );
    expect(plan.changes).toEqual({});
  });

  it.each(['in_progress', 'review', 'done'] as const)('409 blocked when moving a blocked task to %s', (to) => {
    refused(
      update({ actor: AS_W1, task: taskIn('inbox', null), current_dependency_ids: [DEP_A], dependency_tasks: [{ id: DEP_A, status: 'in_progress' }], change: { status: to } }),
      409,
      { message: 'Task is blocked by incomplete dependencies.', code: 'task_blocked_cannot_transition', blocked_by_task_ids: [DEP_A] },
    );
  });

  it('may move a blocked task to the inbox', () => {
    const plan = ok(
      update({ actor: AS_W1, task: taskIn('in_progress', W1.id), current_dependency_ids: [DEP_A], dependency_tasks: [], change: { status: 'inbox' } }),
    );
    expect(plan.task.status).toBe('inbox');
    expect(plan.blocked_by_task_ids).toEqual([DEP_A]);
  });

  it('explicit null status is 422 "status is required"', () => {
    refused(update({ actor: AS_W1, task: taskIn('inbox', null), change: { status: null } }), 422, 'status is required');
  });
});
