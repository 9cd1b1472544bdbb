// Tasks through the user routes, changing them: update, comments and delete (spec 2.19, 3.1.1,
// 3.3, 3.4, 3.17) on both databases. Creating, access and listing: tasks.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard } from '../support/fixtures';
import { count, unknownId } from '../support/tenants';
import { createWorld, eventsOf, notifyJobs, ok200, type World } from '../support/work';

let w: World;
let open: string; // an org A board without the approval gate, and no lead
const tasksOf = (board: string) => `/api/v1/boards/${board}/tasks`;
const as = (who: string, method: string, url: string, body?: unknown) => w.tn.as(who, method, url, body);
const create = async (board: string, body: Record<string, unknown>) => ok200(await as('alice', 'POST', tasksOf(board), body));

beforeAll(async () => {
  w = await createWorld();
  open = (await createBoard(w.tn, 'alice', { name: 'Open', require_approval_for_done: false })).id;
});
afterAll(() => w?.close());

describe('update (user)', () => {
  it('partial update: absent keys unchanged, explicit null clears, status null is 422', async () => {
    const task = await create(open, { title: 'p', description: 'keep me', priority: 'low', due_at: '2026-06-01T10:00:00Z' });
    const titled = ok200(await as('alice', 'PATCH', `${tasksOf(open)}/${task.id}`, { title: 'p2' }));
    expect(titled).toMatchObject({ title: 'p2', description: 'keep me', priority: 'low', due_at: '2026-06-01T10:00:00.000Z' });
    const cleared = ok200(await as('alice', 'PATCH', `${tasksOf(open)}/${task.id}`, { description: null, due_at: null }));
    expect(cleared).toMatchObject({ title: 'p2', description: null, due_at: null, priority: 'low' });
    const nullStatus = await as('alice', 'PATCH', `${tasksOf(open)}/${task.id}`, { status: null });
    expect(nullStatus.statusCode).toBe(422);
    expect(nullStatus.json().detail).toBe('status is required');
    expect((await as('alice', 'PATCH', `${tasksOf(open)}/${task.id}`, { title: null })).statusCode).toBe(422);
    expect((await as('alice', 'PATCH', `${tasksOf(open)}/${unknownId()}`, { title: 'x' })).statusCode).toBe(404);
    const events = await eventsOf(w, { taskId: task.id, type: 'task.updated' });
    expect(events.map((e) => e.message)).toEqual(['Task updated: p2.', 'Task updated: p2.']);
  });

  it('timestamps: in_progress_at set on start, kept as previous when leaving (bugs 9, 10)', async () => {
    const task = await create(open, { title: 'timing' });
    const started = ok200(await as('alice', 'PATCH', `${tasksOf(open)}/${task.id}`, { status: 'in_progress', assigned_agent_id: null }));
    expect(started.in_progress_at).toMatch(/Z$/);
    const review = ok200(await as('alice', 'PATCH', `${tasksOf(open)}/${task.id}`, { status: 'review' }));
    expect(review.in_progress_at).toBeNull();
    const [row] = await w.tn.t.services.database.query<{ previous_in_progress_at: Date; status: string }>(
      'SELECT previous_in_progress_at, status FROM tasks WHERE id = $1',
      [task.id],
    );
    expect(row.previous_in_progress_at.toISOString()).toBe(started.in_progress_at);
    const events = await eventsOf(w, { taskId: task.id, type: 'task.status_changed' });
    expect(events.map((e) => e.message)).toEqual(['Task moved to in_progress: timing.', 'Task moved to review: timing.']);
  });

  it('dependencies: self 422, missing 404, cycle 409, replace keeps order, no edits after done', async () => {
    const a = await create(open, { title: 'A' });
    const b = await create(open, { title: 'B', depends_on_task_ids: [a.id] });
    const c = await create(open, { title: 'C' });
    const self = await as('alice', 'PATCH', `${tasksOf(open)}/${a.id}`, { depends_on_task_ids: [a.id] });
    expect(self.statusCode).toBe(422);
    expect(self.json().detail).toBe('Task cannot depend on itself.');
    const missing = await as('alice', 'PATCH', `${tasksOf(open)}/${a.id}`, { depends_on_task_ids: [unknownId()] });
    expect(missing.statusCode).toBe(404);
    const cycle = await as('alice', 'PATCH', `${tasksOf(open)}/${a.id}`, { depends_on_task_ids: [b.id] });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().detail).toBe('Dependency cycle detected. Remove the cycle before saving.');
    const replaced = ok200(await as('alice', 'PATCH', `${tasksOf(open)}/${b.id}`, { depends_on_task_ids: [c.id, a.id] }));
    expect(replaced.depends_on_task_ids).toEqual([c.id, a.id]);
    expect(replaced.blocked_by_task_ids).toEqual([c.id, a.id]);
    const cleared = ok200(await as('alice', 'PATCH', `${tasksOf(open)}/${b.id}`, { depends_on_task_ids: [] }));
    expect(cleared).toMatchObject({ depends_on_task_ids: [], is_blocked: false });
    ok200(await as('alice', 'PATCH', `${tasksOf(open)}/${c.id}`, { status: 'done' }));
    const afterDone = await as('alice', 'PATCH', `${tasksOf(open)}/${c.id}`, { depends_on_task_ids: [a.id] });
    expect(afterDone.statusCode).toBe(409);
    expect(afterDone.json().detail).toBe('Cannot change task dependencies after a task is done.');
  });

  it('a blocked task cannot be started or assigned (409, never a silent reset)', async () => {
    const dep = await create(w.f.boardA1, { title: 'dependency' });
    const task = await create(w.f.boardA1, { title: 'blocked', depends_on_task_ids: [dep.id] });
    const start = await as('alice', 'PATCH', `${tasksOf(w.f.boardA1)}/${task.id}`, { status: 'in_progress' });
    expect(start.statusCode).toBe(409);
    expect(start.json().detail).toEqual({ message: 'Task is blocked by incomplete dependencies.', code: 'task_blocked_cannot_transition', blocked_by_task_ids: [dep.id] });
    const assign = await as('alice', 'PATCH', `${tasksOf(w.f.boardA1)}/${task.id}`, { assigned_agent_id: w.alex.agent.id });
    expect(assign.statusCode).toBe(409);
    const unchanged = ok200(await as('alice', 'GET', `${tasksOf(w.f.boardA1)}?status=inbox`)).items.find((t: any) => t.id === task.id);
    expect(unchanged).toMatchObject({ status: 'inbox', assigned_agent_id: null, is_blocked: true });
  });

  it('reopening a done dependency sends started dependents back to the inbox (spec 3.3)', async () => {
    const dep = await create(open, { title: 'base', status: 'done' });
    const started = await create(open, { title: 'started', depends_on_task_ids: [dep.id], status: 'in_progress', assigned_agent_id: null });
    const pristine = await create(open, { title: 'pristine', depends_on_task_ids: [dep.id] });
    expect(started.is_blocked).toBe(false);
    ok200(await as('alice', 'PATCH', `${tasksOf(open)}/${dep.id}`, { status: 'inbox' }));
    const items = ok200(await as('alice', 'GET', tasksOf(open))).items;
    const s = items.find((t: any) => t.id === started.id);
    expect(s).toMatchObject({ status: 'inbox', assigned_agent_id: null, in_progress_at: null, is_blocked: true, blocked_by_task_ids: [dep.id] });
    expect((await eventsOf(w, { taskId: started.id, type: 'task.status_changed' })).map((e) => e.message)).toEqual([
      'Task returned to inbox: dependency reopened (base).',
    ]);
    expect((await eventsOf(w, { taskId: pristine.id, type: 'task.updated' })).map((e) => e.message)).toEqual(['Dependency completion changed: base.']);
  });

  it('gates: pending approval blocks status changes (not dependency edits); review-before-done', async () => {
    const board = (await createBoard(w.tn, 'alice', {
      name: 'Gated',
      require_approval_for_done: false,
      require_review_before_done: true,
      block_status_changes_with_pending_approval: true,
    })).id;
    const task = await create(board, { title: 'gated' });
    const other = await create(board, { title: 'other' });
    ok200(await as('alice', 'POST', `/api/v1/boards/${board}/approvals`, { action_type: 'x', task_id: task.id, confidence: 50, lead_reasoning: 'r' }));
    const moved = await as('alice', 'PATCH', `${tasksOf(board)}/${task.id}`, { status: 'in_progress' });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().detail).toEqual({ message: 'Task status cannot be changed while a linked approval is pending.', blocked_by_task_ids: [] });
    // Same status is a no-op, dependency edits are allowed.
    ok200(await as('alice', 'PATCH', `${tasksOf(board)}/${task.id}`, { status: 'inbox', depends_on_task_ids: [other.id] }));
    ok200(await as('alice', 'PATCH', `${tasksOf(board)}/${other.id}`, { status: 'in_progress' }));
    const skip = await as('alice', 'PATCH', `${tasksOf(board)}/${other.id}`, { status: 'done' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().detail.message).toBe('Task can only be marked done from review when the board rule is enabled.');
    ok200(await as('alice', 'PATCH', `${tasksOf(board)}/${other.id}`, { status: 'review' }));
    expect(ok200(await as('alice', 'PATCH', `${tasksOf(board)}/${other.id}`, { status: 'done' })).status).toBe('done');
  });

  it('a user moving a task to inbox unassigned tells the lead; a comment is stored and notifies mentions', async () => {
    const task = await create(w.f.boardA1, { title: 'loop', assigned_agent_id: w.alex.agent.id });
    const before = (await notifyJobs(w)).length;
    const res = ok200(await as('alice', 'PATCH', `${tasksOf(w.f.boardA1)}/${task.id}`, { assigned_agent_id: null, comment: 'Over to @bob-2 maybe' }));
    expect(res.assigned_agent_id).toBeNull();
    const jobs = (await notifyJobs(w)).slice(before);
    expect(jobs.map((j) => [j.reason, j.agent_id])).toEqual([
      ['back_in_inbox', w.lead.agent.id],
      ['task_mention', w.bob2.agent.id],
    ]);
    expect(jobs[1].message).toContain('Over to @bob-2 maybe');
    expect(jobs[1].message).toContain('From: User');
    const comments = ok200(await as('alice', 'GET', `${tasksOf(w.f.boardA1)}/${task.id}/comments`));
    expect(comments.items.map((c: any) => [c.message, c.agent_id])).toEqual([['Over to @bob-2 maybe', null]]);
    // A blank comment is treated as absent.
    ok200(await as('alice', 'PATCH', `${tasksOf(w.f.boardA1)}/${task.id}`, { comment: '   ' }));
    expect(ok200(await as('alice', 'GET', `${tasksOf(w.f.boardA1)}/${task.id}/comments`)).total).toBe(1);
  });
});

describe('comments (user)', () => {
  it('creates and lists oldest first; 422 blank; 404 unknown task', async () => {
    const task = await create(w.f.boardA1, { title: 'chatty', assigned_agent_id: w.alex.agent.id });
    const before = (await notifyJobs(w)).length;
    const first = ok200(await as('alice', 'POST', `${tasksOf(w.f.boardA1)}/${task.id}/comments`, { message: 'first' }));
    expect(first).toEqual({ id: expect.any(String), message: 'first', agent_id: null, task_id: task.id, created_at: expect.stringMatching(/Z$/) });
    ok200(await as('alice', 'POST', `${tasksOf(w.f.boardA1)}/${task.id}/comments`, { message: 'second' }));
    const list = ok200(await as('alice', 'GET', `${tasksOf(w.f.boardA1)}/${task.id}/comments`));
    expect(list.items.map((c: any) => c.message)).toEqual(['first', 'second']);
    expect(list.total).toBe(2);
    // Without mentions the assignee hears about each comment.
    const jobs = (await notifyJobs(w)).slice(before);
    expect(jobs.map((j) => [j.reason, j.agent_id])).toEqual([
      ['task_comment', w.alex.agent.id],
      ['task_comment', w.alex.agent.id],
    ]);
    expect(jobs[0].message).toContain('NEW TASK COMMENT');
    expect((await as('alice', 'POST', `${tasksOf(w.f.boardA1)}/${task.id}/comments`, { message: '  ' })).statusCode).toBe(422);
    expect((await as('alice', 'POST', `${tasksOf(w.f.boardA1)}/${unknownId()}/comments`, { message: 'x' })).statusCode).toBe(404);
    expect((await as('alice', 'GET', `${tasksOf(w.f.boardA1)}/${unknownId()}/comments`)).statusCode).toBe(404);
  });
});

describe('delete (user)', () => {
  it('removes the task with its edges, tags, values, comments; moves or deletes approvals', async () => {
    const tag = ok200(await as('alice', 'POST', '/api/v1/tags', { name: 'Doomed' }));
    const dep = await create(open, { title: 'dep of doomed' });
    const doomed = await create(open, { title: 'doomed', depends_on_task_ids: [dep.id], tag_ids: [tag.id] });
    const dependent = await create(open, { title: 'after doomed', depends_on_task_ids: [doomed.id] });
    const keeper = await create(open, { title: 'keeper' });
    ok200(await as('alice', 'POST', `${tasksOf(open)}/${doomed.id}/comments`, { message: 'bye' }));
    const shared = ok200(await as('alice', 'POST', `/api/v1/boards/${open}/approvals`, { action_type: 'x', task_ids: [doomed.id, keeper.id], confidence: 1, lead_reasoning: 'r' }));
    const solo = ok200(await as('alice', 'POST', `/api/v1/boards/${open}/approvals`, { action_type: 'y', task_ids: [dependent.id, doomed.id], confidence: 1, lead_reasoning: 'r', status: 'approved' }));
    const only = ok200(await as('alice', 'POST', `/api/v1/boards/${open}/approvals`, { action_type: 'z', task_id: doomed.id, confidence: 1, lead_reasoning: 'r', status: 'rejected' }));

    expect(ok200(await as('alice', 'DELETE', `${tasksOf(open)}/${doomed.id}`))).toEqual({ ok: true });
    expect((await as('alice', 'DELETE', `${tasksOf(open)}/${doomed.id}`)).statusCode).toBe(404);
    expect(await count(w.tn.t, 'SELECT count(*) FROM task_dependencies WHERE task_id = $1 OR depends_on_task_id = $1', [doomed.id])).toBe(0);
    expect(await count(w.tn.t, 'SELECT count(*) FROM tag_assignments WHERE task_id = $1', [doomed.id])).toBe(0);
    expect(await count(w.tn.t, 'SELECT count(*) FROM activity_events WHERE task_id = $1', [doomed.id])).toBe(0);
    const approvals = ok200(await as('alice', 'GET', `/api/v1/boards/${open}/approvals`)).items;
    const byId = new Map(approvals.map((a: any) => [a.id, a]));
    expect(byId.get(shared.id)).toMatchObject({ task_id: keeper.id, task_ids: [keeper.id], task_titles: ['keeper'] });
    expect(byId.get(solo.id)).toMatchObject({ task_id: dependent.id, task_ids: [dependent.id] });
    expect(byId.has(only.id)).toBe(false);
    const after = ok200(await as('alice', 'GET', tasksOf(open))).items.find((t: any) => t.id === dependent.id);
    expect(after).toMatchObject({ depends_on_task_ids: [], is_blocked: false });
    expect(await eventsOf(w, { boardId: open, type: 'task.deleted' })).toEqual([
      { event_type: 'task.deleted', message: 'Task deleted: doomed.', agent_id: null, task_id: null, board_id: open },
    ]);
  });

  it('agents cannot use the user delete route (401)', async () => {
    const task = await create(w.f.boardA1, { title: 'stays' });
    expect((await w.agentApi(w.lead, 'DELETE', `${tasksOf(w.f.boardA1)}/${task.id}`)).statusCode).toBe(401);
  });
});
