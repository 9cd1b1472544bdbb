// Heartbeat by name (POST /agents/heartbeat, spec 2.20) and the board-group heartbeat
// (POST /board-groups/{id}/heartbeat, spec 2.12), on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgent } from '../support/agents';
import { count, unknownId } from '../support/tenants';
import { createWorld, ok200, type World } from '../support/work';

let w: World;
const db = () => w.tn.t.services.database;
beforeAll(async () => {
  w = await createWorld({ GATEWAY_COORDINATION_TIMEOUT_SECONDS: '1' });
  await db().query("UPDATE gateways SET url = 'ws://127.0.0.1:1'");
});
afterAll(() => w?.close());

describe('POST /agents/heartbeat', () => {
  it('an agent token beats for itself, whatever name it sends', async () => {
    const res = await w.agentApi(w.alex, 'POST', '/api/v1/agents/heartbeat', { name: 'someone else', status: 'healthy' });
    expect(ok200(res)).toMatchObject({ id: w.alex.agent.id, status: 'healthy' });
  });

  it('an org admin creates a missing agent on the board (provisioned) and finds it next time', async () => {
    const missingBoard = await w.tn.as('alice', 'POST', '/api/v1/agents/heartbeat', { name: 'Named' });
    expect(missingBoard.statusCode).toBe(422);
    const created = ok200(await w.tn.as('alice', 'POST', '/api/v1/agents/heartbeat', { name: 'Named', board_id: w.f.boardA1 }));
    expect(created).toMatchObject({ name: 'Named', board_id: w.f.boardA1, status: 'online' });
    expect(await count(w.tn.t, "SELECT count(*) FROM jobs WHERE queue = 'agent.lifecycle' AND payload->>'agent_id' = $1", [created.id])).toBe(1);
    const again = ok200(await w.tn.as('alice', 'POST', '/api/v1/agents/heartbeat', { name: 'Named', status: 'degraded' }));
    expect(again).toMatchObject({ id: created.id, status: 'degraded' });
    expect(await count(w.tn.t, "SELECT count(*) FROM agents WHERE name = 'Named'")).toBe(1);
  });

  it('an agent found without a token gets one provisioned', async () => {
    const [row] = await db().query<{ id: string }>("INSERT INTO agents (board_id, gateway_id, name) VALUES ($1, $2, 'Tokenless') RETURNING id", [w.f.boardA1, w.f.gatewayA]);
    const res = ok200(await w.tn.as('alice', 'POST', '/api/v1/agents/heartbeat', { name: 'Tokenless' }));
    expect(res).toMatchObject({ id: row.id, openclaw_session_id: `agent:mc-${row.id}:main` });
    expect(await count(w.tn.t, "SELECT count(*) FROM jobs WHERE queue = 'agent.lifecycle' AND payload->>'agent_id' = $1", [row.id])).toBe(1);
  });

  it('members are refused; other organizations’ agents and boards are not reachable', async () => {
    expect((await w.tn.as('carol', 'POST', '/api/v1/agents/heartbeat', { name: 'Alex' })).statusCode).toBe(403);
    expect((await w.tn.as('bob', 'POST', '/api/v1/agents/heartbeat', { name: 'Alex', board_id: w.f.boardA1 })).statusCode).toBe(404);
    // Bob's own organization has no "Alex": without a board it cannot be created.
    expect((await w.tn.as('bob', 'POST', '/api/v1/agents/heartbeat', { name: 'Alex' })).statusCode).toBe(422);
    const [alex] = await db().query<{ status: string }>('SELECT status FROM agents WHERE id = $1', [w.alex.agent.id]);
    expect(alex.status).toBe('healthy');
  });
});

describe('POST /board-groups/{id}/heartbeat', () => {
  it('sets the cadence of the group’s agents (leads when asked) and reports gateway failures', async () => {
    const group = ok200(await w.tn.as('alice', 'POST', '/api/v1/board-groups', { name: 'Beat group' }));
    ok200(await w.tn.as('alice', 'PATCH', `/api/v1/boards/${w.f.boardA1}`, { board_group_id: group.id }));
    const url = `/api/v1/board-groups/${group.id}/heartbeat`;

    expect((await w.tn.as('alice', 'POST', url, { every: 'often' })).statusCode).toBe(422);
    expect((await w.tn.as('carol', 'POST', url, { every: '5m' })).statusCode).toBe(403);
    expect((await w.tn.as('bob', 'POST', url, { every: '5m' })).statusCode).toBe(404);
    expect((await w.agentApi(w.alex, 'POST', url, { every: '5m' })).statusCode).toBe(403);
    expect((await w.agentApi(w.otto, 'POST', url, { every: '5m' })).statusCode).toBe(404);
    expect((await w.tn.as('alice', 'POST', `/api/v1/board-groups/${unknownId()}/heartbeat`, { every: '5m' })).statusCode).toBe(404);

    const workers = await db().query<{ id: string }>('SELECT id FROM agents WHERE board_id = $1 AND NOT is_board_lead', [w.f.boardA1]);
    const res = ok200(await w.tn.as('alice', 'POST', url, { every: '5m' }));
    expect(res).toMatchObject({ board_group_id: group.id, requested: { every: '5m', include_board_leads: false } });
    expect(new Set(res.updated_agent_ids)).toEqual(new Set(workers.map((r) => r.id)));
    expect(res.updated_agent_ids).not.toContain(w.lead.agent.id);
    // The test gateway is unreachable: every agent's config push is reported failed.
    expect(new Set(res.failed_agent_ids)).toEqual(new Set(res.updated_agent_ids));
    const [alex] = await db().query<{ heartbeat_config: Record<string, unknown> }>('SELECT heartbeat_config FROM agents WHERE id = $1', [w.alex.agent.id]);
    expect(alex.heartbeat_config).toMatchObject({ every: '5m', target: 'last' });

    const byLead = ok200(await w.agentApi(w.lead, 'POST', url, { every: '15m', include_board_leads: true }));
    expect(byLead.updated_agent_ids).toContain(w.lead.agent.id);
    const seeded = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: w.f.boardA2, name: 'Outside', isBoardLead: true });
    expect((await w.agentApi(seeded, 'POST', url, { every: '5m' })).statusCode).toBe(403);
  });
});
