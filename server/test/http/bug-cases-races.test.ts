// Bug cases BR-32 and BR-33 (shared/cases/bug-cases.md, class "race / idempotency"), on both
// databases. BR-33 step 5 (tags) is in tags.test.ts; concurrency of approvals, organizations and
// tasks in approvals.test.ts, organizations.test.ts and task-concurrency.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgent } from '../support/agents';
import { createBoard } from '../support/fixtures';
import { count } from '../support/tenants';
import { createWorld, ok200, type World } from '../support/work';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w?.close());

const agentsOf = async (board: string) => ok200(await w.tn.as('alice', 'GET', `/api/v1/agents?board_id=${board}`)).items as any[];

describe('BR-32: max_agents holds under concurrent lead creates', () => {
  it('5 at once on a board with max_agents 1: one 200, four 409; a user admin is not capped', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'BR-32', gateway_id: w.f.gatewayA, max_agents: 1 })).id;
    const lead = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: board, name: 'BR-32 lead', isBoardLead: true });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: `w-${i}`, board_id: board })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().detail).toMatch(/worker-agent limit reached/);
    const workers = (await agentsOf(board)).filter((a) => !a.is_board_lead);
    expect(workers).toHaveLength(1);

    // Our documented behaviour, as the case expects: people are not held to max_agents (only a
    // lead's own creations are), see routes/agents/index.ts and docs/agents.md.
    const byUser = ok200(await w.tn.as('alice', 'POST', '/api/v1/agents', { name: 'w-by-user', board_id: board }));
    expect(byUser).toMatchObject({ board_id: board, is_board_lead: false });
    expect((await agentsOf(board)).filter((a) => !a.is_board_lead)).toHaveLength(2);
    // The lead is still capped.
    expect((await w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: 'w-late', board_id: board })).statusCode).toBe(409);
  });
});

describe('BR-33: duplicate agent creates are a 409, never a 500 or two colliding agents', () => {
  it('steps 1–4', async () => {
    const board = w.f.boardA1;
    // A second board of the same organization on the same gateway.
    const board2 = (await createBoard(w.tn, 'alice', { name: 'BR-33 two', gateway_id: w.f.gatewayA })).id;
    const create = (name: string, on = board) => w.tn.as('alice', 'POST', '/api/v1/agents', { name, board_id: on });
    const before = await count(w.tn.t, 'SELECT count(*) FROM agents');

    // 1. Create, then the same request again.
    const first = ok200(await create('Ops Bot'));
    const again = await create('Ops Bot');
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('An agent with this name already exists on this board.');

    // 2. The same name in another case on another board of the same gateway.
    const elsewhere = await create('ops bot', board2);
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().detail).toBe('An agent with this name already exists in this gateway workspace.');

    // 3. A name that differs only in spacing or punctuation: same handle (@ops-bot), so a 409 too.
    for (const [name, on] of [['Ops-Bot', board], ['ops_bot', board2], ['  OPS   bot ', board2], ['Ops.Bot!', board]] as const) {
      const res = await create(name, on);
      expect(res.statusCode, name).toBe(409);
      expect(res.json().detail, name).toMatch(/collide/);
    }
    // Names that only share a prefix are different agents.
    ok200(await create('Ops Bot 2', board2));
    expect(await count(w.tn.t, 'SELECT count(*) FROM agents')).toBe(before + 2);
    expect((await agentsOf(board)).filter((a) => a.name === 'Ops Bot').map((a) => a.id)).toEqual([first.id]);

    // 4. Two identical creates at once: one 200 and one 409, never a 500.
    for (let round = 0; round < 3; round++) {
      const name = `Twin ${round}`;
      const pair = await Promise.all([create(name), create(name)]);
      expect(pair.map((r) => r.statusCode).sort(), pair.map((r) => r.body).join('\n')).toEqual([200, 409]);
      expect(await count(w.tn.t, 'SELECT count(*) FROM agents WHERE name = $1', [name])).toBe(1);
    }
    // Across two boards of the gateway at once, too.
    const cross = await Promise.all([create('Cross', board), create('cross', board2)]);
    expect(cross.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('a rename or a move is held to the same names (the rest of the kind)', async () => {
    const board2 = (await createBoard(w.tn, 'alice', { name: 'BR-33 rename', gateway_id: w.f.gatewayA })).id;
    const agent = ok200(await w.tn.as('alice', 'POST', '/api/v1/agents', { name: 'Renamer', board_id: board2 }));
    for (const name of ['Alex', 'BOB 2', 'bob_2']) {
      const res = await w.tn.as('alice', 'PATCH', `/api/v1/agents/${agent.id}`, { name });
      expect(res.statusCode, name).toBe(409);
    }
    // Its own name in another spelling is fine: nobody else carries it.
    expect(ok200(await w.tn.as('alice', 'PATCH', `/api/v1/agents/${agent.id}`, { name: 'renamer' })).name).toBe('renamer');
    // A move to a board of another gateway where the name is taken.
    const gatewayC = (await w.tn.t.services.database.query<{ id: string }>(`INSERT INTO gateways (organization_id, name, url, workspace_root) VALUES ($1, 'gw C', 'ws://127.0.0.1:1', '/tmp') RETURNING id`, [w.f.orgA]))[0].id;
    const boardC = (await createBoard(w.tn, 'alice', { name: 'BR-33 C', gateway_id: gatewayC })).id;
    ok200(await w.tn.as('alice', 'POST', '/api/v1/agents', { name: '_Renamer_', board_id: boardC }));
    const moved = await w.tn.as('alice', 'PATCH', `/api/v1/agents/${agent.id}`, { board_id: boardC });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().detail).toMatch(/collide/);
    const [row] = await w.tn.t.services.database.query<{ board_id: string; name: string }>('SELECT board_id, name FROM agents WHERE id = $1', [agent.id]);
    expect(row).toEqual({ board_id: board2, name: 'renamer' });
  });

  it('a lead creating a worker is held to the same names', async () => {
    const lead = w.lead;
    const taken = await w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: 'ALEX' });
    expect(taken.statusCode).toBe(409);
    await w.tn.t.services.database.query('UPDATE boards SET max_agents = 50 WHERE id = $1', [w.f.boardA1]);
    const slug = await w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: 'Bob 2' });
    expect(slug.statusCode).toBe(409);
    expect(slug.json().detail).toMatch(/collide/);
  });
});
