// Template sync against a real gateway: the agents' own notes survive a sync unless `overwrite`;
// a token rotation reaches the workspace before it counts, and when the gateway cannot take the
// files (a broken workspace, a stopped gateway) the sync lists the error and the old token keeps
// working (BR-23, steps 1-4). Names of agents never reach file names or paths on the gateway
// (BR-46). Provisioning across the gateway's config hot reload (and, on 2026.3.31, the restart
// each config change schedules) creates each agent once and its update lands (BR-29); a
// re-provision and three syncs create nothing new: one gateway agent per Mission Control agent
// (BR-30).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateways } from '../../server/src/db/schema';
import { tokenFromWorkspaceText } from '../../server/src/domain/agents/workspace';
import type { GatewayConnection } from '../../server/src/gateway/connection';
import type { GatewayRpc } from '../../server/src/gateway/rpc';
import type { TestApp } from '../../server/test/support/app';
import { useOwnGateway } from './harness/fixture';
import { startMissionControl, type MissionControlOnGateway } from './harness/mission-control';
import { eventually } from './harness/wait';

const fx = useOwnGateway();
let t: TestApp;
let rpc: GatewayRpc;
let conn: GatewayConnection;
let gatewayId: string;
let boardId: string;
let worker: { id: string; key: string };
/** Every RPC Mission Control sent to the gateway (method, params, whether it succeeded), recorded on its live connection. */
const sent: Array<{ method: string; params: any; ok?: boolean }> = [];

const credentialsFile = () => (fx.protocol === 4 ? 'AGENTS.md' : 'TOOLS.md');
const fileOf = async (key: string, name: string) => (await rpc.agentFileGet(key, name)).file.content ?? '';
const heldToken = async (key: string) => tokenFromWorkspaceText(await fileOf(key, credentialsFile()));
const asAgent = (token: string) => t.api('GET', '/api/v1/agent/healthz', { token: null, headers: { 'x-agent-token': token } });
const sync = async (query: string) => {
  const res = await t.api('POST', `/api/v1/gateways/${gatewayId}/templates/sync?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
async function provisioned(id: string) {
  return eventually(
    async () => {
      const [row] = await t.services.database.query<{ provision_action: string | null; status: string; last_provision_error: string | null }>(
        'SELECT provision_action, status, last_provision_error FROM agents WHERE id = $1',
        [id],
      );
      if (row.status === 'failed') throw new Error(`provisioning failed: ${row.last_provision_error}`);
      return row.provision_action === null ? row : undefined;
    },
    { what: `agent ${id} provisioned`, timeoutMs: 150_000, intervalMs: 500 },
  );
}

let mc: MissionControlOnGateway | undefined;
beforeAll(async () => {
  mc = await startMissionControl(fx.gateway);
  ({ t, conn, rpc } = mc);
}, 180_000);
afterAll(async () => mc?.stop());

describe(`template sync on OpenClaw ${fx.version}`, () => {
  it('provisions a gateway, a board and a worker whose name looks like a path', { timeout: 300_000 }, async () => {
    expect((await t.api('POST', '/api/v1/gateways', { body: { name: 'Bad root', url: fx.gateway.url, token: fx.gateway.token, workspace_root: '../../..' } })).statusCode).toBe(422);
    const gw = await t.api('POST', '/api/v1/gateways', { body: { name: 'Local', url: fx.gateway.url, token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot } });
    expect(gw.statusCode, gw.body).toBe(200);
    gatewayId = gw.json().id;
    const [row] = await t.services.db.select().from(gateways).where(eq(gateways.id, gatewayId));
    const handle = await t.services.gateways.handle(row);
    const connection = handle.rpc.caller as GatewayConnection;
    const call = connection.call.bind(connection);
    connection.call = ((method: string, params?: unknown, options?: never) => {
      const record: (typeof sent)[number] = { method, params };
      sent.push(record);
      return call(method, params, options).then(
        (value) => ((record.ok = true), value),
        (error: unknown) => {
          record.ok = false;
          throw error;
        },
      );
    }) as typeof connection.call;

    const board = await t.api('POST', '/api/v1/boards', { body: { name: 'Sync', slug: 'sync', description: 'Templates', gateway_id: gatewayId } });
    expect(board.statusCode, board.body).toBe(200);
    boardId = board.json().id;
    const created = await t.api('POST', '/api/v1/agents', { body: { name: '../../x', board_id: boardId } });
    // Names are free text: they are never used in a path or file name, so they need no rejection.
    expect(created.statusCode, created.body).toBe(200);
    worker = { id: created.json().id, key: `mc-${created.json().id}` };
    await provisioned(worker.id);
    const main = (await t.api('GET', `/api/v1/agents?gateway_id=${gatewayId}`)).json().items.find((a: any) => a.is_gateway_main);
    await provisioned(main.id);
    expect(await heldToken(worker.key)).toMatch(/^mca_/);

    // BR-29: created once; updated after the gateway applied the create, the last update succeeded.
    const mine = (method: string) => sent.filter((c) => c.method === method && (c.params.agentId ?? c.params.name) === worker.key);
    expect(mine('agents.create').map((c) => c.ok)).toEqual([true]);
    const updates = mine('agents.update');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.at(-1)!.ok).toBe(true);
    const read = (await t.api('GET', `/api/v1/agents/${worker.id}`)).json();
    expect(read.last_provision_error).toBeNull();
    expect(read.status).not.toBe('failed');
  });

  it('keeps the notes an agent wrote unless overwrite is asked for', { timeout: 180_000 }, async () => {
    await rpc.agentFileSet(worker.key, 'MEMORY.md', '# Memory\n\nNOTE-BY-AGENT\n');
    await rpc.agentFileSet(worker.key, 'USER.md', '# User\n\nUSER-NOTE-BY-AGENT\n');
    await rpc.agentFileSet(worker.key, 'IDENTITY.md', 'stale identity\n');
    const kept = await sync('include_main=false');
    expect(kept).toMatchObject({ agents_updated: 1, agents_skipped: 0, errors: [] });
    expect(await fileOf(worker.key, 'MEMORY.md')).toContain('NOTE-BY-AGENT');
    expect(await fileOf(worker.key, 'USER.md')).toContain('USER-NOTE-BY-AGENT');
    expect(await fileOf(worker.key, 'IDENTITY.md')).toContain('- Name: ../../x');

    const replaced = await sync('include_main=false&overwrite=true');
    expect(replaced).toMatchObject({ agents_updated: 1, errors: [] });
    expect(await fileOf(worker.key, 'MEMORY.md')).not.toContain('NOTE-BY-AGENT');
    expect(await fileOf(worker.key, 'USER.md')).not.toContain('USER-NOTE-BY-AGENT');
  });

  it('BR-23 rotates tokens: the new token is in the workspace and works; the old one retires on first use', { timeout: 180_000 }, async () => {
    const old = (await heldToken(worker.key))!;
    const result = await sync('rotate_tokens=true');
    expect(result).toMatchObject({ agents_updated: 1, main_updated: true, errors: [] });
    const fresh = (await heldToken(worker.key))!;
    expect(fresh).toMatch(/^mca_/);
    expect(fresh).not.toBe(old);
    expect((await asAgent(fresh)).statusCode).toBe(200);
    expect((await asAgent(old)).statusCode).toBe(401);
  });

  it('BR-30: a re-provision and three syncs create no agent; the gateway has one agent per Mission Control agent', { timeout: 240_000 }, async () => {
    const from = sent.length;
    const again = await t.api('POST', `/api/v1/agents/${worker.id}/reprovision`);
    expect(again.statusCode, again.body).toBe(200);
    await provisioned(worker.id);
    for (let i = 0; i < 3; i++) expect(await sync('')).toMatchObject({ agents_updated: 1, main_updated: true, errors: [] });
    expect(sent.slice(from).filter((c) => c.method === 'agents.create')).toEqual([]);
    expect(sent.slice(from).filter((c) => c.method === 'agents.update').length).toBeGreaterThanOrEqual(4);

    const ours = (await t.api('GET', `/api/v1/agents?gateway_id=${gatewayId}`)).json().items as Array<{ id: string; is_gateway_main: boolean; status: string }>;
    expect(ours).toHaveLength(2);
    const keys = ours.map((a) => (a.is_gateway_main ? `mc-gateway-${gatewayId}` : `mc-${a.id}`));
    const listed = (await rpc.agentsList()).agents.map((a) => a.id);
    for (const key of keys) expect(listed.filter((id) => id === key), key).toHaveLength(1);
    expect(listed.filter((id) => id.startsWith('mc-') && !keys.includes(id))).toEqual([]);
    const board = (await t.api('GET', `/api/v1/agents?board_id=${boardId}`)).json().items as Array<{ id: string; status: string }>;
    expect(board.map((a) => a.id)).toEqual([worker.id]);
    expect(board[0].status).not.toBe('provisioning');
  });

  it('BR-23 step 4: a workspace that refuses the files: error listed for that agent, old token still valid', { timeout: 180_000 }, async () => {
    const held = (await heldToken(worker.key))!;
    expect((await asAgent(held)).statusCode).toBe(200);
    const prefix = async () => (await t.services.database.query<{ p: string }>('SELECT agent_token_prefix AS p FROM agents WHERE id = $1', [worker.id]))[0].p;
    const before = await prefix();
    // The first file written on any protocol is AGENTS.md: a directory in its place makes every write of it fail.
    const dir = join(fx.gateway.workspaceRoot, `workspace-${worker.key}`, 'AGENTS.md');
    rmSync(dir, { force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep'), 'x');
    try {
      const result = await sync('rotate_tokens=true&include_main=false');
      expect(result.agents_updated).toBe(0);
      expect(result.agents_skipped).toBe(1);
      expect(result.errors).toEqual(expect.arrayContaining([expect.objectContaining({ agent_id: worker.id, message: expect.stringMatching(/^Failed to sync templates: /) })]));
      expect((await asAgent(held)).statusCode).toBe(200);
      // Nothing reached the workspace, so no rotation was committed.
      expect(await prefix()).toBe(before);
      const [row] = await t.services.database.query<{ last_provision_error: string | null }>('SELECT last_provision_error FROM agents WHERE id = $1', [worker.id]);
      expect(row.last_provision_error).toBeTruthy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Repaired: a sync with rotation succeeds again.
    expect(await sync('rotate_tokens=true&include_main=false')).toMatchObject({ agents_updated: 1, errors: [] });
    expect((await asAgent((await heldToken(worker.key))!)).statusCode).toBe(200);
  });

  it('no name sent to the gateway carries a path: workspaces and file names come from ids (BR-46)', { timeout: 180_000 }, async () => {
    const other = await t.api('POST', '/api/v1/agents', { body: { name: 'a/b', board_id: boardId } });
    expect(other.statusCode, other.body).toBe(200);
    await provisioned(other.json().id);
    const fileCalls = sent.filter((c) => c.method === 'agents.files.set' || c.method === 'agents.files.get');
    expect(fileCalls.length).toBeGreaterThan(5);
    for (const c of fileCalls) {
      expect(c.params.name).not.toMatch(/\/|\\|\.\./);
      expect(c.params.agentId).toMatch(/^(mc-|lead-)[0-9a-z-]+$/);
    }
    for (const c of sent.filter((x) => x.method === 'agents.create' || x.method === 'agents.update')) {
      const workspace = String(c.params.workspace);
      expect(workspace.startsWith(`${fx.gateway.workspaceRoot}/workspace-`)).toBe(true);
      expect(resolve(workspace).startsWith(`${resolve(fx.gateway.workspaceRoot)}/`)).toBe(true);
      expect(workspace).not.toContain('..');
    }
    // `~` stays verbatim for the gateway to expand; Mission Control itself never writes agent files locally.
    const tilde = await t.api('PATCH', `/api/v1/gateways/${gatewayId}`, { body: { workspace_root: '~/.openclaw' } });
    expect(tilde.statusCode, tilde.body).toBe(200);
    expect(tilde.json().workspace_root).toBe('~/.openclaw');
    expect(existsSync(join(process.cwd(), '~'))).toBe(false);
  });

  it('BR-23 step 4: a stopped gateway: the sync reports it and the old token keeps working', { timeout: 120_000 }, async () => {
    const held = (await heldToken(worker.key))!;
    await fx.gateway.kill();
    const result = await sync('rotate_tokens=true');
    expect(result).toMatchObject({ agents_updated: 0, main_updated: false });
    expect(result.errors[0].message).toMatch(/^Gateway unreachable: /);
    expect((await asAgent(held)).statusCode).toBe(200);
  });
});
