// Gateway-side bookkeeping of agents without a live gateway: moving an agent to another gateway
// removes it from the old one (a durable job), and template sync's request handling and its
// refusal to rotate a token it could not deliver (BR-23) when the gateway is unreachable.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateways } from '../../src/db/schema';
import { syncTemplates } from '../../src/domain/gateways/template-sync';
import { createTestApp, type TestApp } from '../support/app';
import { insertAgent, insertBoard, insertGateway, insertOrganization, localOrganizationId } from '../support/seed-rows';

let t: TestApp;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  orgId = await localOrganizationId(t);
});
afterAll(() => t?.close());

const deleteJobs = () =>
  t.services.database.query<{ payload: { gateway_id: string; gateway_agent_key: string } }>("SELECT payload FROM jobs WHERE queue = 'gateway.agent.delete' ORDER BY created_at");
const asAgent = (token: string) => t.api('GET', '/api/v1/agent/healthz', { token: null, headers: { 'x-agent-token': token } });

describe('moving an agent between gateways', () => {
  it('a worker moved to a board on another gateway is removed from the old gateway', async () => {
    const gw1 = await insertGateway(t, orgId);
    const gw2 = await insertGateway(t, orgId);
    const b1 = await insertBoard(t, orgId, gw1.id, 'Move one');
    const b2 = await insertBoard(t, orgId, gw2.id, 'Move two');
    const b3 = await insertBoard(t, orgId, gw1.id, 'Move three');
    const { agent } = await insertAgent(t, gw1.id, b1.id, { name: 'Mover' });
    const before = (await deleteJobs()).length;

    const same = await t.api('PATCH', `/api/v1/agents/${agent.id}`, { body: { board_id: b3.id } });
    expect(same.statusCode, same.body).toBe(200);
    expect((await deleteJobs()).length).toBe(before);

    const moved = await t.api('PATCH', `/api/v1/agents/${agent.id}`, { body: { board_id: b2.id } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ board_id: b2.id, gateway_id: gw2.id });
    const jobs = await deleteJobs();
    expect(jobs.length).toBe(before + 1);
    expect(jobs.at(-1)!.payload).toEqual({ gateway_id: gw1.id, gateway_agent_key: `mc-${agent.id}` });
  });

  it('a lead moved to another board gets a new gateway id; the old one is removed', async () => {
    const gw = await insertGateway(t, orgId);
    const b1 = await insertBoard(t, orgId, gw.id, 'Lead one');
    const b2 = await insertBoard(t, orgId, gw.id, 'Lead two');
    const { agent } = await insertAgent(t, gw.id, b1.id, { name: 'Lead', lead: true });
    const res = await t.api('PATCH', `/api/v1/agents/${agent.id}`, { body: { board_id: b2.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await deleteJobs()).at(-1)!.payload).toEqual({ gateway_id: gw.id, gateway_agent_key: `lead-${b1.id}` });
  });
});

describe('POST /gateways/{id}/templates/sync', () => {
  it('validates its flags and answers 404 for a gateway of another organization', async () => {
    const gw = await insertGateway(t, orgId);
    expect((await t.api('POST', `/api/v1/gateways/${gw.id}/templates/sync?rotate_tokens=maybe`)).statusCode).toBe(422);
    const other = await insertGateway(t, await insertOrganization(t, 'Sync other'));
    expect((await t.api('POST', `/api/v1/gateways/${other.id}/templates/sync`)).statusCode).toBe(404);
    expect((await t.api('POST', `/api/v1/gateways/${gw.id}/templates/sync`, { token: null })).statusCode).toBe(401);
  });

  it('a board or agent not on this gateway is an error entry, before any gateway call', async () => {
    const gw = await insertGateway(t, orgId);
    const elsewhere = await insertBoard(t, orgId, (await insertGateway(t, orgId)).id, 'Elsewhere');
    const res = await t.api('POST', `/api/v1/gateways/${gw.id}/templates/sync?board_id=${elsewhere.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      gateway_id: gw.id,
      include_main: true,
      reset_sessions: false,
      agents_updated: 0,
      agents_skipped: 0,
      main_updated: false,
      errors: [{ board_id: elsewhere.id, message: 'Board does not belong to this gateway.' }],
    });
    const { agent } = await insertAgent(t, (await insertGateway(t, orgId)).id, elsewhere.id);
    const byAgent = await t.api('POST', `/api/v1/gateways/${gw.id}/templates/sync?agent_id=${agent.id}`);
    expect(byAgent.json().errors).toEqual([{ agent_id: agent.id, message: 'Agent does not belong to this gateway.' }]);
  });

  it('an unreachable gateway: error listed, nothing rotated, the old token keeps working (BR-23)', async () => {
    const gw = await insertGateway(t, orgId);
    const board = await insertBoard(t, orgId, gw.id, 'Unreachable');
    const { agent, token } = await insertAgent(t, gw.id, board.id, { name: 'Kept' });
    const [gateway] = await t.services.db.select().from(gateways).where(eq(gateways.id, gw.id));
    const result = await syncTemplates(t.services, gateway, {
      includeMain: true,
      leadOnly: false,
      resetSessions: false,
      rotateTokens: true,
      forceBootstrap: false,
      overwrite: false,
      connectTimeoutMs: 500,
    });
    expect(result).toMatchObject({ agents_updated: 0, main_updated: false });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toMatch(/^Gateway unreachable: /);
    expect((await asAgent(token)).statusCode).toBe(200);
    const [row] = await t.services.database.query<{ agent_token_prefix: string; previous_token_prefix: string | null }>('SELECT agent_token_prefix, previous_token_prefix FROM agents WHERE id = $1', [agent.id]);
    expect(row).toEqual({ agent_token_prefix: agent.agentTokenPrefix, previous_token_prefix: null });
  });
});
