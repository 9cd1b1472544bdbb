import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintAgentToken } from '../../src/auth/agent-tokens';
import { createTestApp, type TestApp } from '../support/app';
import { seedAgent, seedBoard } from '../support/agents';

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedBoard>>;
beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedBoard(t.services);
});
afterAll(() => t?.close());

const asAgent = (token: string, method: 'GET' | 'POST', url: string, header: 'x-agent-token' | 'bearer' = 'x-agent-token') =>
  t.api(method, url, { token: null, headers: header === 'bearer' ? { authorization: `Bearer ${token}` } : { 'x-agent-token': token } });

describe('agent authentication', () => {
  it('accepts the token in X-Agent-Token or as a bearer token and touches presence', async () => {
    const { agent, token } = await seedAgent(t.services, { gatewayId: seeded.gateway.id, boardId: seeded.board.id });
    for (const header of ['x-agent-token', 'bearer'] as const) {
      const res = await asAgent(token, 'GET', '/api/v1/agent/healthz', header);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, agent_id: agent.id, board_id: seeded.board.id, gateway_id: seeded.gateway.id, is_board_lead: false });
    }
    const [row] = await t.services.database.query<{ status: string; last_seen_at: Date | null }>('SELECT status, last_seen_at FROM agents WHERE id = $1', [agent.id]);
    expect(row.status).toBe('online');
    expect(row.last_seen_at).not.toBeNull();
  });

  it('refuses missing, malformed, unknown and other agents\' tokens with 401 and logs only a short hint', async () => {
    const { token } = await seedAgent(t.services, { gatewayId: seeded.gateway.id, boardId: seeded.board.id });
    const forged = `${token.split('.')[0]}.${mintAgentToken().token.split('.')[1]}`;
    for (const bad of ['nonsense', mintAgentToken().token, forged]) {
      const res = await asAgent(bad, 'GET', '/api/v1/agent/healthz');
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe('Not authenticated');
    }
    expect((await t.api('GET', '/api/v1/agent/healthz', { token: null })).statusCode).toBe(401);
    const logged = t.logs.join('\n');
    expect(logged).toContain('agent authentication failed');
    expect(logged).not.toContain(forged.slice(6));
    expect(logged).not.toContain(token.slice(6));
  });

  it('a user token is not an agent token', async () => {
    expect((await t.api('GET', '/api/v1/agent/healthz')).statusCode).toBe(401);
  });
});

describe('heartbeat', () => {
  it('marks the agent online, clears wake bookkeeping and records activity', async () => {
    const { agent, token } = await seedAgent(t.services, { gatewayId: seeded.gateway.id, boardId: seeded.board.id, name: 'Beat' });
    await t.services.database.query("UPDATE agents SET wake_attempts = 2, checkin_deadline_at = now(), last_provision_error = 'x' WHERE id = $1", [agent.id]);
    const res = await asAgent(token, 'POST', '/api/v1/agent/heartbeat');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: agent.id, status: 'online', is_gateway_main: false, last_provision_error: null });
    const [row] = await t.services.database.query<{ wake_attempts: number; checkin_deadline_at: Date | null }>('SELECT wake_attempts, checkin_deadline_at FROM agents WHERE id = $1', [agent.id]);
    expect(row).toEqual({ wake_attempts: 0, checkin_deadline_at: null });
    const events = await t.services.database.query<{ message: string }>("SELECT message FROM activity_events WHERE event_type = 'agent.heartbeat' AND agent_id = $1", [agent.id]);
    expect(events).toEqual([{ message: 'Heartbeat received from Beat.' }]);
  });

  it('an agent marked offline after missed wakes comes back online on check-in (bug 19)', async () => {
    const { agent, token } = await seedAgent(t.services, { gatewayId: seeded.gateway.id, boardId: seeded.board.id, status: 'offline', lastSeenAt: new Date(Date.now() - 3_600_000) });
    const res = await asAgent(token, 'POST', '/api/v1/agent/heartbeat');
    expect(res.json().status).toBe('online');
    const [row] = await t.services.database.query<{ status: string }>('SELECT status FROM agents WHERE id = $1', [agent.id]);
    expect(row.status).toBe('online');
  });
});

describe('agent OpenAPI contract', () => {
  it('tags agent operations by role with an x-llm-intent', async () => {
    const doc = (await t.api('GET', '/openapi.json', { token: null })).json();
    const op = doc.paths['/api/v1/agent/heartbeat'].post;
    expect(op.tags).toEqual(expect.arrayContaining(['agent-lead', 'agent-worker', 'agent-main']));
    expect(op['x-llm-intent']).toBe('agent_heartbeat');
    expect(op.description.length).toBeGreaterThan(10);
    expect(op.operationId).toBe('agent_heartbeat_api_v1_agent_heartbeat_post');
  });
});

describe('token rotation (bug 29)', () => {
  it('keeps the old token working until the agent uses the new one, then retires it', async () => {
    const { rotatedTokenColumns } = await import('../../src/auth/agent-tokens');
    const { agents } = await import('../../src/db/schema');
    const { eq } = await import('drizzle-orm');
    const { agent, token: oldToken } = await seedAgent(t.services, { gatewayId: seeded.gateway.id, boardId: seeded.board.id });
    const first = rotatedTokenColumns(agent);
    await t.services.db.update(agents).set(first.columns).where(eq(agents.id, agent.id));
    const [afterFirst] = await t.services.db.select().from(agents).where(eq(agents.id, agent.id));
    // Rotated again before the agent read the new token: the token it holds must still work.
    const second = rotatedTokenColumns(afterFirst);
    await t.services.db.update(agents).set(second.columns).where(eq(agents.id, agent.id));
    expect((await asAgent(oldToken, 'GET', '/api/v1/agent/healthz')).statusCode).toBe(200);
    expect((await asAgent(first.token, 'GET', '/api/v1/agent/healthz')).statusCode).toBe(401);
    expect((await asAgent(second.token, 'GET', '/api/v1/agent/healthz')).statusCode).toBe(200);
    expect((await asAgent(oldToken, 'GET', '/api/v1/agent/healthz')).statusCode).toBe(401);
    expect((await asAgent(second.token, 'GET', '/api/v1/agent/healthz')).statusCode).toBe(200);
  });
});
