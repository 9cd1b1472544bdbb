import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onBoardUpdated, type BoardUpdated } from '../../src/domain/boards/events';
import { GATEWAY_AGENT_DELETE_QUEUE } from '../../src/jobs/queue-names';
import { actorBoardFor } from '../../src/policies';
import { seedAgent } from '../support/agents';
import { createBoard, twoOrgs, type TwoOrgs } from '../support/fixtures';
import { count, createTenants, insertGateway, insertTask, unknownId, type Tenants } from '../support/tenants';


let tn: Tenants;
let f: TwoOrgs;
const updates: BoardUpdated[] = [];
beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
  onBoardUpdated(async (_services, event) => {
    updates.push(event);
  });
});
afterAll(() => tn?.close());

const B = '/api/v1/boards';

describe('board create', () => {
  it('applies the reference defaults and derives the slug', async () => {
    const res = await tn.as('dave', 'POST', B, { name: 'Launch Plan', description: '  Ship it  ' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      organization_id: f.orgA,
      name: 'Launch Plan',
      slug: 'launch-plan',
      description: 'Ship it',
      gateway_id: null,
      board_group_id: null,
      board_type: 'goal',
      goal_confirmed: false,
      require_approval_for_done: true,
      require_review_before_done: false,
      comment_required_for_review: false,
      block_status_changes_with_pending_approval: false,
      only_lead_can_change_status: false,
      max_agents: 1,
    });
    // the creator (an admin without org-wide write) can work on the board they made
    expect((await tn.as('dave', 'PATCH', `${B}/${res.json().id}`, { objective: 'o' })).statusCode).toBe(200);
  });

  it('keeps overrides, goal fields and a date-only target date at midnight UTC', async () => {
    const board = await createBoard(tn, 'alice', {
      name: 'Goal',
      slug: 'My Goal',
      board_type: 'goal',
      goal_confirmed: true,
      objective: 'Grow',
      success_metrics: { users: 100 },
      target_date: '2026-03-10',
      require_approval_for_done: false,
      only_lead_can_change_status: true,
      max_agents: 0,
    });
    expect(board).toMatchObject({ slug: 'my-goal', goal_confirmed: true, success_metrics: { users: 100 }, target_date: '2026-03-10T00:00:00.000Z', require_approval_for_done: false, only_lead_can_change_status: true, max_agents: 0 });
  });

  it.each([
    ['description missing', { name: 'x' }, 'description is required'],
    ['description blank', { name: 'x', description: '   ' }, 'description is required'],
    ['name blank', { name: ' ', description: 'd' }, 'name is required'],
    ['negative max_agents', { name: 'x', description: 'd', max_agents: -1 }, null],
    ['unknown board_type', { name: 'x', description: 'd', board_type: 'epic' }, null],
    ['bad target_date', { name: 'x', description: 'd', target_date: 'soon' }, null],
    ['confirmed goal without metrics', { name: 'x', description: 'd', goal_confirmed: true, objective: 'o' }, 'Confirmed goal boards require objective and success_metrics'],
  ])('422 for %s', async (_name, body, message) => {
    const res = await tn.as('alice', 'POST', B, body);
    expect(res.statusCode).toBe(422);
    if (message) expect(JSON.stringify(res.json().detail)).toContain(message);
  });

  it('an unconfirmed goal board and a general board need no goal fields', async () => {
    expect((await tn.as('alice', 'POST', B, { name: 'u', description: 'd', board_type: 'goal' })).statusCode).toBe(200);
    expect((await tn.as('alice', 'POST', B, { name: 'g', description: 'd', board_type: 'general', goal_confirmed: true })).statusCode).toBe(200);
  });

  it('the gateway and group must be the organization own', async () => {
    const foreignGateway = await tn.as('alice', 'POST', B, { name: 'x', description: 'd', gateway_id: f.gatewayB });
    expect(foreignGateway.statusCode).toBe(422);
    expect(foreignGateway.json().detail[0].msg).toBe('gateway_id is invalid');
    expect((await tn.as('alice', 'POST', B, { name: 'x', description: 'd', gateway_id: unknownId() })).statusCode).toBe(422);
    const groupB = (await tn.as('bob', 'POST', '/api/v1/board-groups', { name: 'B group' })).json();
    const foreignGroup = await tn.as('alice', 'POST', B, { name: 'x', description: 'd', board_group_id: groupB.id });
    expect(foreignGroup.statusCode).toBe(422);
    expect(foreignGroup.json().detail[0].msg).toBe('board_group_id is invalid');
  });

  it('only org admins create boards', async () => {
    expect((await tn.as('carol', 'POST', B, { name: 'x', description: 'd' })).statusCode).toBe(403);
    expect((await tn.t.api('POST', B, { token: null, body: { name: 'x', description: 'd' } })).statusCode).toBe(401);
  });
});

describe('board read', () => {
  it('lists only boards the member can read, of the active organization', async () => {
    const carol = (await tn.as('carol', 'GET', B)).json();
    expect(carol.items.map((b: any) => b.id)).toEqual([f.boardA1]);
    expect(carol.total).toBe(1);
    const bob = (await tn.as('bob', 'GET', B)).json();
    expect(bob.items.every((b: any) => b.organization_id === f.orgB)).toBe(true);
    // an admin is not granted access to other boards, only to the ones they created
    const dave = (await tn.as('dave', 'GET', B)).json();
    expect(dave.items.map((b: any) => b.name)).toEqual(['Launch Plan']);
    expect((await tn.as('dave', 'GET', `${B}/${f.boardA1}`)).statusCode).toBe(403);
  });

  it('orders by name case-insensitively, paginates, and filters by gateway and group', async () => {
    const all = (await tn.as('alice', 'GET', B)).json();
    const names = all.items.map((b: any) => b.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    const pageTwo = (await tn.as('alice', 'GET', `${B}?limit=2&offset=2`)).json();
    expect(pageTwo.items.map((b: any) => b.id)).toEqual(all.items.slice(2, 4).map((b: any) => b.id));
    expect(pageTwo.total).toBe(all.total);
    const byGateway = (await tn.as('alice', 'GET', `${B}?gateway_id=${f.gatewayA}`)).json();
    expect(byGateway.items.map((b: any) => b.id)).toEqual([f.boardA1]);
    expect((await tn.as('alice', 'GET', `${B}?gateway_id=${f.gatewayB}`)).json().items).toEqual([]);
    expect((await tn.as('alice', 'GET', `${B}?gateway_id=nope`)).statusCode).toBe(422);
  });

  it('GET one: 200 with read, 403 without, 404 across organizations and for unknown ids, 422 for bad ids (bug 15)', async () => {
    expect((await tn.as('carol', 'GET', `${B}/${f.boardA1}`)).statusCode).toBe(200);
    const denied = await tn.as('carol', 'GET', `${B}/${f.boardA2}`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toBe('Board access denied');
    const cross = await tn.as('bob', 'GET', `${B}/${f.boardA1}`);
    expect(cross.statusCode).toBe(404);
    expect(cross.body).not.toContain('A one');
    expect((await tn.as('alice', 'GET', `${B}/${unknownId()}`)).statusCode).toBe(404);
    for (const bad of ['not-a-uuid', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g']) {
      expect((await tn.as('alice', 'GET', `${B}/${encodeURIComponent(bad)}`)).statusCode).toBe(422);
    }
  });
});

describe('board update', () => {
  it('changes only the fields sent (partial update) and reports the change set', async () => {
    const board = await createBoard(tn, 'alice', { name: 'Partial', objective: 'keep', max_agents: 3, require_review_before_done: true });
    updates.length = 0;
    const res = await tn.as('alice', 'PATCH', `${B}/${board.id}`, { name: 'Renamed' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Renamed', objective: 'keep', max_agents: 3, require_review_before_done: true, slug: 'partial', description: 'Work' });
    expect(new Date(res.json().updated_at).getTime()).toBeGreaterThanOrEqual(new Date(board.updated_at).getTime());
    expect(updates.map((u) => u.changes.map((c) => c.field))).toEqual([['name']]);
    const again = await tn.as('alice', 'PATCH', `${B}/${board.id}`, { name: 'Renamed', max_agents: 3 });
    expect(again.statusCode).toBe(200);
    expect(updates).toHaveLength(1); // nothing actually changed
    expect(await count(tn.t, "SELECT count(*) FROM activity_events WHERE board_id = $1 AND event_type = 'board.updated'", [board.id])).toBe(1);
  });

  it('explicit null clears nullable fields and is 422 for required ones', async () => {
    const board = await createBoard(tn, 'alice', { name: 'Nulls', objective: 'o', gateway_id: f.gatewayA });
    const cleared = await tn.as('alice', 'PATCH', `${B}/${board.id}`, { objective: null, gateway_id: null });
    expect(cleared.json()).toMatchObject({ objective: null, gateway_id: null });
    for (const body of [{ description: null }, { description: '  ' }, { name: null }, { max_agents: -1 }, { require_approval_for_done: null }, { board_type: null }]) {
      expect((await tn.as('alice', 'PATCH', `${B}/${board.id}`, body)).statusCode).toBe(422);
    }
  });

  it('making a board a goal board needs objective and success metrics', async () => {
    const board = await createBoard(tn, 'alice', { name: 'Gen', board_type: 'general' });
    const res = await tn.as('alice', 'PATCH', `${B}/${board.id}`, { board_type: 'goal' });
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json().detail)).toContain('Goal boards require objective and success_metrics');
    const ok = await tn.as('alice', 'PATCH', `${B}/${board.id}`, { board_type: 'goal', objective: 'o', success_metrics: { a: 1 } });
    expect(ok.statusCode).toBe(200);
  });

  it('the gateway must be the organization own and cannot change under existing agents', async () => {
    const board = await createBoard(tn, 'alice', { name: 'Gw', gateway_id: f.gatewayA });
    expect((await tn.as('alice', 'PATCH', `${B}/${board.id}`, { gateway_id: f.gatewayB })).statusCode).toBe(422);
    await tn.t.services.database.query(`INSERT INTO agents (board_id, gateway_id, name) VALUES ($1, $2, 'lead')`, [board.id, f.gatewayA]);
    const other = await insertGateway(tn.t, f.orgA, 'second');
    const res = await tn.as('alice', 'PATCH', `${B}/${board.id}`, { gateway_id: other });
    expect(res.statusCode).toBe(409);
    expect((await tn.as('alice', 'PATCH', `${B}/${board.id}`, { gateway_id: f.gatewayA, name: 'Gw2' })).statusCode).toBe(200);
  });

  it('joining, moving between and leaving groups is reported as a group move', async () => {
    const g1 = (await tn.as('alice', 'POST', '/api/v1/board-groups', { name: 'G1' })).json();
    const g2 = (await tn.as('alice', 'POST', '/api/v1/board-groups', { name: 'G2' })).json();
    const board = await createBoard(tn, 'alice', { name: 'Mover' });
    updates.length = 0;
    await tn.as('alice', 'PATCH', `${B}/${board.id}`, { board_group_id: g1.id });
    await tn.as('alice', 'PATCH', `${B}/${board.id}`, { board_group_id: g2.id });
    await tn.as('alice', 'PATCH', `${B}/${board.id}`, { board_group_id: null });
    expect(updates.map((u) => u.group)).toEqual([
      { left: null, joined: g1.id },
      { left: g1.id, joined: g2.id },
      { left: g2.id, joined: null },
    ]);
    const groupB = (await tn.as('bob', 'POST', '/api/v1/board-groups', { name: 'theirs' })).json();
    expect((await tn.as('alice', 'PATCH', `${B}/${board.id}`, { board_group_id: groupB.id })).statusCode).toBe(422);
  });

  it('needs board write: read-only 403, other organizations 404', async () => {
    expect((await tn.as('carol', 'PATCH', `${B}/${f.boardA1}`, { name: 'x' })).statusCode).toBe(403);
    expect((await tn.as('bob', 'PATCH', `${B}/${f.boardA1}`, { name: 'x' })).statusCode).toBe(404);
    expect((await tn.as('bob', 'PATCH', `${B}/bad`, { name: 'x' })).statusCode).toBe(422);
  });
});

describe('board delete', () => {
  it('bug 16: board write is not enough, it takes an org admin', async () => {
    const board = await createBoard(tn, 'alice', { name: 'Writable' });
    await tn.as('alice', 'PUT', `/api/v1/organizations/me/members/${f.members.carol}/access`, {
      board_access: [{ board_id: f.boardA1 }, { board_id: board.id, can_write: true }],
    });
    expect((await tn.as('carol', 'PATCH', `${B}/${board.id}`, { name: 'Carol was here' })).statusCode).toBe(200);
    const res = await tn.as('carol', 'DELETE', `${B}/${board.id}`);
    expect(res.statusCode).toBe(403);
    expect((await tn.as('alice', 'GET', `${B}/${board.id}`)).statusCode).toBe(200);
  });

  it('other organizations get 404 and nothing is deleted', async () => {
    expect((await tn.as('bob', 'DELETE', `${B}/${f.boardA1}`)).statusCode).toBe(404);
    expect((await tn.as('bob', 'DELETE', `${B}/${unknownId()}`)).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', `${B}/${f.boardA1}`)).statusCode).toBe(200);
  });

  it('deletes the board with everything on it and queues the gateway cleanup of its agents', async () => {
    const board = await createBoard(tn, 'alice', { name: 'Full', gateway_id: f.gatewayA });
    const db = tn.t.services.database;
    const task = await insertTask(tn.t, board.id);
    const other = await insertTask(tn.t, board.id, 'dep');
    const tag = (await tn.as('alice', 'POST', '/api/v1/tags', { name: 'on-full' })).json();
    const field = (await tn.as('alice', 'POST', '/api/v1/organizations/me/custom-fields', { field_key: 'full_pts', field_type: 'integer', board_ids: [board.id, f.boardA1] })).json();
    const [agent] = await db.query<{ id: string }>(`INSERT INTO agents (board_id, gateway_id, name, openclaw_session_id) VALUES ($1,$2,'worker','agent:w:main') RETURNING id`, [board.id, f.gatewayA]);
    await db.query(`INSERT INTO task_dependencies (board_id, task_id, depends_on_task_id) VALUES ($1,$2,$3)`, [board.id, task, other]);
    await db.query(`INSERT INTO tag_assignments (task_id, tag_id) VALUES ($1,$2)`, [task, tag.id]);
    await db.query(`INSERT INTO task_custom_field_values (task_id, task_custom_field_definition_id, value) VALUES ($1,$2,'5')`, [task, field.id]);
    await db.query(`INSERT INTO activity_events (event_type, message, board_id, task_id, agent_id) VALUES ('task.comment','hi',$1,$2,$3)`, [board.id, task, agent.id]);
    const [approval] = await db.query<{ id: string }>(`INSERT INTO approvals (board_id, task_id, action_type, confidence) VALUES ($1,$2,'task.complete',80) RETURNING id`, [board.id, task]);
    await db.query(`INSERT INTO approval_task_links (approval_id, task_id) VALUES ($1,$2),($1,$3)`, [approval.id, task, other]);
    await db.query(`INSERT INTO board_memory (board_id, content) VALUES ($1,'m')`, [board.id]);
    const [hook] = await db.query<{ id: string }>(`INSERT INTO board_webhooks (board_id, description) VALUES ($1,'ci') RETURNING id`, [board.id]);
    await db.query(`INSERT INTO board_webhook_payloads (board_id, webhook_id, payload) VALUES ($1,$2,'{}')`, [board.id, hook.id]);
    await db.query(`INSERT INTO board_onboarding_sessions (board_id, session_key) VALUES ($1,'s')`, [board.id]);
    await tn.as('alice', 'POST', '/api/v1/organizations/me/invites', { invited_email: 'full@example.test', board_access: [{ board_id: board.id }] });
    expect((await tn.as('alice', 'GET', `/api/v1/tags/${tag.id}`)).json().task_count).toBe(1);

    const res = await tn.as('dave', 'DELETE', `${B}/${board.id}`); // admin without any board grant
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await tn.as('alice', 'GET', `${B}/${board.id}`)).statusCode).toBe(404);
    for (const table of ['tasks', 'agents', 'approvals', 'board_memory', 'board_webhooks', 'board_webhook_payloads', 'board_onboarding_sessions', 'organization_board_access', 'organization_invite_board_access', 'board_task_custom_fields', 'activity_events', 'task_dependencies']) {
      expect(await count(tn.t, `SELECT count(*) FROM ${table} WHERE board_id = $1`, [board.id]), table).toBe(0);
    }
    expect(await count(tn.t, 'SELECT count(*) FROM task_custom_field_values WHERE task_id = $1', [task])).toBe(0);
    // org-level definitions and tags survive; the tag count drops
    expect((await tn.as('alice', 'GET', `/api/v1/tags/${tag.id}`)).json().task_count).toBe(0);
    const fields = (await tn.as('alice', 'GET', '/api/v1/organizations/me/custom-fields')).json();
    expect(fields.find((d: any) => d.id === field.id).board_ids).toEqual([f.boardA1]);
    // the gateway side is handed to a durable job carrying what the cleanup needs
    const [job] = await db.query<{ payload: any; state: string }>('SELECT payload, state FROM jobs WHERE queue = $1', [GATEWAY_AGENT_DELETE_QUEUE]);
    expect(job.state).toBe('pending');
    expect(job.payload).toEqual({ gateway_id: f.gatewayA, gateway_agent_key: 'w' });
  });
});

describe('actor board guard (shared user/agent routes)', () => {
  const request = (headers: Record<string, string>) => ({ headers, server: tn.t.app, id: 'test' }) as never;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    tokens.worker = (await seedAgent(tn.t.services, { gatewayId: f.gatewayA, boardId: f.boardA1 })).token;
    tokens.mainA = (await seedAgent(tn.t.services, { gatewayId: f.gatewayA, boardId: null, name: 'main' })).token;
  });

  it('users are checked like boardFor; agents reach their own board, gateway-main only its organization', async () => {
    const carol = { authorization: `Bearer ${await tn.token('carol')}` };
    expect((await actorBoardFor(request(carol), f.boardA1, 'read')).actor.kind).toBe('user');
    await expect(actorBoardFor(request(carol), f.boardA2, 'read')).rejects.toMatchObject({ statusCode: 403 });
    const worker = await actorBoardFor(request({ 'x-agent-token': tokens.worker }), f.boardA1, 'write');
    expect(worker.actor).toMatchObject({ kind: 'agent', organizationId: f.orgA, boardId: f.boardA1 });
    await expect(actorBoardFor(request({ 'x-agent-token': tokens.worker }), f.boardA2, 'read')).rejects.toMatchObject({ statusCode: 403 });
    expect((await actorBoardFor(request({ authorization: `Bearer ${tokens.mainA}` }), f.boardA2, 'read')).board.id).toBe(f.boardA2);
    await expect(actorBoardFor(request({ 'x-agent-token': tokens.mainA }), f.boardB1, 'read')).rejects.toMatchObject({ statusCode: 404 });
    await expect(actorBoardFor(request({ 'x-agent-token': 'bogus' }), f.boardA1, 'read')).rejects.toMatchObject({ statusCode: 401 });
    await expect(actorBoardFor(request({}), f.boardA1, 'read')).rejects.toMatchObject({ statusCode: 401 });
  });
});
