// Approvals (spec 2.18, 3.5, 2.21 rows 15–16; bug 8) on both databases, including the race of
// many concurrent pending approvals for one task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard } from '../support/fixtures';
import { count, unknownId } from '../support/tenants';
import { createWorld, eventsOf, notifyJobs, ok200, type World } from '../support/work';

let w: World;
let board: string; // board A1: lead "Lena Lead", workers Alex and bob-2
const userBase = () => `/api/v1/boards/${board}/approvals`;
const agentBase = () => `/api/v1/agent/boards/${board}/approvals`;
const newTask = async (title: string, onBoard = board) => ok200(await w.tn.as('alice', 'POST', `/api/v1/boards/${onBoard}/tasks`, { title })).id as string;
const request = (taskIds: string[], extra: Record<string, unknown> = {}) => ({ action_type: 'task.complete', task_ids: taskIds, confidence: 80, payload: { reason: 'Work is done' }, ...extra });

beforeAll(async () => {
  w = await createWorld();
  board = w.f.boardA1;
});
afterAll(() => w?.close());

describe('create', () => {
  it('an agent is the author whatever the body says (bug 8); the shape is ApprovalRead', async () => {
    const t1 = await newTask('one');
    const t2 = await newTask('two');
    const created = ok200(await w.agentApi(w.alex, 'POST', agentBase(), request([t1], { agent_id: w.bob2.agent.id, rubric_scores: { clarity: 4 }, payload: { reason: 'r', taskIds: [t2, 'not-a-uuid'] } })));
    expect(created).toEqual({
      id: expect.any(String),
      board_id: board,
      action_type: 'task.complete',
      task_id: t1,
      task_ids: [t1, t2],
      task_titles: ['one', 'two'],
      payload: { reason: 'r', taskIds: [t2, 'not-a-uuid'] },
      confidence: 80,
      rubric_scores: { clarity: 4 },
      status: 'pending',
      agent_id: w.alex.agent.id,
      created_at: expect.stringMatching(/Z$/),
      resolved_at: null,
    });
    expect(await eventsOf(w, { type: 'approval.created', taskId: t1 })).toEqual([
      expect.objectContaining({ message: 'Approval requested: task.complete.', agent_id: w.alex.agent.id, board_id: board }),
    ]);
    // Through the board route, an agent token works the same way.
    const t3 = await newTask('three');
    const viaBoardRoute = ok200(await w.agentApi(w.bob2, 'POST', userBase(), request([t3], { agent_id: null })));
    expect(viaBoardRoute.agent_id).toBe(w.bob2.agent.id);
    // A user is never recorded as an agent.
    const t4 = await newTask('four');
    expect(ok200(await w.tn.as('alice', 'POST', userBase(), request([t4], { agent_id: w.alex.agent.id }))).agent_id).toBeNull();
  });

  it('bug 8: task ids must exist on this board (404), never a 500 or a cross-board link', async () => {
    const theirs = await newTask('theirs', (await createBoard(w.tn, 'alice', { name: 'Elsewhere' })).id);
    const missing = unknownId();
    const res = await w.tn.as('alice', 'POST', userBase(), request([theirs, missing]));
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toEqual({ message: 'One or more tasks were not found on this board.', missing_task_ids: [theirs, missing] });
    expect(await count(w.tn.t, 'SELECT count(*) FROM approval_task_links WHERE task_id = $1', [theirs])).toBe(0);
  });

  it('reason, confidence and status rules', async () => {
    const t = await newTask('rules');
    const noReason = await w.tn.as('alice', 'POST', userBase(), { action_type: 'x', task_id: t, confidence: 5, payload: { note: 'n' } });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().detail).toBe('lead reasoning is required');
    const copied = ok200(await w.tn.as('alice', 'POST', userBase(), { action_type: 'x', task_id: t, confidence: 5.5, lead_reasoning: 'Because', status: 'rejected' }));
    expect(copied).toMatchObject({ payload: { reason: 'Because' }, confidence: 5.5, status: 'rejected' });
    expect(copied.resolved_at).toMatch(/Z$/); // bug 8: created resolved → resolved_at set
    ok200(await w.tn.as('alice', 'POST', userBase(), { action_type: 'x', confidence: 5, payload: { decision: { reason: 'nested' } }, status: 'approved' }));
    for (const confidence of [-1, 100.5, '50', null]) {
      expect((await w.tn.as('alice', 'POST', userBase(), { action_type: 'x', confidence, lead_reasoning: 'r' })).statusCode, String(confidence)).toBe(422);
    }
    expect((await w.tn.as('alice', 'POST', userBase(), { action_type: 'x', lead_reasoning: 'r' })).statusCode).toBe(422);
    expect((await w.tn.as('alice', 'POST', userBase(), { action_type: 'x', confidence: 1, lead_reasoning: 'r', rubric_scores: { a: 1.5 } })).statusCode).toBe(422);
    const agentApproved = await w.agentApi(w.alex, 'POST', agentBase(), request([t], { status: 'approved' }));
    expect(agentApproved.statusCode).toBe(403);
    expect(agentApproved.json().detail).toBe('Agents can only create pending approvals.');
  });

  it('one pending approval per task: 409 with the conflicts, also through payload ids', async () => {
    const a = await newTask('a');
    const b = await newTask('b');
    const first = ok200(await w.tn.as('alice', 'POST', userBase(), request([a])));
    const dup = await w.agentApi(w.alex, 'POST', agentBase(), request([b], { payload: { reason: 'r', task_id: a } }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().detail).toEqual({ message: 'Each task can have only one pending approval.', conflicts: [{ task_id: a, approval_id: first.id }] });
    // Resolved approvals do not conflict; a non-pending create does not check.
    ok200(await w.tn.as('alice', 'POST', userBase(), request([a], { status: 'approved' })));
  });
});

describe('concurrency', () => {
  it('50 concurrent pending approvals for one task: exactly one succeeds', async () => {
    const task = await newTask('contested');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? w.agentApi(i % 4 === 0 ? w.alex : w.bob2, 'POST', agentBase(), request([task])) : w.tn.as('alice', 'POST', userBase(), request([task])),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(await count(w.tn.t, `SELECT count(*) FROM approvals a WHERE a.status = 'pending' AND a.task_id = $1`, [task])).toBe(1);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    for (const loser of results.filter((r) => r.statusCode === 409)) {
      expect(loser.json().detail.conflicts).toEqual([{ task_id: task, approval_id: winner.id }]);
    }
  });

  it('concurrent overlapping multi-task approvals never leave a task with two pending', async () => {
    const ids = [await newTask('x1'), await newTask('x2'), await newTask('x3')];
    const sets = [[ids[0], ids[1]], [ids[1], ids[2]], [ids[2], ids[0]], [ids[0]], [ids[1]], [ids[2]]];
    const results = await Promise.all(sets.flatMap((s) => [w.tn.as('alice', 'POST', userBase(), request(s)), w.agentApi(w.alex, 'POST', agentBase(), request([...s].reverse()))]));
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 409)).toBe(true);
    for (const id of ids) {
      const pending = await count(
        w.tn.t,
        `SELECT count(*) FROM approvals a JOIN approval_task_links l ON l.approval_id = a.id WHERE a.status = 'pending' AND l.task_id = $1`,
        [id],
      );
      expect(pending).toBe(1);
    }
  });
});

describe('resolve', () => {
  it('approve: resolved_at set, the lead is told once; re-sending changes nothing (idempotent)', async () => {
    const t = await newTask('resolve me');
    const approval = ok200(await w.agentApi(w.alex, 'POST', agentBase(), request([t])));
    const before = (await notifyJobs(w)).length;
    const approved = ok200(await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'approved' }));
    expect(approved.status).toBe('approved');
    expect(approved.resolved_at).toMatch(/Z$/);
    const again = await Promise.all([
      w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'approved' }),
      w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'approved' }),
    ]);
    for (const r of again) expect(ok200(r)).toEqual(approved);
    expect(ok200(await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, {}))).toEqual(approved);
    const jobs = (await notifyJobs(w)).slice(before);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ agent_id: w.lead.agent.id, reason: 'approval_resolved', deliver: false });
    expect(jobs[0].message).toContain('APPROVAL RESOLVED');
    expect(jobs[0].message).toContain('Decision: approved');
    expect(jobs[0].activity).toEqual({ board_id: board, task_id: t, success_type: 'approval.lead_notified', failure_type: 'approval.lead_notify_failed' });
    expect((await eventsOf(w, { taskId: t, type: 'approval.resolved' })).map((e) => e.message)).toEqual(['Approval approved: task.complete.']);
    // Staying pending notifies nobody either.
    const other = ok200(await w.tn.as('alice', 'POST', userBase(), request([await newTask('still pending')])));
    const count0 = (await notifyJobs(w)).length;
    expect(ok200(await w.tn.as('alice', 'PATCH', `${userBase()}/${other.id}`, { status: 'pending' }))).toEqual(other);
    expect((await notifyJobs(w)).length).toBe(count0);
  });

  it('reject says so; reopening clears resolved_at (bug 8) and re-checks conflicts', async () => {
    const t = await newTask('flip');
    const approval = ok200(await w.tn.as('alice', 'POST', userBase(), request([t])));
    const before = (await notifyJobs(w)).length;
    const rejected = ok200(await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'rejected' }));
    expect(rejected.resolved_at).toMatch(/Z$/);
    expect((await notifyJobs(w)).slice(before).map((j) => j.message.includes('Decision: rejected'))).toEqual([true]);
    const reopened = ok200(await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'pending' }));
    expect(reopened).toMatchObject({ status: 'pending', resolved_at: null });
    ok200(await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'rejected' }));
    const other = ok200(await w.tn.as('alice', 'POST', userBase(), request([t])));
    const conflict = await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'pending' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().detail).toEqual({ message: 'Each task can have only one pending approval.', conflicts: [{ task_id: t, approval_id: other.id }] });
  });

  it('agents cannot resolve; status null is 422; unknown or other-board approvals 404; read-only users 403', async () => {
    const t = await newTask('guarded approval');
    const approval = ok200(await w.tn.as('alice', 'POST', userBase(), request([t])));
    const agent = await w.agentApi(w.lead, 'PATCH', `${userBase()}/${approval.id}`, { status: 'approved' });
    expect(agent.statusCode).toBe(403);
    expect(agent.json().detail).toBe('Only users can resolve approvals.');
    const nul = await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: null });
    expect(nul.statusCode).toBe(422);
    expect(nul.json().detail).toBe('status is required');
    expect((await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'maybe' })).statusCode).toBe(422);
    expect((await w.tn.as('alice', 'PATCH', `${userBase()}/${unknownId()}`, { status: 'approved' })).statusCode).toBe(404);
    const elsewhere = (await createBoard(w.tn, 'alice', { name: 'Other approvals' })).id;
    expect((await w.tn.as('alice', 'PATCH', `/api/v1/boards/${elsewhere}/approvals/${approval.id}`, { status: 'approved' })).statusCode).toBe(404);
    expect((await w.tn.as('carol', 'PATCH', `${userBase()}/${approval.id}`, { status: 'approved' })).statusCode).toBe(403);
    expect((await w.tn.as('bob', 'PATCH', `${userBase()}/${approval.id}`, { status: 'approved' })).statusCode).toBe(404);
    expect((await w.tn.t.api('PATCH', `${userBase()}/${approval.id}`, { token: null, body: { status: 'approved' } })).statusCode).toBe(401);
  });

  it('the done gate is satisfied by an approved multi-task link', async () => {
    const a = await newTask('multi a');
    const b = await newTask('multi b');
    const approval = ok200(await w.tn.as('alice', 'POST', userBase(), request([a, b])));
    expect((await w.tn.as('alice', 'PATCH', `/api/v1/boards/${board}/tasks/${b}`, { status: 'done' })).statusCode).toBe(409);
    ok200(await w.tn.as('alice', 'PATCH', `${userBase()}/${approval.id}`, { status: 'approved' }));
    expect(ok200(await w.tn.as('alice', 'PATCH', `/api/v1/boards/${board}/tasks/${b}`, { status: 'done' })).status).toBe('done');
  });
});

describe('list and access', () => {
  it('newest first, status filter, pagination; users with read access and board agents', async () => {
    const all = ok200(await w.tn.as('alice', 'GET', userBase()));
    expect(all.total).toBeGreaterThan(3);
    const times = all.items.map((a: any) => a.created_at);
    expect([...times].sort().reverse()).toEqual(times);
    const pending = ok200(await w.tn.as('carol', 'GET', `${userBase()}?status=pending`));
    expect(pending.items.length).toBeGreaterThan(0);
    expect(pending.items.every((a: any) => a.status === 'pending')).toBe(true);
    const paged = ok200(await w.tn.as('alice', 'GET', `${userBase()}?limit=2&offset=1`));
    expect(paged.items.map((a: any) => a.id)).toEqual(all.items.slice(1, 3).map((a: any) => a.id));
    expect((await w.tn.as('alice', 'GET', `${userBase()}?status=maybe`)).statusCode).toBe(422);
    expect(ok200(await w.agentApi(w.alex, 'GET', `${agentBase()}?status=pending`)).total).toBe(pending.total);
    expect(ok200(await w.agentApi(w.mainA, 'GET', agentBase())).total).toBe(all.total);
  });

  it('other organizations and other boards are refused', async () => {
    expect((await w.tn.as('bob', 'GET', userBase())).statusCode).toBe(404);
    expect((await w.tn.as('bob', 'POST', userBase(), request([]))).statusCode).toBe(404);
    expect((await w.tn.as('carol', 'POST', userBase(), request([]))).statusCode).toBe(403);
    // Agents of another organization (board or gateway-main, bug 3) get 404 like an unknown board.
    expect((await w.agentApi(w.olga, 'GET', agentBase())).statusCode).toBe(404);
    expect((await w.agentApi(w.olga, 'POST', agentBase(), request([]))).statusCode).toBe(404);
    expect((await w.agentApi(w.mainB, 'GET', agentBase())).statusCode).toBe(404);
    expect((await w.agentApi(w.mainB, 'POST', userBase(), request([]))).statusCode).toBe(404);
    const approval = ok200(await w.tn.as('alice', 'GET', userBase())).items[0];
    expect((await w.agentApi(w.mainB, 'PATCH', `${userBase()}/${approval.id}`, { status: 'rejected' })).statusCode).toBe(404);
    // A gateway-main agent reads its organization's approvals but is no board member to request one.
    expect((await w.agentApi(w.mainA, 'POST', agentBase(), request([]))).statusCode).toBe(403);
    expect((await w.tn.t.api('GET', agentBase(), { token: null })).statusCode).toBe(401);
  });
});
