// The gateway API against a real gateway: registration with a connection check (a wrong token
// stores nothing), live status, sessions, a message whose scripted reply lands in the session's
// history, and the connection state following the gateway process down and back up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageText } from '../../server/src/gateway/chat-reply';
import { createTestApp, type TestApp } from '../../server/test/support/app';
import { useOwnGateway } from './harness/fixture';
import { eventually } from './harness/wait';

const fx = useOwnGateway();
let t: TestApp;
let gatewayId: string;

beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(() => t?.close());

const connection = async () => (await t.api('GET', `/api/v1/gateways/${gatewayId}/connection`)).json();

describe(`gateway API on OpenClaw ${fx.version}`, () => {
  it('refuses a wrong token with a clear 502 and stores nothing', async () => {
    const res = await t.api('POST', '/api/v1/gateways', { body: { name: 'Bad', url: fx.gateway.url, token: 'wrong-token-value', workspace_root: fx.gateway.workspaceRoot } });
    expect(res.statusCode).toBe(502);
    expect(JSON.stringify(res.json().detail)).toMatch(/compatibility check failed/i);
    expect(res.body).not.toContain('wrong-token-value');
    expect((await t.api('GET', '/api/v1/gateways')).json().total).toBe(0);
  });

  it('registers the gateway; status shows it connected with version, protocol and sessions', async () => {
    const res = await t.api('POST', '/api/v1/gateways', { body: { name: 'Local', url: fx.gateway.url, token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ has_token: true, url: fx.gateway.url });
    expect(JSON.stringify((await t.api('GET', '/api/v1/gateways')).json())).not.toContain(fx.gateway.token);
    gatewayId = res.json().id;
    const status = (await t.api('GET', `/api/v1/gateways/status?gateway_id=${gatewayId}`)).json();
    expect(status).toMatchObject({ connected: true, server_version: fx.version, protocol: fx.protocol, error: null });
    expect(Array.isArray(status.sessions)).toBe(true);
    const commands = (await t.api('GET', `/api/v1/gateways/commands?gateway_id=${gatewayId}`)).json();
    expect(commands.methods).toEqual(expect.arrayContaining(['chat.send', 'sessions.list']));
    expect(t.logs.join('\n')).not.toContain(fx.gateway.token);
  });

  it("sends a message to a session; the scripted model's exact reply lands in its history", async () => {
    const key = 'agent:main:main';
    const expected = `API-REPLY-${Date.now()}`;
    const sent = await t.api('POST', `/api/v1/gateways/sessions/${encodeURIComponent(key)}/message?gateway_id=${gatewayId}`, { body: { content: `Hello.\nREPLY_WITH: ${expected}` } });
    expect(sent.statusCode, sent.body).toBe(200);
    await eventually(async () => {
      const res = await t.api('GET', `/api/v1/gateways/sessions/${encodeURIComponent(key)}/history?gateway_id=${gatewayId}`);
      const history = res.json().history as { role: string; content: unknown }[];
      return history.some((m) => m.role === 'assistant' && messageText(m.content as never) === expected);
    }, { what: 'reply in the history', timeoutMs: 150_000, intervalMs: 1000 });
  }, 200_000);

  it('follows the gateway process: disconnected when it dies, connected again when it is back', async () => {
    expect((await connection()).connected).toBe(true);
    await fx.gateway.kill();
    await eventually(async () => (await connection()).connected === false || undefined, { what: 'disconnected', timeoutMs: 30_000 });
    const down = (await t.api('GET', `/api/v1/gateways/status?gateway_id=${gatewayId}`)).json();
    expect(down.connected).toBe(false);
    expect(down.error).toBeTruthy();
    await fx.gateway.restart();
    await eventually(async () => (await connection()).connected === true || undefined, { what: 'reconnected', timeoutMs: 90_000 });
  }, 200_000);

  it('refuses to delete a gateway that a board still uses (409), then deletes it', async () => {
    const board = await t.api('POST', '/api/v1/boards', { body: { name: 'Uses it', slug: 'uses-it', description: 'x', gateway_id: gatewayId } });
    expect(board.statusCode, board.body).toBe(200);
    expect((await t.api('DELETE', `/api/v1/gateways/${gatewayId}`)).statusCode).toBe(409);
    expect((await t.api('DELETE', `/api/v1/boards/${board.json().id}`)).statusCode).toBe(200);
    expect((await t.api('DELETE', `/api/v1/gateways/${gatewayId}`)).statusCode).toBe(200);
    expect((await t.api('GET', `/api/v1/gateways/${gatewayId}`)).statusCode).toBe(404);
  });
});
