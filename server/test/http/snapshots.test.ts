import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardSnapshot } from '../../src/presenters/snapshots';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { asAgent, boardAgent } from '../support/notify-jobs';
import { createTenants, type Tenants } from '../support/tenants';

let tn: Tenants;
let f: TwoOrgs;
let groupId: string;
let lead: Awaited<ReturnType<typeof boardAgent>>;
let worker: Awaited<ReturnType<typeof boardAgent>>;
let otherAgent: Awaited<ReturnType<typeof boardAgent>>;
const task: Record<string, string> = {};
let tagId: string;
let approvalLinked: string;
let approvalLegacy: string;

const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => tn.t.services.database.query<T>(sql, params);

async function addTask(name: string, board: string, values: { status?: string; priority?: string; assignee?: string | null; minutesAgo: number }) {
  const [row] = await q<{ id: string }>(
    `INSERT INTO tasks (board_id, title, status, priority, assigned_agent_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, now() - make_interval(mins => $6), now() - make_interval(mins => $6)) RETURNING id`,
    [board, name, values.status ?? 'inbox', values.priority ?? 'medium', values.assignee ?? null, values.minutesAgo],
  );
  task[name] = row.id;
}

beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
  groupId = (await tn.as('alice', 'POST', '/api/v1/board-groups', { name: 'Launch' })).json().id;
  await q('UPDATE boards SET board_group_id = $1 WHERE id = ANY($2::uuid[])', [groupId, [f.boardA1, f.boardA2]]);
  lead = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA1, name: 'Lena', lead: true });
  worker = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA1, name: 'Wes' });
  otherAgent = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA2, name: 'Otto' });
  await q("UPDATE agents SET status = 'online', last_seen_at = now() WHERE id = $1", [worker.agent.id]);
  // Board A1: five tasks, newest last.
  await addTask('design', f.boardA1, { status: 'done', minutesAgo: 50 });
  await addTask('build', f.boardA1, { status: 'in_progress', assignee: worker.agent.id, priority: 'low', minutesAgo: 40 });
  await addTask('review', f.boardA1, { status: 'review', priority: 'high', minutesAgo: 30 });
  await addTask('ship', f.boardA1, { status: 'inbox', priority: 'high', minutesAgo: 20 });
  await addTask('polish', f.boardA1, { status: 'inbox', priority: 'low', minutesAgo: 10 });
  // Board A2: one task.
  await addTask('a2-task', f.boardA2, { status: 'in_progress', assignee: otherAgent.agent.id, minutesAgo: 5 });
  for (const dependsOn of [task.design, task.build]) {
    await q('INSERT INTO task_dependencies (board_id, task_id, depends_on_task_id) VALUES ($1, $2, $3)', [f.boardA1, task.ship, dependsOn]);
  }
  [{ id: tagId }] = await q<{ id: string }>("INSERT INTO tags (organization_id, name, slug, color) VALUES ($1, 'Urgent', 'urgent', 'ff0000') RETURNING id", [f.orgA]);
  await q('INSERT INTO tag_assignments (task_id, tag_id) VALUES ($1, $2)', [task.ship, tagId]);
  [{ id: approvalLinked }] = await q<{ id: string }>(
    "INSERT INTO approvals (board_id, task_id, agent_id, action_type, confidence, status, created_at) VALUES ($1, $2, $3, 'task.complete', 80, 'pending', now() - interval '2 minutes') RETURNING id",
    [f.boardA1, task.review, worker.agent.id],
  );
  await q('INSERT INTO approval_task_links (approval_id, task_id) VALUES ($1, $2), ($1, $3)', [approvalLinked, task.review, task.ship]);
  [{ id: approvalLegacy }] = await q<{ id: string }>(
    "INSERT INTO approvals (board_id, task_id, action_type, confidence, status, resolved_at, created_at) VALUES ($1, $2, 'task.complete', 55.5, 'approved', now(), now() - interval '1 minute') RETURNING id",
    [f.boardA1, task.review],
  );
  await q(
    `INSERT INTO board_memory (board_id, content, is_chat, tags, created_at) VALUES
       ($1, 'first', true, '["chat"]', now() - interval '3 minutes'),
       ($1, 'a note', false, null, now() - interval '2 minutes'),
       ($1, '  ', true, '["chat"]', now() - interval '90 seconds'),
       ($1, 'second', true, '["chat"]', now() - interval '1 minute')`,
    [f.boardA1],
  );
});
afterAll(() => tn?.close());

describe('GET /boards/{id}/snapshot', () => {
  it('tasks newest first as cards, agents, approvals, chat oldest first, pending count', async () => {
    const res = await tn.as('alice', 'GET', `/api/v1/boards/${f.boardA1}/snapshot`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.board.id).toBe(f.boardA1);
    expect(s.tasks.map((t: any) => t.title)).toEqual(['polish', 'ship', 'review', 'build', 'design']);
    const byTitle = new Map(s.tasks.map((t: any) => [t.title, t]));
    expect(byTitle.get('ship')).toMatchObject({
      depends_on_task_ids: [task.design, task.build],
      blocked_by_task_ids: [task.build],
      is_blocked: true,
      tag_ids: [tagId],
      tags: [{ id: tagId, name: 'Urgent', slug: 'urgent', color: 'ff0000' }],
      custom_field_values: null,
      approvals_count: 1,
      approvals_pending_count: 1,
    });
    expect(byTitle.get('review')).toMatchObject({ approvals_count: 2, approvals_pending_count: 1 });
    expect(byTitle.get('build')).toMatchObject({ assignee: 'Wes', assigned_agent_id: worker.agent.id, approvals_count: 0 });
    expect(byTitle.get('design')).toMatchObject({ assignee: null, is_blocked: false });
    expect(s.agents.map((a: any) => a.name)).toEqual(['Wes', 'Lena']);
    expect(s.agents[0].status).toBe('online');
    expect(s.approvals.map((a: any) => a.id)).toEqual([approvalLegacy, approvalLinked]);
    expect(s.approvals[1]).toMatchObject({ task_id: task.review, task_ids: [task.review, task.ship], task_titles: ['review', 'ship'], status: 'pending', confidence: 80 });
    expect(s.approvals[0]).toMatchObject({ task_ids: [task.review], task_id: task.review, task_titles: ['review'], status: 'approved', confidence: 55.5 });
    expect(s.approvals[0].resolved_at).toMatch(/Z$/);
    expect(s.chat_messages.map((m: any) => m.content)).toEqual(['first', 'second']);
    expect(s.pending_approvals_count).toBe(1);
  });

  it('conforms to the documented BoardSnapshot schema, with no field it does not declare', async () => {
    // The snapshot is serialized without a per-request schema pass (http/trusted-serializer.ts):
    // its presenters are what keeps it to the schema, checked here on a board with every kind of row.
    const s = (await tn.as('alice', 'GET', `/api/v1/boards/${f.boardA1}/snapshot`)).json();
    expect(s.tasks.length).toBeGreaterThan(0);
    expect(s.agents.length).toBeGreaterThan(0);
    expect(s.approvals.length).toBeGreaterThan(0);
    expect(s.chat_messages.length).toBeGreaterThan(0);
    const strict = BoardSnapshot.parse(s);
    expect(s).toEqual(strict);
  });

  it('carries the latest 200 chat messages and approvals', async () => {
    await q(
      `INSERT INTO board_memory (board_id, content, is_chat, created_at)
       SELECT $1, 'bulk ' || i, true, now() + make_interval(secs => i) FROM generate_series(1, 205) AS i`,
      [f.boardA2],
    );
    await q(
      `INSERT INTO approvals (board_id, action_type, confidence, status, created_at)
       SELECT $1, 'x', 50, 'pending', now() + make_interval(secs => i) FROM generate_series(1, 203) AS i`,
      [f.boardA2],
    );
    const s = (await tn.as('alice', 'GET', `/api/v1/boards/${f.boardA2}/snapshot`)).json();
    expect(s.chat_messages).toHaveLength(200);
    expect(s.chat_messages[0].content).toBe('bulk 6');
    expect(s.chat_messages[199].content).toBe('bulk 205');
    expect(s.approvals).toHaveLength(200);
    expect(s.pending_approvals_count).toBe(203);
  });

  it('users with board read and agents of the board; others 403/404; 401 without credentials', async () => {
    expect((await tn.as('carol', 'GET', `/api/v1/boards/${f.boardA1}/snapshot`)).statusCode).toBe(200);
    expect((await asAgent(tn.t, worker.token, 'GET', `/api/v1/boards/${f.boardA1}/snapshot`)).statusCode).toBe(200);
    expect((await tn.as('dave', 'GET', `/api/v1/boards/${f.boardA1}/snapshot`)).statusCode).toBe(403);
    expect((await asAgent(tn.t, otherAgent.token, 'GET', `/api/v1/boards/${f.boardA1}/snapshot`)).statusCode).toBe(403);
    expect((await tn.as('bob', 'GET', `/api/v1/boards/${f.boardA1}/snapshot`)).statusCode).toBe(404);
    expect((await tn.t.api('GET', `/api/v1/boards/${f.boardA1}/snapshot`, { token: null })).statusCode).toBe(401);
    expect((await tn.as('alice', 'GET', '/api/v1/boards/x/snapshot')).statusCode).toBe(422);
  });
});

describe('group snapshots', () => {
  it("a board's group snapshot lists the other boards by default, tasks by status and priority, done left out", async () => {
    const res = await asAgent(tn.t, worker.token, 'GET', `/api/v1/boards/${f.boardA1}/group-snapshot`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.group).toMatchObject({ id: groupId, name: 'Launch' });
    expect(s.boards.map((b: any) => b.board.id)).toEqual([f.boardA2]);
    expect(s.boards[0].tasks).toEqual([
      expect.objectContaining({ id: task['a2-task'], board_name: 'A two', assignee: 'Otto', status: 'in_progress', tags: [] }),
    ]);
    const self = (await asAgent(tn.t, worker.token, 'GET', `/api/v1/boards/${f.boardA1}/group-snapshot?include_self=true&per_board_task_limit=10`)).json();
    const a1 = self.boards.find((b: any) => b.board.id === f.boardA1);
    expect(a1.task_counts).toEqual({ done: 1, in_progress: 1, review: 1, inbox: 2 });
    expect(a1.tasks.map((t: any) => t.title)).toEqual(['build', 'review', 'ship', 'polish']);
    expect(a1.tasks[2].tags).toEqual([{ id: tagId, name: 'Urgent', slug: 'urgent', color: 'ff0000' }]);
    expect(a1.tasks[0]).toMatchObject({ assignee: 'Wes', board_id: f.boardA1 });
  });

  it('include_done and per_board_task_limit (0: counts only; out of range 422)', async () => {
    const url = `/api/v1/boards/${f.boardA2}/group-snapshot?include_self=false`;
    const done = (await tn.as('alice', 'GET', `${url}&include_done=true&per_board_task_limit=100`)).json();
    expect(done.boards[0].tasks.map((t: any) => t.title)).toEqual(['build', 'review', 'ship', 'polish', 'design']);
    const capped = (await tn.as('alice', 'GET', `${url}&per_board_task_limit=2`)).json();
    expect(capped.boards[0].tasks.map((t: any) => t.title)).toEqual(['build', 'review']);
    const none = (await tn.as('alice', 'GET', `${url}&per_board_task_limit=0`)).json();
    expect(none.boards[0]).toMatchObject({ tasks: [], task_counts: { inbox: 2, done: 1, review: 1, in_progress: 1 } });
    expect((await tn.as('alice', 'GET', `${url}&per_board_task_limit=101`)).statusCode).toBe(422);
    expect((await tn.as('alice', 'GET', `${url}&per_board_task_limit=-1`)).statusCode).toBe(422);
  });

  it('users see only the group boards they can read; a board in no group gives an empty snapshot', async () => {
    const carol = (await tn.as('carol', 'GET', `/api/v1/boards/${f.boardA1}/group-snapshot?include_self=true`)).json();
    expect(carol.boards.map((b: any) => b.board.id)).toEqual([f.boardA1]);
    const solo = await tn.as('bob', 'GET', `/api/v1/boards/${f.boardB1}/group-snapshot`);
    expect(solo.json()).toEqual({ group: null, boards: [] });
    expect((await tn.as('bob', 'GET', `/api/v1/boards/${f.boardA1}/group-snapshot`)).statusCode).toBe(404);
    expect((await tn.as('dave', 'GET', `/api/v1/boards/${f.boardA1}/group-snapshot`)).statusCode).toBe(403);
  });

  it('the group snapshot by group id: readable boards by name; 403 without access, 404 for other organizations', async () => {
    const alice = (await tn.as('alice', 'GET', `/api/v1/board-groups/${groupId}/snapshot`)).json();
    expect(alice.boards.map((b: any) => b.board.name)).toEqual(['A one', 'A two']);
    const carol = (await tn.as('carol', 'GET', `/api/v1/board-groups/${groupId}/snapshot`)).json();
    expect(carol.boards.map((b: any) => b.board.name)).toEqual(['A one']);
    expect((await tn.as('dave', 'GET', `/api/v1/board-groups/${groupId}/snapshot`)).statusCode).toBe(403);
    expect((await tn.as('bob', 'GET', `/api/v1/board-groups/${groupId}/snapshot`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', `/api/v1/board-groups/${groupId}/snapshot?per_board_task_limit=-1`)).statusCode).toBe(422);
  });
});
