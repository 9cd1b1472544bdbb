import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { asAgent, boardAgent } from '../support/notify-jobs';
import { createTenants, insertTask, type Tenants } from '../support/tenants';

let tn: Tenants;
let f: TwoOrgs;
let taskA1: string;
let taskA2: string;
let worker: Awaited<ReturnType<typeof boardAgent>>;
const ids: Record<string, string> = {};
const mine = (items: { id: string }[]) => items.map((i) => i.id).filter((id) => Object.values(ids).includes(id));

async function event(name: string, values: { type: string; board?: string | null; task?: string | null; agent?: string | null; message?: string | null; minutesAgo: number }) {
  const [row] = await tn.t.services.database.query<{ id: string }>(
    `INSERT INTO activity_events (event_type, board_id, task_id, agent_id, message, created_at)
     VALUES ($1, $2, $3, $4, $5, now() - make_interval(mins => $6)) RETURNING id`,
    [values.type, values.board ?? null, values.task ?? null, values.agent ?? null, values.message ?? null, values.minutesAgo],
  );
  ids[name] = row.id;
}

beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
  taskA1 = await insertTask(tn.t, f.boardA1, 'Write docs');
  taskA2 = await insertTask(tn.t, f.boardA2, 'Hidden task');
  const taskB1 = await insertTask(tn.t, f.boardB1, 'Other tenant');
  worker = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA1, name: 'Wren' });
  await tn.t.services.database.query(`UPDATE agents SET identity_profile = '{"role": "Researcher"}' WHERE id = $1`, [worker.agent.id]);
  await event('comment', { type: 'task.comment', board: f.boardA1, task: taskA1, agent: worker.agent.id, message: 'Draft is up', minutesAgo: 10 });
  await event('blankComment', { type: 'task.comment', board: f.boardA1, task: taskA1, message: '   ', minutesAgo: 9 });
  await event('approval', { type: 'approval.lead_notified', board: f.boardA1, minutesAgo: 8 });
  await event('chat', { type: 'board.chat.message', board: f.boardA1, minutesAgo: 7 });
  await event('taskUpdate', { type: 'task.updated', board: f.boardA1, task: taskA1, minutesAgo: 6 });
  await event('boardOnly', { type: 'agent.nudge.sent', board: f.boardA1, minutesAgo: 5 });
  await event('taskNoBoard', { type: 'task.status_changed', board: null, task: taskA1, agent: worker.agent.id, minutesAgo: 4 });
  await event('global', { type: 'agent.heartbeat', board: null, agent: worker.agent.id, minutesAgo: 3 });
  await event('a2', { type: 'task.comment', board: f.boardA2, task: taskA2, message: 'A2 secret', minutesAgo: 2 });
  await event('b1', { type: 'task.comment', board: f.boardB1, task: taskB1, message: 'B secret', minutesAgo: 1 });
});
afterAll(() => tn?.close());

describe('GET /activity', () => {
  it('users see events of readable boards (directly or through the task), newest first, with route hints', async () => {
    const res = await tn.as('carol', 'GET', '/api/v1/activity');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const order = ['taskNoBoard', 'boardOnly', 'taskUpdate', 'chat', 'approval', 'blankComment', 'comment'];
    // Other events (the fixtures' own, e.g. board creation) may be listed too; ours keep their order.
    expect(mine(body.items)).toEqual(order.map((n) => ids[n]));
    expect(body.total).toBe(body.items.length);
    const byId = new Map(body.items.map((i: any) => [i.id, i]));
    expect(byId.get(ids.comment)).toMatchObject({ route_name: 'board', route_params: { boardId: f.boardA1, taskId: taskA1, commentId: ids.comment }, message: 'Draft is up' });
    expect(byId.get(ids.approval)).toMatchObject({ route_name: 'board.approvals', route_params: { boardId: f.boardA1 } });
    expect(byId.get(ids.chat)).toMatchObject({ route_name: 'board', route_params: { boardId: f.boardA1, panel: 'chat' } });
    expect(byId.get(ids.taskUpdate)).toMatchObject({ route_params: { boardId: f.boardA1, taskId: taskA1 } });
    expect(byId.get(ids.boardOnly)).toMatchObject({ route_params: { boardId: f.boardA1 } });
    // The event had no board: it takes its task's board.
    expect(byId.get(ids.taskNoBoard)).toMatchObject({ board_id: f.boardA1, route_params: { boardId: f.boardA1, taskId: taskA1 } });
    expect((byId.get(ids.comment) as any).created_at).toMatch(/Z$/);
  });

  it('org-wide readers see every board of their organization, never another organization', async () => {
    const body = (await tn.as('alice', 'GET', '/api/v1/activity?limit=200')).json();
    const seen = body.items.map((i: any) => i.id);
    expect(seen).toContain(ids.a2);
    expect(seen).not.toContain(ids.b1);
    expect(seen).not.toContain(ids.global);
    const bob = (await tn.as('bob', 'GET', '/api/v1/activity')).json();
    expect(mine(bob.items)).toEqual([ids.b1]);
    expect(bob.items.every((i: any) => i.board_id === f.boardB1)).toBe(true);
  });

  it('members without board access see nothing; pagination keeps the total', async () => {
    expect((await tn.as('dave', 'GET', '/api/v1/activity')).json()).toEqual({ items: [], total: 0, limit: 200, offset: 0 });
    const full = (await tn.as('carol', 'GET', '/api/v1/activity')).json();
    const paged = (await tn.as('carol', 'GET', '/api/v1/activity?limit=2&offset=1')).json();
    expect(paged.items).toEqual(full.items.slice(1, 3));
    expect(paged.total).toBe(full.total);
    expect(full.items.every((i: any) => i.board_id === f.boardA1)).toBe(true);
    expect((await tn.as('carol', 'GET', '/api/v1/activity?limit=201')).statusCode).toBe(422);
  });

  it('agents see only their own events; events without a board point at the activity page', async () => {
    const res = await asAgent(tn.t, worker.token, 'GET', '/api/v1/activity');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.map((i: any) => i.id)).toEqual([ids.global, ids.taskNoBoard, ids.comment]);
    expect(items[0]).toMatchObject({ board_id: null, route_name: 'activity', route_params: { eventId: ids.global, eventType: 'agent.heartbeat' } });
    expect(items[0].route_params.createdAt).toBe(items[0].created_at);
  });

  it('401 without credentials', async () => {
    expect((await tn.t.api('GET', '/api/v1/activity', { token: null })).statusCode).toBe(401);
  });
});

describe('GET /activity/task-comments', () => {
  it('non-blank comments on readable boards with agent, task and board names, newest first', async () => {
    const res = await tn.as('carol', 'GET', '/api/v1/activity/task-comments');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, limit: 200, offset: 0 });
    expect(res.json().items).toEqual([
      {
        id: ids.comment,
        created_at: expect.stringMatching(/Z$/),
        message: 'Draft is up',
        agent_id: worker.agent.id,
        agent_name: 'Wren',
        agent_role: 'Researcher',
        task_id: taskA1,
        task_title: 'Write docs',
        board_id: f.boardA1,
        board_name: 'A one',
      },
    ]);
    const alice = (await tn.as('alice', 'GET', '/api/v1/activity/task-comments')).json();
    expect(alice.items.map((i: any) => i.id)).toEqual([ids.a2, ids.comment]);
  });

  it('board_id narrows to a readable board; unreadable or foreign boards are 403', async () => {
    const one = (await tn.as('alice', 'GET', `/api/v1/activity/task-comments?board_id=${f.boardA2}`)).json();
    expect(one.items.map((i: any) => i.id)).toEqual([ids.a2]);
    expect((await tn.as('carol', 'GET', `/api/v1/activity/task-comments?board_id=${f.boardA2}`)).statusCode).toBe(403);
    expect((await tn.as('alice', 'GET', `/api/v1/activity/task-comments?board_id=${f.boardB1}`)).statusCode).toBe(403);
    expect((await tn.as('alice', 'GET', '/api/v1/activity/task-comments?board_id=x')).statusCode).toBe(422);
  });

  it('is for users only', async () => {
    expect((await asAgent(tn.t, worker.token, 'GET', '/api/v1/activity/task-comments')).statusCode).toBe(401);
  });
});
