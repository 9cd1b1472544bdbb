// Tasks through the user routes: create, access, every route and list (spec 2.19, 3.1.1, 3.1.5,
// 3.17) on both databases. Update, comments and delete: tasks-update.test.ts.
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

describe('create (user)', () => {
  it('returns the full TaskRead, records task.created and tells the lead', async () => {
    const before = (await notifyJobs(w)).length;
    const task = await create(w.f.boardA1, { title: '  Write docs ', description: 'All of them', priority: 'high', due_at: '2026-12-31' });
    expect(task).toMatchObject({
      board_id: w.f.boardA1,
      title: 'Write docs',
      description: 'All of them',
      status: 'inbox',
      priority: 'high',
      due_at: '2026-12-31T00:00:00.000Z',
      assigned_agent_id: null,
      in_progress_at: null,
      depends_on_task_ids: [],
      tag_ids: [],
      tags: [],
      blocked_by_task_ids: [],
      is_blocked: false,
      custom_field_values: {},
    });
    expect(task.created_at).toMatch(/Z$/);
    const me = ok200(await as('alice', 'GET', '/api/v1/users/me'));
    expect(task.created_by_user_id).toBe(me.id);
    expect(Object.keys(task)).not.toContain('previous_in_progress_at');
    expect(await eventsOf(w, { taskId: task.id })).toEqual([
      { event_type: 'task.created', message: 'Task created: Write docs.', agent_id: null, task_id: task.id, board_id: w.f.boardA1 },
    ]);
    const jobs = (await notifyJobs(w)).slice(before);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ agent_id: w.lead.agent.id, reason: 'new_task', deliver: false, board_lead_of: null });
    expect(jobs[0].message).toContain('NEW TASK ADDED');
    expect(jobs[0].activity).toEqual({ board_id: w.f.boardA1, task_id: task.id, success_type: 'task.lead_notified', failure_type: 'task.lead_notify_failed' });
  });

  it('created_by_user_id in the body is ignored', async () => {
    const task = await create(open, { title: 'x', created_by_user_id: unknownId() });
    const me = ok200(await as('alice', 'GET', '/api/v1/users/me'));
    expect(task.created_by_user_id).toBe(me.id);
  });

  it('an assignee is notified and woken once', async () => {
    const before = (await notifyJobs(w)).length;
    const task = await create(w.f.boardA1, { title: 'Assigned', assigned_agent_id: w.alex.agent.id });
    const jobs = (await notifyJobs(w)).slice(before);
    expect(jobs.map((j) => [j.reason, j.agent_id])).toEqual([
      ['new_task', w.lead.agent.id],
      ['task_assigned', w.alex.agent.id],
    ]);
    const woken = await eventsOf(w, { taskId: task.id, type: 'task.assignee_woken' });
    expect(woken).toEqual([expect.objectContaining({ message: 'Assignee heartbeat set online (assignment): Alex.', agent_id: w.alex.agent.id })]);
  });

  it('bug 9: the assignee is validated (404 unknown, 409 another board)', async () => {
    const missing = await as('alice', 'POST', tasksOf(w.f.boardA1), { title: 't', assigned_agent_id: unknownId() });
    expect(missing.statusCode).toBe(404);
    const other = await as('alice', 'POST', tasksOf(w.f.boardA1), { title: 't', assigned_agent_id: w.olga.agent.id });
    expect(other.statusCode).toBe(409);
    expect(await count(w.tn.t, `SELECT count(*) FROM tasks WHERE title = 't'`)).toBe(0);
  });

  it('bug 9: created in_progress sets in_progress_at; created done honours the approval gate', async () => {
    const started = await create(open, { title: 'started', status: 'in_progress', assigned_agent_id: null });
    expect(started.in_progress_at).toMatch(/Z$/);
    const done = await as('alice', 'POST', tasksOf(w.f.boardA1), { title: 'done already', status: 'done' });
    expect(done.statusCode).toBe(409);
    expect(done.json().detail).toEqual({ message: 'Task can only be marked done when a linked approval has been approved.', blocked_by_task_ids: [] });
    const doneOpen = await create(open, { title: 'done on open', status: 'done' });
    expect(doneOpen.status).toBe('done');
  });

  it('a task created in review goes to the lead', async () => {
    const task = await create(w.f.boardA1, { title: 'to review', status: 'review' });
    expect(task.assigned_agent_id).toBe(w.lead.agent.id);
  });

  it('dependencies: 404 unknown or other board, 409 blocked when assigned or started, blocked flags', async () => {
    const dep = await create(open, { title: 'dep' });
    const foreign = await create(w.f.boardA1, { title: 'foreign' });
    const missing = await as('alice', 'POST', tasksOf(open), { title: 'x', depends_on_task_ids: [dep.id, foreign.id] });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toEqual({ message: 'One or more dependency tasks were not found on this board.', missing_task_ids: [foreign.id] });
    const started = await as('alice', 'POST', tasksOf(open), { title: 'x', status: 'in_progress', depends_on_task_ids: [dep.id] });
    expect(started.statusCode).toBe(409);
    expect(started.json().detail).toEqual({ message: 'Task is blocked by incomplete dependencies.', code: 'task_blocked_cannot_transition', blocked_by_task_ids: [dep.id] });
    const blocked = await create(open, { title: 'waits', depends_on_task_ids: [dep.id, dep.id] });
    expect(blocked).toMatchObject({ depends_on_task_ids: [dep.id], blocked_by_task_ids: [dep.id], is_blocked: true });
  });

  it('tags: order kept, 404 for unknown tags and tags of another organization', async () => {
    const t1 = ok200(await as('alice', 'POST', '/api/v1/tags', { name: 'Zeta' }));
    const t2 = ok200(await as('alice', 'POST', '/api/v1/tags', { name: 'Alpha', color: '#ABCDEF' }));
    const theirs = ok200(await as('bob', 'POST', '/api/v1/tags', { name: 'Bobs' }));
    const task = await create(open, { title: 'tagged', tag_ids: [t1.id, t2.id, t1.id] });
    expect(task.tag_ids).toEqual([t1.id, t2.id]);
    expect(task.tags).toEqual([
      { id: t1.id, name: 'Zeta', slug: 'zeta', color: t1.color },
      { id: t2.id, name: 'Alpha', slug: 'alpha', color: 'abcdef' },
    ]);
    const res = await as('alice', 'POST', tasksOf(open), { title: 'x', tag_ids: [theirs.id] });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toEqual({ message: 'One or more tags do not exist in this organization.', missing_tag_ids: [theirs.id] });
  });

  it('custom fields: defaults, unknown keys, invalid values, required fields', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'Fields', require_approval_for_done: false })).id;
    ok200(await as('alice', 'POST', '/api/v1/organizations/me/custom-fields', { field_key: 'points', field_type: 'integer', required: true, default_value: 1, board_ids: [board] }));
    ok200(await as('alice', 'POST', '/api/v1/organizations/me/custom-fields', { field_key: 'link', field_type: 'url', board_ids: [board] }));
    const task = await create(board, { title: 'cf' });
    expect(task.custom_field_values).toEqual({ link: null, points: 1 });
    const unknown = await as('alice', 'POST', tasksOf(board), { title: 'x', custom_field_values: { nope: 1, also: 2 } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toEqual({ message: 'Unknown custom field keys for this board.', unknown_field_keys: ['also', 'nope'] });
    const invalid = await as('alice', 'POST', tasksOf(board), { title: 'x', custom_field_values: { points: 'many' } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().detail).toMatchObject({ message: 'Invalid custom field value.', field_key: 'points', field_type: 'integer' });
    const missing = await as('alice', 'POST', tasksOf(board), { title: 'x', custom_field_values: { points: null } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().detail).toEqual({ message: 'Required custom fields must have values.', missing_field_keys: ['points'] });
    // Fields bound to another board do not apply here.
    const elsewhere = await as('alice', 'POST', tasksOf(open), { title: 'x', custom_field_values: { points: 3 } });
    expect(elsewhere.statusCode).toBe(422);

    const patched = ok200(await as('alice', 'PATCH', `${tasksOf(board)}/${task.id}`, { custom_field_values: { points: 5, link: 'https://example.com/a' } }));
    expect(patched.custom_field_values).toEqual({ link: 'https://example.com/a', points: 5 });
    const cleared = ok200(await as('alice', 'PATCH', `${tasksOf(board)}/${task.id}`, { custom_field_values: { link: null } }));
    expect(cleared.custom_field_values).toEqual({ link: null, points: 5 });
    const required = await as('alice', 'PATCH', `${tasksOf(board)}/${task.id}`, { custom_field_values: { points: null } });
    expect(required.statusCode).toBe(422);
  });

  it('422 for a blank title, an unknown status or a bad uuid; 401 without a user; agents use their own route', async () => {
    expect((await as('alice', 'POST', tasksOf(open), { title: '  ' })).statusCode).toBe(422);
    expect((await as('alice', 'POST', tasksOf(open), { title: 'x', status: 'later' })).statusCode).toBe(422);
    expect((await as('alice', 'POST', '/api/v1/boards/not-a-uuid/tasks', { title: 'x' })).statusCode).toBe(422);
    expect((await w.tn.t.api('POST', tasksOf(open), { token: null, body: { title: 'x' } })).statusCode).toBe(401);
    expect((await w.agentApi(w.lead, 'POST', tasksOf(w.f.boardA1), { title: 'x' })).statusCode).toBe(401);
  });
});

describe('access', () => {
  it('read access lists; write access is needed to change; other organizations see 404', async () => {
    const task = await create(w.f.boardA1, { title: 'guarded' });
    expect((await as('carol', 'GET', tasksOf(w.f.boardA1))).statusCode).toBe(200);
    const write = await as('carol', 'POST', tasksOf(w.f.boardA1), { title: 'x' });
    expect(write.statusCode).toBe(403);
    expect((await as('carol', 'PATCH', `${tasksOf(w.f.boardA1)}/${task.id}`, { title: 'y' })).statusCode).toBe(403);
    expect((await as('carol', 'DELETE', `${tasksOf(w.f.boardA1)}/${task.id}`)).statusCode).toBe(403);
    expect((await as('carol', 'POST', `${tasksOf(w.f.boardA1)}/${task.id}/comments`, { message: 'hi' })).statusCode).toBe(403);
    expect((await as('carol', 'GET', `${tasksOf(w.f.boardA1)}/${task.id}/comments`)).statusCode).toBe(200);
    for (const [method, url] of [
      ['GET', tasksOf(w.f.boardA1)],
      ['POST', tasksOf(w.f.boardA1)],
      ['PATCH', `${tasksOf(w.f.boardA1)}/${task.id}`],
      ['DELETE', `${tasksOf(w.f.boardA1)}/${task.id}`],
      ['GET', `${tasksOf(w.f.boardA1)}/${task.id}/comments`],
    ] as const) {
      const res = await as('bob', method, url, method === 'GET' || method === 'DELETE' ? undefined : { title: 'x', message: 'x' });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    // A task id of another board under this board's path is 404.
    const theirs = ok200(await as('bob', 'POST', tasksOf(w.f.boardB1), { title: 'B task' }));
    expect((await as('alice', 'PATCH', `${tasksOf(w.f.boardA1)}/${theirs.id}`, { title: 'z' })).statusCode).toBe(404);
    expect((await as('alice', 'GET', `${tasksOf(w.f.boardA1)}/${theirs.id}/comments`)).statusCode).toBe(404);
    expect((await as('bob', 'GET', `${tasksOf(w.f.boardB1)}/${theirs.id}/comments`)).statusCode).toBe(200);
  });
});

describe('every route', () => {
  it('401 without credentials, 403 for a member without board access; agent routes refuse user tokens', async () => {
    const task = await create(w.f.boardA1, { title: 'everyone' });
    const approval = ok200(await as('alice', 'POST', `/api/v1/boards/${w.f.boardA1}/approvals`, { action_type: 'x', task_id: task.id, confidence: 1, lead_reasoning: 'r' }));
    const b = w.f.boardA1;
    const routes: [string, string, unknown][] = [
      ['GET', `/api/v1/boards/${b}/tasks`, undefined],
      ['POST', `/api/v1/boards/${b}/tasks`, { title: 'x' }],
      ['PATCH', `/api/v1/boards/${b}/tasks/${task.id}`, { title: 'x' }],
      ['DELETE', `/api/v1/boards/${b}/tasks/${task.id}`, undefined],
      ['GET', `/api/v1/boards/${b}/tasks/${task.id}/comments`, undefined],
      ['POST', `/api/v1/boards/${b}/tasks/${task.id}/comments`, { message: 'x' }],
      ['GET', `/api/v1/boards/${b}/approvals`, undefined],
      ['POST', `/api/v1/boards/${b}/approvals`, { action_type: 'x', confidence: 1, lead_reasoning: 'r' }],
      ['PATCH', `/api/v1/boards/${b}/approvals/${approval.id}`, { status: 'approved' }],
    ];
    const agentRoutes: [string, string, unknown][] = [
      ['GET', `/api/v1/agent/boards/${b}/tasks`, undefined],
      ['POST', `/api/v1/agent/boards/${b}/tasks`, { title: 'x' }],
      ['PATCH', `/api/v1/agent/boards/${b}/tasks/${task.id}`, { status: 'review' }],
      ['DELETE', `/api/v1/agent/boards/${b}/tasks/${task.id}`, undefined],
      ['GET', `/api/v1/agent/boards/${b}/tasks/${task.id}/comments`, undefined],
      ['POST', `/api/v1/agent/boards/${b}/tasks/${task.id}/comments`, { message: 'x' }],
      ['GET', `/api/v1/agent/boards/${b}/approvals`, undefined],
      ['POST', `/api/v1/agent/boards/${b}/approvals`, { action_type: 'x', confidence: 1, lead_reasoning: 'r' }],
    ];
    for (const [method, url, body] of [...routes, ...agentRoutes]) {
      const res = await w.tn.t.api(method as never, url, { token: null, ...(body !== undefined ? { body } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    for (const [method, url, body] of agentRoutes) {
      expect((await as('alice', method, url, body)).statusCode, `user token on ${method} ${url}`).toBe(401);
    }
    // dave is an admin of org A without access to board A1.
    for (const [method, url, body] of routes) {
      const res = await as('dave', method, url, body);
      expect(res.statusCode, `dave ${method} ${url}`).toBe(403);
      expect(res.json().detail).toBe('Board access denied');
    }
    const stored = ok200(await as('alice', 'GET', tasksOf(b))).items.find((t: any) => t.id === task.id);
    expect(stored.title).toBe('everyone');
  });
});

describe('list', () => {
  it('filters by status, assignee and unassigned, newest first, paginated', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'Listing', require_approval_for_done: false })).id;
    const a = await create(board, { title: 'a' });
    const b = await create(board, { title: 'b', status: 'in_progress' });
    const c = await create(board, { title: 'c', status: 'done' });
    const all = ok200(await as('alice', 'GET', tasksOf(board)));
    expect(all.items.map((t: any) => t.title)).toEqual(['c', 'b', 'a']);
    expect(all).toMatchObject({ total: 3, limit: 200, offset: 0 });
    const some = ok200(await as('alice', 'GET', `${tasksOf(board)}?status=inbox,done`));
    expect(some.items.map((t: any) => t.id)).toEqual([c.id, a.id]);
    const paged = ok200(await as('alice', 'GET', `${tasksOf(board)}?limit=1&offset=1`));
    expect(paged).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(paged.items.map((t: any) => t.id)).toEqual([b.id]);
    const bad = await as('alice', 'GET', `${tasksOf(board)}?status=inbox,later`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toBe('Unsupported task status filter.');
    expect((await as('alice', 'GET', `${tasksOf(board)}?limit=0`)).statusCode).toBe(422);

    const mine = await create(w.f.boardA1, { title: 'for bob-2', assigned_agent_id: w.bob2.agent.id });
    const byAgent = ok200(await as('alice', 'GET', `${tasksOf(w.f.boardA1)}?assigned_agent_id=${w.bob2.agent.id}`));
    expect(byAgent.items.map((t: any) => t.id)).toEqual([mine.id]);
    const unassigned = ok200(await as('alice', 'GET', `${tasksOf(w.f.boardA1)}?unassigned=true`));
    expect(unassigned.items.every((t: any) => t.assigned_agent_id === null)).toBe(true);
    expect(unassigned.items.length).toBeGreaterThan(0);
    const either = ok200(await as('alice', 'GET', `${tasksOf(w.f.boardA1)}?unassigned=false`));
    expect(either.total).toBeGreaterThan(unassigned.total);
  });
});
