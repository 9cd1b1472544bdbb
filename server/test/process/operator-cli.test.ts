// The operator CLI as a process: `gateways list|add|status`, `agents list|reprovision`,
// `templates sync` against a PostgreSQL database a running server shares, table and --json
// output, clear errors, and the embedded database refusing a second process with what to do.
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POSTGRES_ADMIN_URL } from '../support/database';
import { ensureBuilt, freePort, ROOT, runCli, tempDir, waitReady, type Proc } from '../support/process';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TOKEN = 'c'.repeat(60);
const running: Proc[] = [];
let dbName: string;
let env: Record<string, string>;
let url: string;

async function sql<T = any>(text: string, params: unknown[] = [], conn = POSTGRES_ADMIN_URL): Promise<T[]> {
  const client = new pg.Client(conn);
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function cli(args: string[], extra: Record<string, string> = {}) {
  const proc = runCli(args, { ...env, ...extra });
  const code = await proc.exited;
  return { code, output: proc.output() };
}
const json = (output: string) => JSON.parse(output.slice(output.search(/[[{]/)));

beforeAll(async () => {
  await ensureBuilt();
  dbName = `mc_cli_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await sql(`CREATE DATABASE ${dbName}`);
  url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  env = { DATABASE_URL: url, DATA_DIR: tempDir(), AUTH_MODE: 'local', LOCAL_AUTH_TOKEN: TOKEN };
  const port = await freePort();
  const server = runCli(['serve', '--no-worker'], { ...env, PORT: String(port) });
  running.push(server);
  await waitReady(port, server);
  // The first sign-in creates the local user's organization.
  const me = await fetch(`http://127.0.0.1:${port}/api/v1/organizations/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(me.status).toBe(200);
});
afterAll(async () => {
  running.forEach((p) => p.child.kill('SIGKILL'));
  await Promise.all(running.map((p) => p.exited));
  await sql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

describe('operator CLI', () => {
  let gatewayId: string;
  let agentId: string;

  it('gateways add checks the gateway first and saves nothing when it cannot connect', async () => {
    const refused = await cli(['gateways', 'add', '--name', 'Nowhere', '--url', 'ws://127.0.0.1:1', '--workspace-root', '/srv/openclaw']);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/Gateway compatibility check failed: .*\nNothing was saved/s);
    const invalid = await cli(['gateways', 'add', '--name', 'Bad', '--url', 'http://x', '--workspace-root', '../..']);
    expect(invalid.code).toBe(1);
    expect(invalid.output).toContain('--url: url must be a ws:// or wss:// URL');
    expect(invalid.output).toContain('--workspace-root: workspace_root must be an absolute path');
    expect(invalid.output).toContain('usage: mc gateways add');
    const unknown = await cli(['gateways', 'list', '--colour']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/Unknown option '--colour'/);
    expect(json((await cli(['gateways', 'list', '--json'])).output)).toEqual([]);
  });

  it('lists gateways and agents as tables and as JSON', async () => {
    const [org] = await sql<{ id: string }>('SELECT id FROM organizations', [], url);
    [{ id: gatewayId }] = await sql("INSERT INTO gateways (organization_id, name, url, workspace_root) VALUES ($1, 'Edge', 'ws://127.0.0.1:1', '/srv/oc') RETURNING id", [org.id], url);
    const [board] = await sql("INSERT INTO boards (organization_id, name, slug, gateway_id) VALUES ($1, 'Ops', 'ops', $2) RETURNING id", [org.id, gatewayId], url);
    [{ id: agentId }] = await sql("INSERT INTO agents (gateway_id, board_id, name, status) VALUES ($1, $2, 'Ada', 'online') RETURNING id", [gatewayId, board.id], url);

    const table = await cli(['gateways', 'list']);
    expect(table.code).toBe(0);
    expect(table.output).toMatch(/^ID\s+NAME\s+URL\s+WORKSPACE_ROOT\s+AGENTS/m);
    expect(table.output).toMatch(new RegExp(`${gatewayId}\\s+Edge\\s+ws://127.0.0.1:1\\s+/srv/oc\\s+1`));
    expect(json((await cli(['gateways', 'list', '--json'])).output)).toEqual([expect.objectContaining({ id: gatewayId, name: 'Edge', agents: 1, has_token: false })]);

    const agents = await cli(['agents', 'list', '--gateway', 'Edge']);
    expect(agents.output).toMatch(new RegExp(`${agentId}\\s+Ada\\s+worker\\s+online\\s+Ops\\s+Edge`));
    expect(json((await cli(['agents', 'list', '--json', '--board', board.id])).output)).toEqual([expect.objectContaining({ id: agentId, kind: 'worker', board: 'Ops' })]);
    const badBoard = await cli(['agents', 'list', '--board', 'ops']);
    expect(badBoard.code).toBe(1);
    expect(badBoard.output).toContain("--board must be a board id (a UUID), got 'ops'");
  });

  it('gateways status reports an unreachable gateway (exit 1)', async () => {
    const res = await cli(['gateways', 'status', 'Edge', '--json']);
    expect(res.code).toBe(1);
    expect(json(res.output)).toEqual([expect.objectContaining({ id: gatewayId, connected: false, error: expect.any(String) })]);
  });

  it('agents reprovision queues the durable lifecycle job', async () => {
    const missing = await cli(['agents', 'reprovision', '00000000-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('no agent with id 00000000-0000-4000-8000-000000000000');
    const res = await cli(['agents', 'reprovision', agentId]);
    expect(res.code, res.output).toBe(0);
    expect(res.output).toMatch(new RegExp(`${agentId}\\s+Ada\\s+worker\\s+update`));
    const jobs = await sql("SELECT payload FROM jobs WHERE queue = 'agent.lifecycle' AND state = 'pending'", [], url);
    expect(jobs.map((j) => j.payload.agent_id)).toContain(agentId);
    const [agent] = await sql('SELECT status, provision_action FROM agents WHERE id = $1', [agentId], url);
    expect(agent).toEqual({ status: 'updating', provision_action: 'update' });
  });

  it('templates sync reports the unreachable gateway and rotates nothing', async () => {
    await sql('UPDATE agents SET provision_action = NULL WHERE id = $1', [agentId], url);
    const before = await sql('SELECT agent_token_prefix FROM agents WHERE id = $1', [agentId], url);
    const res = await cli(['templates', 'sync', '--gateway', gatewayId, '--rotate-tokens', '--json']);
    expect(res.code).toBe(1);
    const result = json(res.output);
    expect(result).toMatchObject({ gateway_id: gatewayId, agents_updated: 0 });
    expect(result.errors[0].message).toMatch(/^Gateway unreachable: /);
    expect(await sql('SELECT agent_token_prefix FROM agents WHERE id = $1', [agentId], url)).toEqual(before);
    const noGateway = await cli(['templates', 'sync']);
    expect(noGateway.output).toContain('name the gateway with --gateway');
  });

  it('the embedded database in use by a running server: the error says what to do', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const server = runCli(['serve', '--no-worker'], { DATA_DIR: dataDir, AUTH_MODE: 'local', LOCAL_AUTH_TOKEN: TOKEN, PORT: String(port) });
    running.push(server);
    await waitReady(port, server);
    const res = await cli(['agents', 'list'], { DATABASE_URL: '', DATA_DIR: dataDir });
    expect(res.code).toBe(1);
    expect(res.output).toMatch(/in use by Mission Control \(serve, pid \d+\): stop it first, or use the HTTP API/);
  });

  it('the package exposes a mission-control bin', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'mission-control': 'scripts/mc.mjs' });
    const script = join(ROOT, pkg.bin['mission-control']);
    accessSync(script, constants.X_OK);
    expect(readFileSync(script, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });
});
