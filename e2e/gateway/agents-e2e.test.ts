// Mission Control driving real agents on a real gateway, with the scripted model standing in for
// the LLM: register the gateway (its main agent appears), add a board and a worker (files on the
// gateway, wake-up, check-in through the exec tool → online), an agent that never checks in ends
// offline with the reason, runs one after another keep every token its workspace carried
// working, and deleting an agent removes it from the gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFromWorkspaceText } from '../../server/src/domain/agents/workspace';
import type { GatewayConnection } from '../../server/src/gateway/connection';
import type { GatewayRpc } from '../../server/src/gateway/rpc';
import type { TestApp } from '../../server/test/support/app';
import { useOwnGateway } from './harness/fixture';
import { startMissionControl, type MissionControlOnGateway } from './harness/mission-control';
import { eventually } from './harness/wait';

// No gateway-wide exec policy: Mission Control must set one per agent so check-ins can run.
const fx = useOwnGateway({ config: { tools: {} } });
let t: TestApp;
let rpc: GatewayRpc;
let conn: GatewayConnection;
let gatewayId: string;
let boardId: string;

const agentRow = async (id: string) =>
  (await t.services.database.query<{ status: string; last_seen_at: Date | null; last_provision_error: string | null; wake_attempts: number }>(
    'SELECT status, last_seen_at, last_provision_error, wake_attempts FROM agents WHERE id = $1',
    [id],
  ))[0];
/** Waits for an agent row to satisfy `ok`; on timeout the error shows the row and its jobs. */
async function agentUntil(id: string, ok: (row: Awaited<ReturnType<typeof agentRow>>) => boolean, what: string, timeoutMs = 150_000) {
  try {
    return await eventually(async () => {
      const row = await agentRow(id);
      return ok(row) ? row : undefined;
    }, { what, timeoutMs, intervalMs: 500 });
  } catch (error) {
    const jobs = await t.services.database.query('SELECT queue, state, attempts, last_error FROM jobs ORDER BY created_at');
    throw new Error(`${(error as Error).message}\nagent: ${JSON.stringify(await agentRow(id))}\njobs: ${JSON.stringify(jobs)}`);
  }
}
const onGateway = async (key: string) => (await rpc.agentsList()).agents.some((a) => a.id === key);

let mc: MissionControlOnGateway | undefined;
beforeAll(async () => {
  mc = await startMissionControl(fx.gateway, { AGENT_CHECKIN_DEADLINE_SECONDS: '20', AGENT_MAX_WAKE_ATTEMPTS: '2' });
  ({ t, conn, rpc } = mc);
}, 180_000);
afterAll(async () => mc?.stop());

describe(`agents on OpenClaw ${fx.version}`, () => {
  it('registers the gateway; its main agent appears on the gateway and checks in', { timeout: 300_000 }, async () => {
    const res = await t.api('POST', '/api/v1/gateways', { body: { name: 'Local', url: fx.gateway.url, token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ has_token: true });
    expect(res.body).not.toContain(fx.gateway.token);
    gatewayId = res.json().id;
    await eventually(() => onGateway(`mc-gateway-${gatewayId}`), { what: 'main agent on the gateway', timeoutMs: 120_000 });
    const main = (await t.api('GET', `/api/v1/agents?gateway_id=${gatewayId}`)).json().items[0];
    expect(main).toMatchObject({ is_gateway_main: true, board_id: null });
    await agentUntil(main.id, (r) => r.status === 'online', 'main agent online');
  });

  it('creates a board and a worker: workspace files on the gateway, wake-up, check-in, online', { timeout: 300_000 }, async () => {
    const board = await t.api('POST', '/api/v1/boards', { body: { name: 'Launch', slug: 'launch', description: 'Ship it', gateway_id: gatewayId } });
    expect(board.statusCode, board.body).toBe(200);
    boardId = board.json().id;
    const created = await t.api('POST', '/api/v1/agents', { body: { name: 'Ada', board_id: boardId, identity_profile: { role: 'Engineer' } } });
    expect(created.statusCode, created.body).toBe(200);
    const agent = created.json();
    expect(agent.status).toBe('provisioning');
    const key = `mc-${agent.id}`;
    // Files are written before the wake-up, so once the agent has checked in they are all there.
    await agentUntil(agent.id, (r) => r.status === 'online', 'worker online');
    const manual = (await rpc.agentFileGet(key, 'AGENTS.md')).file.content ?? '';
    expect(manual).toContain('You are Ada');
    // Protocol 4 gateways refuse TOOLS.md, so the connection facts live in AGENTS.md there.
    const connection = (await rpc.agentFileGet(key, fx.protocol === 4 ? 'AGENTS.md' : 'TOOLS.md')).file.content ?? '';
    expect(connection).toMatch(/^AUTH_TOKEN=mca_/m);
    expect(connection).toContain(`BASE_URL=${t.services.config.baseUrl}`);
    expect((await rpc.agentFileGet(key, 'IDENTITY.md')).file.content).toContain('Role: Engineer');
    const read = await t.api('GET', `/api/v1/agents/${agent.id}`);
    expect(read.json()).toMatchObject({ status: 'online', last_provision_error: null });
    const events = await t.services.database.query<{ event_type: string }>('SELECT event_type FROM activity_events WHERE agent_id = $1', [agent.id]);
    expect(events.map((e) => e.event_type)).toEqual(expect.arrayContaining(['agent.provision.direct', 'agent.wakeup.sent', 'agent.heartbeat']));
  });

  it('an agent that never checks in ends offline with the reason after the wake limit', { timeout: 300_000 }, async () => {
    const created = await t.api('POST', '/api/v1/agents', { body: { name: 'Mute', board_id: boardId, identity_profile: { custom_instructions: 'NO_CHECKIN' } } });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id;
    const row = await agentUntil(id, (r) => r.status === 'offline', 'agent offline after missed wakes', 240_000);
    expect(row.last_provision_error).toMatch(/did not check in/);
    expect(row.last_seen_at).toBeNull();
    const read = (await t.api('GET', `/api/v1/agents/${id}`)).json();
    expect(read).toMatchObject({ status: 'offline' });
    expect(read.last_provision_error).toMatch(/did not check in/);
  });

  it('runs one after another never invalidate a token the workspace carried (bug 29), even for an agent that used none', { timeout: 300_000 }, async () => {
    const list = (await t.api('GET', `/api/v1/agents?board_id=${boardId}`)).json().items;
    const id = list.find((a: { name: string }) => a.name === 'Mute').id;
    const held = async () => tokenFromWorkspaceText((await rpc.agentFileGet(`mc-${id}`, fx.protocol === 4 ? 'AGENTS.md' : 'TOOLS.md')).file.content ?? '');
    const runs = () =>
      t.services.database.query("SELECT id FROM jobs WHERE queue = 'agent.lifecycle' AND state IN ('pending', 'running') AND payload->>'agent_id' = $1", [id]);
    const reprovision = async () => {
      const res = await t.api('POST', `/api/v1/agents/${id}/reprovision`);
      expect(res.statusCode, res.body).toBe(200);
      await eventually(async () => (await runs()).length === 0, { what: 'the run finished', timeoutMs: 120_000 });
    };
    // A session that read its workspace after the first run still holds that token when the
    // second run has rewritten the files.
    await reprovision();
    const afterFirst = await held();
    await reprovision();
    const afterSecond = await held();
    for (const token of [afterFirst, afterSecond]) {
      expect(token).toMatch(/^mca_/);
      const beat = await t.api('POST', `/api/v1/agents/${id}/heartbeat`, { token: null, headers: { 'x-agent-token': token! }, body: { status: 'healthy' } });
      expect(beat.statusCode, beat.body).toBe(200);
    }
  });

  it('deleting an agent removes it from the gateway', async () => {
    const list = (await t.api('GET', `/api/v1/agents?board_id=${boardId}`)).json().items;
    const mute = list.find((a: { name: string }) => a.name === 'Mute');
    const res = await t.api('DELETE', `/api/v1/agents/${mute.id}`);
    expect(res.statusCode).toBe(200);
    await eventually(async () => !(await onGateway(`mc-${mute.id}`)), { what: 'agent removed from the gateway', timeoutMs: 60_000 });
    expect((await t.api('GET', `/api/v1/agents/${mute.id}`)).statusCode).toBe(404);
  });
});
