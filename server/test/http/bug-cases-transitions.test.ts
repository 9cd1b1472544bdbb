// Bug cases BR-25, BR-27 and BR-28 (shared/cases/bug-cases.md, class "status transition"), step by
// step as written, on both databases. The rules themselves are unit-tested in
// unit/tasks/{lead,worker,user,dependencies}.test.ts; the wider route behaviour is in tasks.test.ts
// and agent-tasks.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgent } from '../support/agents';
import { createBoard } from '../support/fixtures';
import { createWorld, eventsOf, notifyJobs, ok200, type World, type WorldAgent } from '../support/work';

let w: World;
const userTasks = (board: string) => `/api/v1/boards/${board}/tasks`;
const agentTasks = (board: string) => `/api/v1/agent/boards/${board}/tasks`;
const create = async (body: Record<string, unknown>, board = w.f.boardA1) => ok200(await w.tn.as('alice', 'POST', userTasks(board), body));
const read = async (id: string, board = w.f.boardA1) => ok200(await w.tn.as('alice', 'GET', `${userTasks(board)}/${id}`));
const userPatch = (id: string, body: unknown, board = w.f.boardA1) => w.tn.as('alice', 'PATCH', `${userTasks(board)}/${id}`, body);
const agentPatch = (who: WorldAgent, id: string, body: unknown, board = w.f.boardA1) => w.agentApi(who, 'PATCH', `${agentTasks(board)}/${id}`, body);

beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w?.close());

describe('BR-25: a blocked task is refused with a coded 409, never silently rewritten', () => {
  it('steps 1–6', async () => {
    // 1. A (inbox) and B depending on A.
    const a = await create({ title: 'BR-25 A' });
    const b = await create({ title: 'BR-25 B', depends_on_task_ids: [a.id] });

    // 2. The lead assigns and starts B: 409 with the code and the blockers; B is untouched.
    const refused = await agentPatch(w.lead, b.id, { assigned_agent_id: w.alex.agent.id, status: 'in_progress' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatchObject({ code: 'task_blocked_cannot_transition', blocked_by_task_ids: [a.id] });
    expect(await read(b.id)).toMatchObject({ status: 'inbox', assigned_agent_id: null, in_progress_at: null });
    expect(await eventsOf(w, { taskId: b.id, type: 'task.status_changed' })).toEqual([]);

    // 3. The list flags B as blocked.
    const listed = ok200(await w.tn.as('alice', 'GET', userTasks(w.f.boardA1))).items.find((t: any) => t.id === b.id);
    expect(listed).toMatchObject({ is_blocked: true, blocked_by_task_ids: [a.id] });

    // 4. A done through the approved path (board A1 requires an approved approval); the same PATCH on B succeeds.
    const approval = ok200(await w.tn.as('alice', 'POST', `/api/v1/boards/${w.f.boardA1}/approvals`, { action_type: 'task.complete', task_id: a.id, confidence: 90, lead_reasoning: 'done' }));
    ok200(await w.tn.as('alice', 'PATCH', `/api/v1/boards/${w.f.boardA1}/approvals/${approval.id}`, { status: 'approved' }));
    expect(ok200(await userPatch(a.id, { status: 'done' })).status).toBe('done');
    const started = ok200(await agentPatch(w.lead, b.id, { assigned_agent_id: w.alex.agent.id, status: 'in_progress' }));
    expect(started).toMatchObject({ status: 'in_progress', assigned_agent_id: w.alex.agent.id, is_blocked: false });

    // 5. A's dependencies cannot change once A is done (user route and lead route alike).
    const afterDone = await userPatch(a.id, { depends_on_task_ids: [b.id] });
    expect(afterDone.statusCode).toBe(409);
    expect(afterDone.json().detail).toBe('Cannot change task dependencies after a task is done.');
    expect((await agentPatch(w.lead, a.id, { depends_on_task_ids: [b.id] })).statusCode).toBe(409);
    expect((await read(a.id)).depends_on_task_ids).toEqual([]);

    // 6. No self-dependency and no cycle (4xx), through either route.
    const c = await create({ title: 'BR-25 C' });
    const d = await create({ title: 'BR-25 D', depends_on_task_ids: [c.id] });
    for (const [id, deps] of [
      [c.id, [c.id]],
      [c.id, [d.id]],
    ] as const) {
      for (const res of [await userPatch(id, { depends_on_task_ids: deps }), await agentPatch(w.lead, id, { depends_on_task_ids: deps })]) {
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body).toBeLessThan(500);
      }
    }
    expect((await read(c.id)).depends_on_task_ids).toEqual([]);
    expect((await read(d.id)).depends_on_task_ids).toEqual([c.id]);
  });
});

describe('BR-27: the transition matrix follows the board rules, nothing hidden', () => {
  it('steps 1–5', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'BR-27', gateway_id: w.f.gatewayA, require_approval_for_done: false, only_lead_can_change_status: false })).id;
    const seed = async (name: string, isBoardLead = false) => {
      const seeded = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: board, name, isBoardLead, status: 'online', lastSeenAt: new Date() });
      await w.tn.t.services.database.query('UPDATE agents SET openclaw_session_id = $1 WHERE id = $2', [`agent:br27-${name}:main`, seeded.agent.id]);
      return { agent: seeded.agent, token: seeded.token };
    };
    const lead = await seed('BR27 lead', true);
    const w1 = await seed('BR27 one');

    // 1. Rule off: a worker claims an unassigned inbox task by starting it.
    const t = await create({ title: 'BR-27 T' }, board);
    const claimed = ok200(await agentPatch(w1, t.id, { status: 'in_progress' }, board));
    expect(claimed).toMatchObject({ status: 'in_progress', assigned_agent_id: w1.agent.id });

    // 2. Rule on: the same call is 403 (and changes nothing).
    ok200(await w.tn.as('alice', 'PATCH', `/api/v1/boards/${board}`, { only_lead_can_change_status: true }));
    const t1 = await create({ title: 'BR-27 T1' }, board);
    const refused = await agentPatch(w1, t1.id, { status: 'in_progress' }, board);
    expect(refused.statusCode).toBe(403);
    expect(await read(t1.id, board)).toMatchObject({ status: 'inbox', assigned_agent_id: null });

    // 3. The lead assigns and starts an inbox task in one PATCH; W1 is messaged (an agent.notify job).
    const t2 = await create({ title: 'BR-27 T2' }, board);
    const before = (await notifyJobs(w)).length;
    const started = ok200(await agentPatch(lead, t2.id, { assigned_agent_id: w1.agent.id, status: 'in_progress' }, board));
    expect(started).toMatchObject({ status: 'in_progress', assigned_agent_id: w1.agent.id });
    expect(started.in_progress_at).toMatch(/Z$/);
    const jobs = (await notifyJobs(w)).slice(before);
    expect(jobs.filter((j) => j.agent_id === w1.agent.id).map((j) => j.reason)).toEqual(['task_assigned']);

    // 4. A lead cannot take an in-progress task straight to done (only review → done/inbox).
    const t3 = await create({ title: 'BR-27 T3', status: 'in_progress', assigned_agent_id: w1.agent.id }, board);
    const done = await agentPatch(lead, t3.id, { status: 'done' }, board);
    expect(done.statusCode).toBe(403);
    expect((await read(t3.id, board)).status).toBe('in_progress');

    // 5. A lead cannot assign a task to itself.
    const t4 = await create({ title: 'BR-27 T4' }, board);
    const self = await agentPatch(lead, t4.id, { assigned_agent_id: lead.agent.id }, board);
    expect(self.statusCode).toBe(403);
    expect((await read(t4.id, board)).assigned_agent_id).toBeNull();
  });
});

describe('BR-28: a partial update changes only what it names; an empty one is a no-op', () => {
  it('steps 1–4', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'BR-28', require_approval_for_done: false })).id;
    const g1 = ok200(await w.tn.as('alice', 'POST', '/api/v1/tags', { name: 'BR-28 g1' }));
    ok200(await w.tn.as('alice', 'POST', '/api/v1/organizations/me/custom-fields', { field_key: 'points', field_type: 'integer', board_ids: [board] }));

    // 1. T in review with a tag, a custom field value, a due date and high priority.
    const created = await create({ title: 'BR-28 T', priority: 'high', due_at: '2026-07-01T09:30:00Z', tag_ids: [g1.id], custom_field_values: { points: 3 } }, board);
    const t = ok200(await userPatch(created.id, { status: 'review' }, board));
    expect(t).toMatchObject({ status: 'review', priority: 'high', due_at: '2026-07-01T09:30:00.000Z', tag_ids: [g1.id], custom_field_values: { points: 3 } });
    const { title: _t, updated_at: _u, ...rest } = t;

    // 2. A rename changes the title only, in the answer and in a fresh GET.
    const renamed = ok200(await userPatch(t.id, { title: 'renamed' }, board));
    for (const view of [renamed, await read(t.id, board)]) {
      expect(view.title).toBe('renamed');
      const { title: _vt, updated_at: _vu, ...others } = view;
      expect(others).toEqual(rest);
    }

    // 3. {} is 200 and changes nothing; no status event is recorded.
    const statusEvents = (await eventsOf(w, { taskId: t.id, type: 'task.status_changed' })).length;
    const empty = ok200(await userPatch(t.id, {}, board));
    expect(empty).toEqual({ ...renamed, updated_at: empty.updated_at });
    expect(Date.parse(empty.updated_at)).toBeGreaterThanOrEqual(Date.parse(renamed.updated_at));
    expect(await read(t.id, board)).toEqual(empty);
    expect((await eventsOf(w, { taskId: t.id, type: 'task.status_changed' })).length).toBe(statusEvents);

    // 4. An explicit empty list clears the tags; an explicit null clears the due date.
    const untagged = ok200(await userPatch(t.id, { tag_ids: [] }, board));
    expect(untagged).toMatchObject({ tag_ids: [], tags: [], status: 'review', due_at: '2026-07-01T09:30:00.000Z', custom_field_values: { points: 3 } });
    const undated = ok200(await userPatch(t.id, { due_at: null }, board));
    expect(undated).toMatchObject({ due_at: null, tag_ids: [], status: 'review', priority: 'high', custom_field_values: { points: 3 } });
    expect(await read(t.id, board)).toMatchObject({ due_at: null, tag_ids: [], title: 'renamed' });
  });
});
