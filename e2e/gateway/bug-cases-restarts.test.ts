// Bug cases that stop, freeze or restart the real gateway (so it has its own):
// BR-41: an agent update that cannot reach the gateway (stopped: unreachable; frozen: timeout)
// never leaves the agent looking busy. It shows `failed` with the reason; a heartbeat while it is
// `updating` is taken (200, the reported status); once the gateway is back the pending retry runs
// at once (not after its backoff), clears the error and the agent checks in again.
// BR-39: the gateway restarted with OPENCLAW_VERSION set reports that string as its version in
// its hello: `dev` is registered by the release it was built from; a too old and a malformed
// version get 422 naming the version (prefixes and pre-releases: unit tests of the parser).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFromWorkspaceText } from '../../server/src/domain/agents/workspace';
import type { GatewayRpc } from '../../server/src/gateway/rpc';
import { createTestApp, type TestApp } from '../../server/test/support/app';
import { useOwnGateway } from './harness/fixture';
import { startMissionControl, type MissionControlOnGateway } from './harness/mission-control';
import { eventually } from './harness/wait';

const fx = useOwnGateway();
let t: TestApp;
let rpc: GatewayRpc;
let boardId: string;
let worker: { id: string; key: string };

type AgentRead = { status: string; name: string; last_provision_error: string | null };
const read = async (id: string): Promise<AgentRead> => (await t.api('GET', `/api/v1/agents/${id}`)).json();
/** Waits for the agent as the API shows it to satisfy `ok`; on timeout the error shows it and its jobs. */
async function agentUntil(id: string, ok: (a: AgentRead) => boolean, what: string, timeoutMs = 150_000): Promise<AgentRead> {
  try {
    return await eventually(async () => {
      const agent = await read(id);
      return ok(agent) ? agent : undefined;
    }, { what, timeoutMs, intervalMs: 500 });
  } catch (error) {
    const jobs = await t.services.database.query("SELECT state, attempts, last_error FROM jobs WHERE queue = 'agent.lifecycle' ORDER BY created_at");
    throw new Error(`${(error as Error).message}\nagent: ${JSON.stringify(await read(id))}\njobs: ${JSON.stringify(jobs)}`);
  }
}
const lifecycleJobs = () =>
  t.services.database.query<{ state: string; attempts: number }>("SELECT state, attempts FROM jobs WHERE queue = 'agent.lifecycle' ORDER BY created_at");
const heartbeat = (id: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/v1/agents/${id}/heartbeat`, { token: null, headers: { 'x-agent-token': token }, body });

let mc: MissionControlOnGateway | undefined;
beforeAll(async () => {
  mc = await startMissionControl(fx.gateway);
  ({ t, rpc } = mc);
}, 180_000);
afterAll(async () => mc?.stop());

describe(`BR-41 no agent stuck in provisioning/updating after a failed gateway call (OpenClaw ${fx.version})`, () => {
  it('a worker provisioned and checked in', { timeout: 300_000 }, async () => {
    const gw = await t.api('POST', '/api/v1/gateways', { body: { name: 'Local', url: fx.gateway.url, token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot } });
    expect(gw.statusCode, gw.body).toBe(200);
    const board = await t.api('POST', '/api/v1/boards', { body: { name: 'Outage', slug: 'outage', description: 'Gateway goes away', gateway_id: gw.json().id } });
    expect(board.statusCode, board.body).toBe(200);
    boardId = board.json().id;
    const created = await t.api('POST', '/api/v1/agents', { body: { name: 'w1', board_id: boardId } });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id;
    await agentUntil(id, (a) => a.status === 'online', 'worker online');
    worker = { id, key: `mc-${id}` };
  });

  it('update with the gateway stopped: failed with the reason, not updating', { timeout: 180_000 }, async () => {
    await fx.gateway.kill();
    const patched = await t.api('PATCH', `/api/v1/agents/${worker.id}`, { body: { name: 'w1b' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().status).toBe('updating');
    // The case's bound: the response or a read within 10 s no longer shows `updating`.
    const failed = await agentUntil(worker.id, (a) => a.status !== 'updating', 'failed update visible', 10_000);
    expect(failed.status).toBe('failed');
    expect(failed.last_provision_error).toMatch(/^Gateway unreachable: /);
    const listed = (await t.api('GET', `/api/v1/agents?board_id=${boardId}`)).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: worker.id, status: 'failed', last_provision_error: failed.last_provision_error })]);
  });

  it('gateway back: the waiting run goes at once, without another change; error cleared, new name on the gateway', { timeout: 300_000 }, async () => {
    // The failed run waits out its retry backoff; put its next attempt an hour away. Its
    // gateway's connection coming back is what runs it now.
    await eventually(async () => (await lifecycleJobs()).some((j) => j.state === 'pending' && j.attempts > 0), { what: 'the run waiting to retry', timeoutMs: 30_000 });
    await t.services.database.query("UPDATE jobs SET run_at = now() + interval '1 hour' WHERE queue = 'agent.lifecycle' AND state = 'pending'");
    await fx.gateway.restart();
    const recovered = await agentUntil(worker.id, (a) => a.status === 'online' && a.last_provision_error === null, 'worker online once the gateway is back');
    expect(recovered.name).toBe('w1b');
    await eventually(async () => (await rpc.agentsList()).agents.find((a) => a.id === worker.key)?.name === 'w1b', { what: 'new name on the gateway', timeoutMs: 60_000 });
    expect((await lifecycleJobs()).filter((j) => j.state === 'pending')).toEqual([]);
  });

  it('update again with the gateway up: the new name reaches the gateway, the agent stays online', { timeout: 300_000 }, async () => {
    const patched = await t.api('PATCH', `/api/v1/agents/${worker.id}`, { body: { name: 'w1c' } });
    expect(patched.statusCode, patched.body).toBe(200);
    const recovered = await agentUntil(worker.id, (a) => a.status === 'online' && a.last_provision_error === null, 'worker online again');
    expect(recovered.name).toBe('w1c');
    await eventually(async () => (await rpc.agentsList()).agents.find((a) => a.id === worker.key)?.name === 'w1c', { what: 'new name on the gateway', timeoutMs: 60_000 });
  });

  it('a frozen gateway: a heartbeat while updating is taken, the update times out to failed, and recovers on thaw', { timeout: 300_000 }, async () => {
    // The token the workspace holds now is valid (runs keep it while it authenticates).
    const token = tokenFromWorkspaceText((await rpc.agentFileGet(worker.key, fx.protocol === 4 ? 'AGENTS.md' : 'TOOLS.md')).file.content ?? '')!;
    expect(token).toMatch(/^mca_/);
    fx.gateway.freeze();
    try {
      const patched = await t.api('PATCH', `/api/v1/agents/${worker.id}`, { body: { name: 'w1d' } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json().status).toBe('updating');
      // Step 3: the agent's own heartbeat during the update is accepted and shows its status.
      const beat = await heartbeat(worker.id, token, { status: 'healthy' });
      expect(beat.statusCode, beat.body).toBe(200);
      expect(beat.json()).toMatchObject({ id: worker.id, status: 'healthy', last_provision_error: null });
      const failed = await agentUntil(worker.id, (a) => a.status === 'failed', 'timed-out update visible', 90_000);
      expect(failed.last_provision_error).toMatch(/^Gateway (did not answer in time|unreachable): /);
    } finally {
      fx.gateway.thaw();
    }
    // The run's job retries once the gateway answers again.
    const recovered = await agentUntil(worker.id, (a) => a.status === 'online' && a.last_provision_error === null, 'worker online after thaw');
    expect(recovered.name).toBe('w1d');
  });
});

describe(`BR-39 gateway versions as the real gateway reports them (OpenClaw ${fx.version})`, () => {
  /** Registration only: a second Mission Control without a worker, so nothing is provisioned. */
  let api: TestApp;
  beforeAll(async () => {
    api = await createTestApp();
  }, 120_000);
  afterAll(() => api?.close());

  const register = (name: string) =>
    api.api('POST', '/api/v1/gateways', { body: { name, url: fx.gateway.url, token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot } });
  const count = async () => (await api.api('GET', '/api/v1/gateways')).json().total as number;
  /** The real gateway again, now saying `version` in its hello (OPENCLAW_VERSION). */
  const reporting = (version: string) => fx.gateway.restart({ env: { OPENCLAW_VERSION: version } });

  it('"dev" is checked by the release the gateway was built from: registered', { timeout: 120_000 }, async () => {
    // A gateway that wrote its configuration (here: adding an agent) records its release there,
    // which protocol-3 gateways (no build id in the hello) need; 2026.9 ones carry server.buildId.
    await rpc.agentsCreate({ name: 'version-probe', workspace: `${fx.gateway.workspaceRoot}/workspace-version-probe` }).catch(() => undefined);
    await rpc.waitForConfigApplied();
    expect(JSON.stringify((await rpc.configGet()).config)).toContain(`"lastTouchedVersion":"${fx.version}"`);
    await reporting('dev');
    const res = await register('Dev build');
    expect(res.statusCode, res.body).toBe(200);
    const status = (await api.api('GET', `/api/v1/gateways/status?gateway_id=${res.json().id}`)).json();
    expect(status).toMatchObject({ connected: true, server_version: 'dev' });
    expect((await api.api('DELETE', `/api/v1/gateways/${res.json().id}`)).statusCode).toBe(200);
  });

  it('a version older than the minimum is 422 naming both; nothing is stored', { timeout: 120_000 }, async () => {
    await reporting('2026.1.30');
    const before = await count();
    const res = await register('Too old');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ detail: 'Gateway version 2026.1.30 is not supported. Minimum supported version is 2026.02.9.', request_id: expect.any(String) });
    expect(await count()).toBe(before);
  });

  it('a malformed version is 422 naming it, even with the release known elsewhere', { timeout: 120_000 }, async () => {
    await reporting('garbage');
    const before = await count();
    const res = await register('Garbage');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toBe("Gateway reported an unsupported version format 'garbage'. Minimum supported version is 2026.02.9.");
    expect(await count()).toBe(before);
  });
});
