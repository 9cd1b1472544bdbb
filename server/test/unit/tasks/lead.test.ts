// Board lead PATCH rules (spec 3.1.6) with our fixes for bugs 10, 25 and 28.
import { describe, expect, it } from 'vitest';
import type { TaskChangeRequest, TaskStatus, TaskView } from '../../../src/domain/tasks';
import {
  AS_LEAD,
  AS_LEAD_OTHER,
  DEP_A,
  LEAD,
  NOW,
  STARTED,
  W1,
  W2,
  W_OTHER,
  kinds,
  ok,
  refused,
  taskIn,
  update,
} from './fixtures';

const leadComment = (message: string, minutes: number) => ({
  agent_id: LEAD.id,
  message,
  created_at: new Date(STARTED.getTime() + minutes * 60_000),
});

describe('lead status matrix: allowed', () => {
  it('assign-and-start sets in_progress_at and wakes the assignee exactly once (bug 10, BR-27)', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('inbox', null), change: { assigned_agent_id: W1.id, status: 'in_progress' } }));
    expect(plan.task).toMatchObject({ status: 'in_progress', assigned_agent_id: W1.id, in_progress_at: NOW });
    expect(kinds(plan)).toEqual([`task_assigned:${W1.id}`]);
    expect(plan.wakes).toEqual([{ agent_id: W1.id, reason: 'assignment' }]);
    expect(plan.events).toEqual([
      { event_type: 'task.status_changed', message: 'Task moved to in_progress: Write the report.', agent_id: LEAD.id, task_id: plan.task.id, board_id: plan.task.board_id },
    ]);
  });

  it('assign-and-start also works when the task already names that assignee', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('inbox', W1.id), change: { assigned_agent_id: W1.id, status: 'in_progress' } }));
    expect(plan.task.in_progress_at).toEqual(NOW);
    expect(plan.notifications).toEqual([]);
    expect(plan.wakes).toEqual([{ agent_id: W1.id, reason: 'status_in_progress' }]);
  });

  it('review → done (gates off): done_at set, previous_in_progress_at kept', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('review', LEAD.id), change: { status: 'done' } }));
    expect(plan.task).toMatchObject({ status: 'done', assigned_agent_id: LEAD.id, done_at: NOW, previous_in_progress_at: STARTED });
    expect(plan.notifications).toEqual([]);
  });

  it('review → inbox sends the task back to the last worker with the lead\'s latest comment', () => {
    const plan = ok(
      update({
        actor: AS_LEAD,
        task: taskIn('review', LEAD.id),
        change: { status: 'inbox' },
        last_review_submitter_id: W1.id,
        comments: [leadComment('first thought', 1), { agent_id: W1.id, message: 'ready', created_at: NOW }, leadComment('Fix the totals.', 5)],
      }),
    );
    expect(plan.task).toMatchObject({ status: 'inbox', assigned_agent_id: W1.id, in_progress_at: null, previous_in_progress_at: STARTED });
    expect(plan.notifications).toHaveLength(1);
    expect(plan.notifications[0]).toMatchObject({
      kind: 'changes_requested',
      agent_id: W1.id,
      feedback: 'Fix the totals.',
      activity: { notified: 'task.rework_notified', failed: 'task.rework_notify_failed' },
    });
    expect(plan.wakes).toEqual([]);
  });

  it('review → inbox without a known worker leaves the task unassigned and messages nobody', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('review', LEAD.id), change: { status: 'inbox' } }));
    expect(plan.task.assigned_agent_id).toBeNull();
    expect(plan.notifications).toEqual([]);
  });

  it.each([
    { name: 'a lead', id: LEAD.id },
    { name: 'an agent of another board', id: W_OTHER.id },
    { name: 'an unknown agent', id: '00000000-0000-4000-8000-000000000999' },
  ])('review → inbox ignores a recorded submitter that is $name', ({ id }) => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('review', LEAD.id), change: { status: 'inbox' }, last_review_submitter_id: id }));
    expect(plan.task.assigned_agent_id).toBeNull();
  });

  it('review → inbox with an explicit assignee sends the rework to that agent', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('review', LEAD.id), change: { status: 'inbox', assigned_agent_id: W2.id }, last_review_submitter_id: W1.id }));
    expect(plan.task.assigned_agent_id).toBe(W2.id);
    expect(kinds(plan)).toEqual([`changes_requested:${W2.id}`]);
    expect(plan.notifications[0].feedback).toBeNull();
  });

  it('in_progress → review takes the task into the lead\'s review (bug 28)', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('in_progress', W1.id), change: { status: 'review' } }));
    expect(plan.task).toMatchObject({ status: 'review', assigned_agent_id: LEAD.id, in_progress_at: null, previous_in_progress_at: STARTED });
    expect(plan.notifications).toEqual([]);
  });

  it('reassigns without a status change and notifies + wakes the new assignee', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('in_progress', W1.id), change: { assigned_agent_id: W2.id } }));
    expect(plan.task).toMatchObject({ status: 'in_progress', assigned_agent_id: W2.id, in_progress_at: STARTED });
    expect(kinds(plan)).toEqual([`task_assigned:${W2.id}`]);
    expect(plan.wakes).toEqual([{ agent_id: W2.id, reason: 'assignment' }]);
    expect(plan.events.map((e) => e.event_type)).toEqual(['task.updated']);
  });

  it('review → done while naming an assignee sends no work message', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('review', LEAD.id), change: { status: 'done', assigned_agent_id: W1.id } }));
    expect(plan.task).toMatchObject({ status: 'done', assigned_agent_id: W1.id });
    expect(plan.notifications).toEqual([]);
    expect(plan.wakes).toEqual([]);
  });

  it('unassigns with an explicit null', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('inbox', W1.id), change: { assigned_agent_id: null } }));
    expect(plan.task.assigned_agent_id).toBeNull();
    expect(plan.notifications).toEqual([]);
  });

  it('a status equal to the current one is a no-op, not a 403', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('in_progress', W1.id), change: { status: 'in_progress' } }));
    expect(plan.changes).toEqual({});
  });
});

describe('lead status matrix: refused', () => {
  const refusedRows: { from: TaskStatus; change: TaskChangeRequest; message: RegExp }[] = [
    { from: 'inbox', change: { status: 'in_progress' }, message: /^Lead status gate failed: .*\(current: `inbox`\)\.$/ },
    { from: 'inbox', change: { status: 'review' }, message: /^Lead status gate failed/ },
    { from: 'inbox', change: { status: 'done' }, message: /^Lead status gate failed/ },
    { from: 'in_progress', change: { status: 'done' }, message: /\(current: `in_progress`\)/ },
    { from: 'in_progress', change: { status: 'inbox' }, message: /^Lead status gate failed/ },
    { from: 'done', change: { status: 'inbox' }, message: /\(current: `done`\)/ },
    { from: 'done', change: { status: 'review' }, message: /^Lead status gate failed/ },
    { from: 'review', change: { status: 'in_progress' }, message: /^Lead status target gate failed: .*\(requested: `in_progress`\)\.$/ },
    { from: 'review', change: { status: 'in_progress', assigned_agent_id: W1.id }, message: /^Lead status target gate failed/ },
  ];
  it.each(refusedRows)('403 for $from with $change', ({ from, change, message }) => {
    const e = refused(update({ actor: AS_LEAD, task: taskIn(from, from === 'inbox' ? null : W1.id), change }), 403);
    expect(e.detail).toMatch(message);
  });

  it('403 for a comment in PATCH', () => {
    refused(update({ actor: AS_LEAD, task: taskIn('review', LEAD.id), change: { comment: 'looks good' } }), 403,
      'Lead comment gate failed: board leads cannot include `comment` in task PATCH. Use the task comments endpoint instead.');
  });

  it('a blank comment counts as absent', () => {
    ok(update({ actor: AS_LEAD, task: taskIn('review', LEAD.id), change: { comment: '   ', status: 'done' } }));
  });

  it('403 with the sorted list of unsupported fields', () => {
    refused(update({ actor: AS_LEAD, change: { title: 'x', priority: 'high', status: 'inbox' } }), 403,
      'Lead field gate failed: unsupported fields for board leads: priority, title. Allowed fields: assigned_agent_id, custom_field_values, depends_on_task_ids, status, tag_ids.');
  });

  it('403 self-assignment (BR-27 step 5), 404 unknown, 409 other board', () => {
    refused(update({ actor: AS_LEAD, change: { assigned_agent_id: LEAD.id } }), 403, 'Board leads cannot assign tasks to themselves.');
    refused(update({ actor: AS_LEAD, change: { assigned_agent_id: '00000000-0000-4000-8000-000000000999' } }), 404);
    refused(update({ actor: AS_LEAD, change: { assigned_agent_id: W_OTHER.id } }), 409);
  });

  it('403 task_board_mismatch for the lead of another board', () => {
    refused(update({ actor: AS_LEAD_OTHER, change: { status: 'in_progress', assigned_agent_id: W1.id } }), 403, {
      code: 'task_board_mismatch',
      message: 'Agent can only update tasks for their assigned board.',
    });
  });
});

describe('lead on a blocked task (BR-25)', () => {
  const blocked = { current_dependency_ids: [DEP_A], dependency_tasks: [{ id: DEP_A, status: 'review' as const }] };
  const detail = { message: 'Task is blocked by incomplete dependencies.', code: 'task_blocked_cannot_transition', blocked_by_task_ids: [DEP_A] };

  it('409 for assign-and-start; the task is left as it was', () => {
    const before: TaskView = taskIn('inbox', null);
    refused(update({ actor: AS_LEAD, task: before, ...blocked, change: { assigned_agent_id: W1.id, status: 'in_progress' } }), 409, detail);
  });

  it.each([{ assigned_agent_id: W1.id }, { status: 'in_progress' as const, assigned_agent_id: W2.id }])('409 for %o', (change) => {
    refused(update({ actor: AS_LEAD, task: taskIn('inbox', null), ...blocked, change }), 409, detail);
  });

  it('dependency-only and tag-only edits stay allowed', () => {
    ok(update({ actor: AS_LEAD, task: taskIn('inbox', null), ...blocked, change: { depends_on_task_ids: [DEP_A] } }));
    ok(update({ actor: AS_LEAD, task: taskIn('inbox', null), ...blocked, change: { tag_ids: [] } }));
  });

  it('once the dependency is done the same request succeeds (BR-25 step 4)', () => {
    const plan = ok(update({ actor: AS_LEAD, task: taskIn('inbox', null), current_dependency_ids: [DEP_A], dependency_tasks: [{ id: DEP_A, status: 'done' }], change: { assigned_agent_id: W1.id, status: 'in_progress' } }));
    expect(plan.task.status).toBe('in_progress');
    expect(plan.blocked_by_task_ids).toEqual([]);
  });
});
