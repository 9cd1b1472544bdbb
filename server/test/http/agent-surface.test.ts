// The agent surface beyond tasks (spec 2.21 rows 2–4, 6, 18, 19, 21–26; 3.13; 3.15): discovery
// scoped to the agent's organization (bug 3, BR-14), lead agent management and coordination
// messages. The test gateways are unreachable, so gateway-bound routes show their 502 paths;
// the e2e suite covers them against real gateways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgent } from '../support/agents';
import { createBoard } from '../support/fixtures';
import { count, insertGateway, insertTask, unknownId } from '../support/tenants';
import { createWorld, eventsOf, ok200, type World, type WorldAgent } from '../support/work';

let w: World;
const db = () => w.tn.t.services.database;
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

beforeAll(async () => {
  w = await createWorld({ GATEWAY_COORDINATION_TIMEOUT_SECONDS: '1' });
  // Nothing listens here: every gateway call fails fast as unreachable.
  await db().query("UPDATE gateways SET url = 'ws://127.0.0.1:1'");
});
afterAll(() => w?.close());

describe('discovery (BR-14, bug 3)', () => {
  it('GET /agent/boards: a board agent sees its board; a gateway agent the boards of its organization only', async () => {
    expect(ids(ok200(await w.agentApi(w.alex, 'GET', '/api/v1/agent/boards')))).toEqual([w.f.boardA1]);
    const main = ok200(await w.agentApi(w.mainA, 'GET', '/api/v1/agent/boards'));
    expect(new Set(ids(main))).toEqual(new Set([w.f.boardA1, w.f.boardA2]));
    expect(main.items.every((b: any) => b.organization_id === w.f.orgA)).toBe(true);
    expect(main.total).toBe(2);
    // Newest first.
    expect(ids(main)).toEqual([w.f.boardA2, w.f.boardA1]);
    expect(ids(ok200(await w.agentApi(w.mainB, 'GET', '/api/v1/agent/boards')))).toEqual([w.f.boardB1]);
  });

  it('a gateway agent cannot reach another organization’s board, tasks or task creation', async () => {
    const before = await count(w.tn.t, 'SELECT count(*) FROM tasks WHERE board_id = $1', [w.f.boardB1]);
    expect((await w.agentApi(w.mainA, 'GET', `/api/v1/agent/boards/${w.f.boardB1}`)).statusCode).toBe(404);
    expect((await w.agentApi(w.mainA, 'GET', `/api/v1/agent/boards/${w.f.boardB1}/tasks`)).statusCode).toBe(404);
    expect([403, 404]).toContain((await w.agentApi(w.mainA, 'POST', `/api/v1/agent/boards/${w.f.boardB1}/tasks`, { title: 'leak' })).statusCode);
    expect(await count(w.tn.t, 'SELECT count(*) FROM tasks WHERE board_id = $1', [w.f.boardB1])).toBe(before);
    expect(ok200(await w.agentApi(w.mainA, 'GET', `/api/v1/agent/boards/${w.f.boardA2}`)).id).toBe(w.f.boardA2);
    // Board agents: their own board only.
    expect(ok200(await w.agentApi(w.alex, 'GET', `/api/v1/agent/boards/${w.f.boardA1}`)).name).toBe('A one');
    expect((await w.agentApi(w.alex, 'GET', `/api/v1/agent/boards/${w.f.boardA2}`)).statusCode).toBe(403);
    expect((await w.agentApi(w.alex, 'GET', `/api/v1/agent/boards/${w.f.boardB1}`)).statusCode).toBe(404);
  });

  it('fails closed when the gateway agent outlives its gateway', async () => {
    const org = w.f.orgA;
    const gateway = await insertGateway(w.tn.t, org, 'doomed');
    const main = await seedAgent(w.tn.t.services, { gatewayId: gateway, boardId: null, name: 'Doomed main' });
    expect((await w.agentApi(main, 'GET', '/api/v1/agent/boards')).statusCode).toBe(200);
    // The agents row cascades with its gateway; either way the token gives no list.
    await db().query('DELETE FROM gateways WHERE id = $1', [gateway]);
    expect([401, 403]).toContain((await w.agentApi(main, 'GET', '/api/v1/agent/boards')).statusCode);
  });

  it('GET /agent/agents: own board for board agents; own organization for gateway agents (not every organization)', async () => {
    const mine = ok200(await w.agentApi(w.alex, 'GET', '/api/v1/agent/agents'));
    expect(new Set(ids(mine))).toEqual(new Set([w.lead.agent.id, w.alex.agent.id, w.bob2.agent.id]));
    expect(ok200(await w.agentApi(w.alex, 'GET', `/api/v1/agent/agents?board_id=${w.f.boardA1}`)).total).toBe(3);
    expect((await w.agentApi(w.alex, 'GET', `/api/v1/agent/agents?board_id=${w.f.boardA2}`)).statusCode).toBe(403);

    const orgA = ok200(await w.agentApi(w.mainA, 'GET', '/api/v1/agent/agents'));
    expect(ids(orgA)).toEqual(expect.arrayContaining([w.lead.agent.id, w.alex.agent.id, w.bob2.agent.id, w.mainA.agent.id]));
    for (const foreign of [w.otto, w.olga, w.mainB]) expect(ids(orgA)).not.toContain(foreign.agent.id);
    expect(new Set(ids(ok200(await w.agentApi(w.mainA, 'GET', `/api/v1/agent/agents?board_id=${w.f.boardA1}`))))).toEqual(
      new Set([w.lead.agent.id, w.alex.agent.id, w.bob2.agent.id]),
    );
    expect((await w.agentApi(w.mainA, 'GET', `/api/v1/agent/agents?board_id=${w.f.boardB1}`)).statusCode).toBe(404);
    expect((await w.agentApi(w.mainA, 'GET', `/api/v1/agent/agents?board_id=${unknownId()}`)).statusCode).toBe(404);
  });

  it('GET /agent/boards/{id}/tags: the organization’s tags as a plain array, by name', async () => {
    for (const name of ['beta', 'Alpha']) ok200(await w.tn.as('alice', 'POST', '/api/v1/tags', { name }));
    ok200(await w.tn.as('bob', 'POST', '/api/v1/tags', { name: 'B-only' }));
    const tags = ok200(await w.agentApi(w.alex, 'GET', `/api/v1/agent/boards/${w.f.boardA1}/tags`));
    expect(tags.map((t: any) => t.name)).toEqual(['Alpha', 'beta']);
    expect(Object.keys(tags[0]).sort()).toEqual(['color', 'id', 'name', 'slug']);
    expect((await w.agentApi(w.olga, 'GET', `/api/v1/agent/boards/${w.f.boardA1}/tags`)).statusCode).toBe(404);
  });
});

describe('lead creates workers (row 18)', () => {
  it('only leads, only on their own board; names unique; max_agents counts workers', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'Staffed', gateway_id: w.f.gatewayA, max_agents: 1 })).id;
    const lead = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: board, name: 'Staff lead', isBoardLead: true });
    const worker = await w.agentApi(w.alex, 'POST', '/api/v1/agent/agents', { name: 'Nope' });
    expect(worker.statusCode).toBe(403);
    expect(worker.json().detail).toBe('Only board leads can create agents');
    const elsewhere = await w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: 'Elsewhere', board_id: w.f.boardA1 });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().detail).toBe('Board leads can only create agents in their own board');

    const created = ok200(await w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: 'Scout', identity_profile: { role: 'Researcher' } }));
    expect(created).toMatchObject({ board_id: board, gateway_id: w.f.gatewayA, name: 'Scout', is_board_lead: false, status: 'provisioning', identity_profile: { role: 'Researcher' } });
    expect(created.openclaw_session_id).toBe(`agent:mc-${created.id}:main`);
    expect(await count(w.tn.t, "SELECT count(*) FROM jobs WHERE queue = 'agent.lifecycle' AND payload->>'agent_id' = $1", [created.id])).toBe(1);

    const full = await w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: 'Second' });
    expect(full.statusCode).toBe(409);
    expect(full.json().detail).toBe('Board worker-agent limit reached: max_agents=1 (excluding the lead); cannot create more than 1 agent(s).');
    await db().query('UPDATE boards SET max_agents = 5 WHERE id = $1', [board]);
    const taken = await w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: ' scout ' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toBe('An agent with this name already exists on this board.');
    const onGateway = await w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: 'alex' });
    expect(onGateway.json().detail).toBe('An agent with this name already exists in this gateway workspace.');
  });

  it('20 concurrent creates never exceed max_agents', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'Crowded', gateway_id: w.f.gatewayA, max_agents: 5 })).id;
    const lead = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: board, name: 'Crowd lead', isBoardLead: true });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => w.agentApi(lead, 'POST', '/api/v1/agent/agents', { name: `Crowd ${i}` })));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(5);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(15);
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 409)).toBe(true);
    expect(await count(w.tn.t, 'SELECT count(*) FROM agents WHERE board_id = $1 AND NOT is_board_lead', [board])).toBe(5);
  });
});

describe('lead deletes workers (row 23)', () => {
  it('deletes a worker of its board: work released, gateway removal queued; refuses leads, gateway agents, other boards', async () => {
    const victim = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: w.f.boardA1, name: 'Leaving' });
    const task = await insertTask(w.tn.t, w.f.boardA1, 'held');
    await db().query("UPDATE tasks SET assigned_agent_id = $1, status = 'in_progress', in_progress_at = now() WHERE id = $2", [victim.agent.id, task]);
    const url = (board: string, agent: string) => `/api/v1/agent/boards/${board}/agents/${agent}`;

    expect((await w.agentApi(w.alex, 'DELETE', url(w.f.boardA1, victim.agent.id))).statusCode).toBe(403);
    const lead = await w.agentApi(w.lead, 'DELETE', url(w.f.boardA1, w.lead.agent.id));
    expect(lead.statusCode).toBe(403);
    expect(lead.json().detail).toBe('Board leads cannot delete lead agents');
    const main = await w.agentApi(w.lead, 'DELETE', url(w.f.boardA1, w.mainA.agent.id));
    expect(main.statusCode).toBe(403);
    expect(main.json().detail).toBe('Board leads cannot delete gateway main agents');
    expect((await w.agentApi(w.lead, 'DELETE', url(w.f.boardA1, w.mainB.agent.id))).statusCode).toBe(404);
    expect((await w.agentApi(w.lead, 'DELETE', url(w.f.boardA1, w.olga.agent.id))).statusCode).toBe(404);
    expect((await w.agentApi(w.lead, 'DELETE', url(w.f.boardB1, w.olga.agent.id))).statusCode).toBe(404);
    expect(ok200(await w.agentApi(w.lead, 'DELETE', url(w.f.boardA1, unknownId())))).toEqual({ ok: true });

    expect(ok200(await w.agentApi(w.lead, 'DELETE', url(w.f.boardA1, victim.agent.id)))).toEqual({ ok: true });
    expect(await count(w.tn.t, 'SELECT count(*) FROM agents WHERE id = $1', [victim.agent.id])).toBe(0);
    const [row] = await db().query<{ status: string; assigned_agent_id: string | null }>('SELECT status, assigned_agent_id FROM tasks WHERE id = $1', [task]);
    expect(row).toEqual({ status: 'inbox', assigned_agent_id: null });
    expect(await count(w.tn.t, "SELECT count(*) FROM jobs WHERE queue = 'gateway.agent.delete' AND payload->>'gateway_agent_key' = $1", [`mc-${victim.agent.id}`])).toBe(1);
    expect((await eventsOf(w, { boardId: w.f.boardA1, type: 'agent.delete.direct' })).map((e) => e.message)).toContain('Deleted agent Leaving.');
  });
});

describe('SOUL.md (rows 21, 22)', () => {
  const soul = (agent: WorldAgent, board = w.f.boardA1) => `/api/v1/agent/boards/${board}/agents/${agent.agent.id}/soul`;

  it('read: the lead or the agent itself; gateway failure is a 502', async () => {
    const other = await w.agentApi(w.bob2, 'GET', soul(w.alex));
    expect(other.statusCode).toBe(403);
    expect((await w.agentApi(w.lead, 'GET', soul(w.olga))).statusCode).toBe(404);
    expect((await w.agentApi(w.olga, 'GET', soul(w.alex))).statusCode).toBe(404);
    for (const who of [w.alex, w.lead]) {
      const res = await w.agentApi(who, 'GET', soul(w.alex));
      expect(res.statusCode).toBe(502);
      expect(res.json().detail).toMatch(/^Gateway SOUL read failed: Gateway unreachable after 1 seconds \(SOUL read timeout\)/);
    }
  });

  it('write: leads only; blank content 422; the template is kept and audited even when the gateway fails', async () => {
    expect((await w.agentApi(w.alex, 'PUT', soul(w.alex), { content: 'x' })).statusCode).toBe(403);
    const blank = await w.agentApi(w.lead, 'PUT', soul(w.alex), { content: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(JSON.stringify(blank.json().detail)).toContain('content is required');
    const res = await w.agentApi(w.lead, 'PUT', soul(w.alex), { content: '  # Alex\nCareful.  ', reason: 'sharper', source_url: 'https://example.test/s' });
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toMatch(/^Gateway SOUL update failed: /);
    const [row] = await db().query<{ soul_template: string }>('SELECT soul_template FROM agents WHERE id = $1', [w.alex.agent.id]);
    expect(row.soul_template).toBe('# Alex\nCareful.');
    const events = await eventsOf(w, { boardId: w.f.boardA1, type: 'agent.soul.updated' });
    expect(events.at(-1)).toMatchObject({ message: 'SOUL.md updated for Alex. Reason: sharper Source: https://example.test/s', agent_id: w.lead.agent.id });
  });
});

describe('nudge (row 19)', () => {
  const nudge = (board: string, target: string) => `/api/v1/agent/boards/${board}/agents/${target}/nudge`;

  it('leads only, targets on the board, a session key required; a gateway failure is a 502 with agent.nudge.failed', async () => {
    expect((await w.agentApi(w.alex, 'POST', nudge(w.f.boardA1, w.bob2.agent.id), { message: 'go' })).statusCode).toBe(403);
    expect((await w.agentApi(w.lead, 'POST', nudge(w.f.boardA1, w.olga.agent.id), { message: 'go' })).statusCode).toBe(404);
    expect((await w.agentApi(w.lead, 'POST', nudge(w.f.boardA1, w.bob2.agent.id), { message: '  ' })).statusCode).toBe(422);
    const keyless = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: w.f.boardA1, name: 'Keyless' });
    const noKey = await w.agentApi(w.lead, 'POST', nudge(w.f.boardA1, keyless.agent.id), { message: 'go' });
    expect(noKey.statusCode).toBe(422);
    expect(noKey.json().detail).toBe('Target agent has no session key');

    const res = await w.agentApi(w.lead, 'POST', nudge(w.f.boardA1, w.bob2.agent.id), { message: 'Please pick up the inbox.' });
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toMatch(/^Gateway nudge failed: Gateway unreachable after 1 seconds \(nudge timeout\)\. Last error: /);
    const [event] = (await eventsOf(w, { boardId: w.f.boardA1, type: 'agent.nudge.failed' })).slice(-1);
    expect(event).toMatchObject({ agent_id: w.lead.agent.id });
    expect(event.message).toMatch(/^Nudge to bob-2 failed: /);
  });
});

describe('ask-user (row 24)', () => {
  const url = (board: string) => `/api/v1/agent/boards/${board}/gateway/main/ask-user`;

  it('leads only; needs the gateway agent; a gateway failure is a 502 with gateway.lead.ask_user.failed', async () => {
    expect((await w.agentApi(w.alex, 'POST', url(w.f.boardA1), { content: 'q' })).statusCode).toBe(403);
    expect((await w.agentApi(w.lead, 'POST', url(w.f.boardB1), { content: 'q' })).statusCode).toBe(404);
    expect((await w.agentApi(w.lead, 'POST', url(w.f.boardA1), { content: 'q', reply_tags: ['bad tag"'] })).statusCode).toBe(422);
    const res = await w.agentApi(w.lead, 'POST', url(w.f.boardA1), { content: 'Which region?', correlation_id: 'c-1' });
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toMatch(/^Gateway ask-user dispatch failed: /);
    expect((await eventsOf(w, { boardId: w.f.boardA1, type: 'gateway.lead.ask_user.failed' })).at(-1)).toMatchObject({ agent_id: w.lead.agent.id });
  });
});

describe('gateway agent → leads (rows 25, 26)', () => {
  const url = (board: string) => `/api/v1/agent/gateway/boards/${board}/lead/message`;

  it('only the gateway agent; boards of its gateway only', async () => {
    const worker = await w.agentApi(w.lead, 'POST', url(w.f.boardA1), { content: 'hi' });
    expect(worker.statusCode).toBe(403);
    expect(worker.json().detail).toBe('Only the dedicated gateway agent may call this endpoint.');
    const foreign = await w.agentApi(w.mainA, 'POST', url(w.f.boardB1), { content: 'hi' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe('Board not found');
    expect((await w.agentApi(w.mainA, 'POST', url(unknownId()), { content: 'hi' })).statusCode).toBe(404);
    // Board A2 has no gateway: not served by gateway A.
    expect((await w.agentApi(w.mainA, 'POST', url(w.f.boardA2), { content: 'hi' })).statusCode).toBe(403);
  });

  it('creates a missing lead and queues the message until it is provisioned', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'Leaderless', gateway_id: w.f.gatewayA })).id;
    const res = ok200(await w.agentApi(w.mainA, 'POST', url(board), { kind: 'handoff', content: 'Plan the launch.', correlation_id: 'h-1' }));
    expect(res).toMatchObject({ ok: true, board_id: board, lead_agent_name: 'Lead Agent', lead_created: true });
    const [lead] = await db().query<{ id: string; is_board_lead: boolean; openclaw_session_id: string }>('SELECT id, is_board_lead, openclaw_session_id FROM agents WHERE board_id = $1', [board]);
    expect(lead).toMatchObject({ id: res.lead_agent_id, is_board_lead: true, openclaw_session_id: `agent:lead-${board}:main` });
    const [job] = await db().query<{ payload: any }>("SELECT payload FROM jobs WHERE queue = 'agent.notify' AND payload->>'agent_id' = $1", [lead.id]);
    expect(job.payload).toMatchObject({ deliver: false, activity: { success_type: 'gateway.main.lead_message.sent', failure_type: 'gateway.main.lead_message.failed' } });
    const message: string = job.payload.message;
    expect(message.split('\n').slice(0, 5)).toEqual(['GATEWAY MAIN HANDOFF', 'Board: Leaderless', `Board ID: ${board}`, 'From agent: Main A', 'Correlation ID: h-1']);
    expect(message).toContain(`POST http://127.0.0.1:8000/api/v1/agent/boards/${board}/memory`);
    expect(message).toContain('"tags":["gateway_main","lead_reply"],"source":"lead_to_gateway_main"');
    expect(message).toMatch(/--- BEGIN EXTERNAL DATA[^\n]*\nHandoff:\nPlan the launch\.\n--- END EXTERNAL DATA ---$/);
    // The second message finds the lead and sends at once: the gateway is down, so 502.
    const again = await w.agentApi(w.mainA, 'POST', url(board), { content: 'Status?' });
    expect(again.statusCode).toBe(502);
    expect(again.json().detail).toMatch(/^Gateway lead message failed: /);
    expect(await count(w.tn.t, 'SELECT count(*) FROM agents WHERE board_id = $1', [board])).toBe(1);
    expect((await eventsOf(w, { boardId: board, type: 'gateway.main.lead_message.failed' })).length).toBe(1);
  });

  it('broadcast: every board of the gateway, newest first, per-board results and one summary event', async () => {
    const before = await count(w.tn.t, "SELECT count(*) FROM activity_events WHERE event_type = 'gateway.main.lead_broadcast.sent'");
    const res = ok200(await w.agentApi(w.mainA, 'POST', '/api/v1/agent/gateway/leads/broadcast', { content: 'Weekly check-in' }));
    const boards = await db().query<{ id: string }>('SELECT id FROM boards WHERE gateway_id = $1 ORDER BY created_at DESC, id DESC', [w.f.gatewayA]);
    expect(res.results.map((r: any) => r.board_id)).toEqual(boards.map((b) => b.id));
    expect(res.sent + res.failed).toBe(boards.length);
    // Board A1 has a lead already: the unreachable gateway fails its delivery.
    expect(res.results.find((r: any) => r.board_id === w.f.boardA1)).toMatchObject({ ok: false, lead_agent_id: w.lead.agent.id });
    expect(await count(w.tn.t, "SELECT count(*) FROM activity_events WHERE event_type = 'gateway.main.lead_broadcast.sent'")).toBe(before + 1);
    // Only boards of the caller's gateway, even when others are named.
    const named = ok200(await w.agentApi(w.mainA, 'POST', '/api/v1/agent/gateway/leads/broadcast', { content: 'x', board_ids: [w.f.boardB1] }));
    expect(named).toMatchObject({ ok: true, sent: 0, failed: 0, results: [] });
    expect((await w.agentApi(w.lead, 'POST', '/api/v1/agent/gateway/leads/broadcast', { content: 'x' })).statusCode).toBe(403);
  });
});
