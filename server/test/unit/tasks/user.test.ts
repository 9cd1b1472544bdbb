// User PATCH rules (spec 3.1.5 + finalize 3.1.7) and partial-update semantics (BR-28).
import { describe, expect, it } from 'vitest';
import type { TaskChangeRequest, TaskStatus, TaskView } from '../../../src/domain/tasks';
import {
  DEP_A,
  DEP_B,
  LEAD,
  NOW,
  STARTED,
  TASK,
  USER,
  W1,
  W2,
  W_OTHER,
  kinds,
  ok,
  refused,
  task,
  taskIn,
  update,
} from './fixtures';

type Row = {
  name: string;
  from: TaskView;
  change: TaskChangeRequest;
  expect: Partial<TaskView>;
  notifications: string[];
  wakes: string[];
};

const rows: Row[] = [
  {
    name: 'starts an assigned inbox task (assignee woken once, status_in_progress)',
    from: taskIn('inbox', W1.id),
    change: { status: 'in_progress' },
    expect: { status: 'in_progress', assigned_agent_id: W1.id, in_progress_at: NOW },
    notifications: [],
    wakes: [`status_in_progress:${W1.id}`],
  },
  {
    name: 'starts an unassigned inbox task',
    from: taskIn('inbox', null),
    change: { status: 'in_progress' },
    expect: { status: 'in_progress', assigned_agent_id: null, in_progress_at: NOW },
    notifications: [],
    wakes: [],
  },
  {
    name: 'assigns and starts in one request (one assignment message, one wake)',
    from: taskIn('inbox', null),
    change: { status: 'in_progress', assigned_agent_id: W1.id },
    expect: { status: 'in_progress', assigned_agent_id: W1.id, in_progress_at: NOW },
    notifications: [`task_assigned:${W1.id}`],
    wakes: [`assignment:${W1.id}`],
  },
  {
    name: 'moves work to review: handed to the lead',
    from: taskIn('in_progress', W1.id),
    change: { status: 'review' },
    expect: { status: 'review', assigned_agent_id: LEAD.id, in_progress_at: null, previous_in_progress_at: STARTED },
    notifications: [`ready_for_review:${LEAD.id}`],
    wakes: [`assignment:${LEAD.id}`],
  },
  {
    name: 'review hand-off wins over an explicit assignee',
    from: taskIn('in_progress', W1.id),
    change: { status: 'review', assigned_agent_id: W2.id },
    expect: { status: 'review', assigned_agent_id: LEAD.id },
    notifications: [`ready_for_review:${LEAD.id}`],
    wakes: [`assignment:${LEAD.id}`],
  },
  {
    name: 'reopening a done task assigned to the lead into review still tells the lead',
    from: taskIn('done', LEAD.id),
    change: { status: 'review' },
    expect: { status: 'review', assigned_agent_id: LEAD.id, done_at: null },
    notifications: [`ready_for_review:${LEAD.id}`],
    wakes: [`assignment:${LEAD.id}`],
  },
  {
    name: 'moves work back to the inbox: unassigned, lead told',
    from: taskIn('in_progress', W1.id),
    change: { status: 'inbox' },
    expect: { status: 'inbox', assigned_agent_id: null, in_progress_at: null, previous_in_progress_at: STARTED },
    notifications: [`back_in_inbox:${LEAD.id}`],
    wakes: [],
  },
  {
    name: 'an explicit assignee overrides the inbox release',
    from: taskIn('in_progress', W1.id),
    change: { status: 'inbox', assigned_agent_id: W2.id },
    expect: { status: 'inbox', assigned_agent_id: W2.id, previous_in_progress_at: STARTED },
    notifications: [`task_assigned:${W2.id}`],
    wakes: [`assignment:${W2.id}`],
  },
  {
    name: 'marks a review task done (gates off): done_at set, cycle start kept',
    from: taskIn('review', LEAD.id),
    change: { status: 'done' },
    expect: { status: 'done', assigned_agent_id: LEAD.id, done_at: NOW, previous_in_progress_at: STARTED },
    notifications: [],
    wakes: [],
  },
  {
    name: 'reopens a done task: done_at cleared',
    from: taskIn('done', W1.id),
    change: { status: 'inbox' },
    expect: { status: 'inbox', assigned_agent_id: null, done_at: null, previous_in_progress_at: STARTED },
    notifications: [`back_in_inbox:${LEAD.id}`],
    wakes: [],
  },
  {
    name: 'reassigns an in-progress task',
    from: taskIn('in_progress', W1.id),
    change: { assigned_agent_id: W2.id },
    expect: { status: 'in_progress', assigned_agent_id: W2.id, in_progress_at: STARTED },
    notifications: [`task_assigned:${W2.id}`],
    wakes: [`assignment:${W2.id}`],
  },
  {
    name: 'assigning a done task sends no work message',
    from: taskIn('done', W1.id),
    change: { assigned_agent_id: W2.id },
    expect: { status: 'done', assigned_agent_id: W2.id },
    notifications: [],
    wakes: [],
  },
  {
    name: 'may assign the lead',
    from: taskIn('inbox', null),
    change: { assigned_agent_id: LEAD.id },
    expect: { assigned_agent_id: LEAD.id },
    notifications: [`task_assigned:${LEAD.id}`],
    wakes: [`assignment:${LEAD.id}`],
  },
  {
    name: 'unassigns an inbox task: lead told',
    from: taskIn('inbox', W1.id),
    change: { assigned_agent_id: null },
    expect: { assigned_agent_id: null },
    notifications: [`back_in_inbox:${LEAD.id}`],
    wakes: [],
  },
];

describe('user transitions', () => {
  it.each(rows)('$name', (row) => {
    const plan = ok(update({ actor: USER, task: row.from, change: row.change }));
    expect(plan.task).toMatchObject(row.expect);
    expect(kinds(plan)).toEqual(row.notifications);
    expect(plan.wakes.map((w) => `${w.reason}:${w.agent_id}`)).toEqual(row.wakes);
    for (const e of plan.events) expect(e.agent_id).toBeNull();
  });

  it.each([
    { from: 'inbox', to: 'review' },
    { from: 'inbox', to: 'done' },
    { from: 'review', to: 'in_progress' },
    { from: 'done', to: 'review' },
  ] as { from: TaskStatus; to: TaskStatus }[])('any transition is open to users: $from → $to', ({ from, to }) => {
    const plan = ok(update({ actor: USER, task: taskIn(from, null), change: { status: to } }));
    expect(plan.task.status).toBe(to);
    expect(plan.events.at(-1)).toMatchObject({ event_type: 'task.status_changed', message: `Task moved to ${to}: Write the report.` });
  });

  it('404 for an unknown assignee, 409 for an agent of another board', () => {
    const unknown = '00000000-0000-4000-8000-000000000999';
    refused(update({ actor: USER, change: { assigned_agent_id: unknown } }), 404);
    refused(update({ actor: USER, change: { assigned_agent_id: W_OTHER.id } }), 409);
  });
});

describe('partial updates (BR-28)', () => {
  const rich = taskIn('review', LEAD.id, { priority: 'high', due_at: new Date('2026-03-10T00:00:00Z'), description: 'd' });

  it('a rename changes only the title', () => {
    const plan = ok(update({ actor: USER, task: rich, change: { title: 'renamed' } }));
    expect(plan.changes).toEqual({ title: 'renamed', updated_at: NOW });
    expect(plan.task).toEqual({ ...rich, title: 'renamed' });
    expect(plan.tag_ids).toBeNull();
    expect(plan.custom_field_values).toBeNull();
    expect(plan.dependency_ids).toBeNull();
    expect(plan.events).toEqual([
      { event_type: 'task.updated', message: 'Task updated: renamed.', agent_id: null, task_id: TASK, board_id: rich.board_id },
    ]);
  });

  it('an empty PATCH changes nothing and records nothing', () => {
    const plan = ok(update({ actor: USER, task: rich, change: {} }));
    expect(plan.changes).toEqual({});
    expect(plan.events).toEqual([]);
    expect(plan.notifications).toEqual([]);
  });

  it('explicit empty tag list clears tags; explicit null due_at clears the date', () => {
    const plan = ok(update({ actor: USER, task: rich, change: { tag_ids: [], due_at: null } }));
    expect(plan.tag_ids).toEqual([]);
    expect(plan.changes).toEqual({ due_at: null, updated_at: NOW });
  });

  it('undefined values count as absent', () => {
    const plan = ok(update({ actor: USER, task: rich, change: { title: undefined, status: undefined } }));
    expect(plan.changes).toEqual({});
  });

  it('tags are de-duplicated in order; unknown tags 404 with their ids', () => {
    const g1 = '00000000-0000-4000-8000-0000000000a1';
    const g2 = '00000000-0000-4000-8000-0000000000a2';
    const plan = ok(update({ actor: USER, change: { tag_ids: [g2, g1, g2] }, existing_tag_ids: [g1, g2] }));
    expect(plan.tag_ids).toEqual([g2, g1]);
    refused(update({ actor: USER, change: { tag_ids: [g1, g2] }, existing_tag_ids: [g1] }), 404, {
      message: 'One or more tags do not exist in this organization.',
      missing_tag_ids: [g2],
    });
  });
});

describe('user dependency edits', () => {
  const depsBoard = [
    { id: DEP_A, status: 'in_progress' as const },
    { id: DEP_B, status: 'done' as const },
  ];

  it('replaces the dependency list (de-duplicated, order kept)', () => {
    const plan = ok(update({ actor: USER, change: { depends_on_task_ids: [DEP_B, DEP_A, DEP_B] }, dependency_tasks: depsBoard }));
    expect(plan.dependency_ids).toEqual([DEP_B, DEP_A]);
    expect(plan.blocked_by_task_ids).toEqual([DEP_A]);
    expect(plan.task.status).toBe('inbox');
    expect(plan.events.map((e) => e.event_type)).toEqual(['task.updated']);
  });

  it('409 after done (BR-25 step 5)', () => {
    refused(update({ actor: USER, task: taskIn('done', W1.id), change: { depends_on_task_ids: [DEP_B] }, dependency_tasks: depsBoard }), 409, 'Cannot change task dependencies after a task is done.');
  });

  it('422 self-dependency, 404 missing, 409 cycle', () => {
    refused(update({ actor: USER, change: { depends_on_task_ids: [TASK] } }), 422, 'Task cannot depend on itself.');
    refused(update({ actor: USER, change: { depends_on_task_ids: [DEP_A] }, dependency_tasks: [] }), 404, {
      message: 'One or more dependency tasks were not found on this board.',
      missing_task_ids: [DEP_A],
    });
    refused(
      update({ actor: USER, change: { depends_on_task_ids: [DEP_A] }, dependency_tasks: depsBoard, board_edges: [{ task_id: DEP_A, depends_on_task_id: TASK }] }),
      409,
      'Dependency cycle detected. Remove the cycle before saving.',
    );
  });

  it('409 (never a silent reset) when starting or assigning a blocked task', () => {
    const blocked = { current_dependency_ids: [DEP_A], dependency_tasks: depsBoard };
    const detail = { message: 'Task is blocked by incomplete dependencies.', code: 'task_blocked_cannot_transition', blocked_by_task_ids: [DEP_A] };
    refused(update({ actor: USER, ...blocked, change: { status: 'in_progress' } }), 409, detail);
    refused(update({ actor: USER, ...blocked, change: { assigned_agent_id: W1.id } }), 409, detail);
    refused(update({ actor: USER, ...blocked, change: { status: 'done' } }), 409, detail);
    ok(update({ actor: USER, ...blocked, task: taskIn('in_progress', null), change: { status: 'inbox' } }));
    ok(update({ actor: USER, ...blocked, change: { title: 'still fine' } }));
  });

  it('adding an unfinished dependency to started work sends it back to the inbox, visibly', () => {
    const plan = ok(
      update({ actor: USER, task: taskIn('in_progress', W1.id), change: { depends_on_task_ids: [DEP_A] }, dependency_tasks: depsBoard }),
    );
    expect(plan.task).toMatchObject({ status: 'inbox', assigned_agent_id: null, in_progress_at: null, previous_in_progress_at: STARTED });
    expect(plan.events.map((e) => e.event_type)).toEqual(['task.status_changed']);
    expect(kinds(plan)).toEqual([`back_in_inbox:${LEAD.id}`]);
  });

  it('adding only done dependencies leaves started work alone', () => {
    const plan = ok(update({ actor: USER, task: taskIn('in_progress', W1.id), change: { depends_on_task_ids: [DEP_B] }, dependency_tasks: depsBoard }));
    expect(plan.task.status).toBe('in_progress');
    expect(plan.blocked_by_task_ids).toEqual([]);
  });

  it('the plan reports blocked ids of the effective dependencies (is_blocked)', () => {
    const plan = ok(update({ actor: USER, task: task(), change: {}, current_dependency_ids: [DEP_A, DEP_B], dependency_tasks: depsBoard }));
    expect(plan.blocked_by_task_ids).toEqual([DEP_A]);
  });
});
