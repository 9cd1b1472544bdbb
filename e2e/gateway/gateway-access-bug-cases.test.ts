// BR-15 and BR-16 against a real gateway: only an admin of the gateway's organization reaches
// its sessions (a member with board write, or another organization's owner, sends nothing and
// reads nothing), and the gateway's token never leaves Mission Control once stored, while an
// update without a token keeps using it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageText } from '../../server/src/gateway/chat-reply';
import { GatewayConnection } from '../../server/src/gateway/connection';
import { createDeviceIdentity } from '../../server/src/gateway/identity';
import { GatewayRpc } from '../../server/src/gateway/rpc';
import { createBoard } from '../../server/test/support/fixtures';
import { createTenants, type Tenants } from '../../server/test/support/tenants';
import { useSharedGateway } from './harness/fixture';
import { eventually } from './harness/wait';

const fx = useSharedGateway();
const SESSION = 'agent:main:main';
let tn: Tenants;
let gatewayId: string;
let boardA: string;
let createdBody: string;
const observer = {} as { conn: GatewayConnection; rpc: GatewayRpc };

const ok = (res: { statusCode: number; body: string; json(): any }) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const sessionPath = (suffix = '') => `/api/v1/gateways/sessions/${encodeURIComponent(SESSION)}${suffix}`;

/** The user messages in the session's history whose text contains `marker`, read from the gateway with our own connection. */
async function messagesWith(marker: string): Promise<number> {
  const history = await observer.rpc.chatHistory(SESSION, 200);
  return (history.messages ?? []).filter((m: { role: string; content: unknown }) => m.role === 'user' && (messageText(m.content as never) ?? '').includes(marker)).length;
}

beforeAll(async () => {
  observer.conn = new GatewayConnection({ url: fx.gateway.url, token: fx.gateway.token, identity: createDeviceIdentity() });
  observer.rpc = new GatewayRpc(observer.conn);
  await observer.conn.ready(60_000);
  tn = await createTenants();
  ok(await tn.as('alice', 'GET', '/api/v1/organizations/me'));
  ok(await tn.as('bob', 'GET', '/api/v1/organizations/me'));
  const created = await tn.as('alice', 'POST', '/api/v1/gateways', { name: 'Shared', url: fx.gateway.url, token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot });
  gatewayId = ok(created).id;
  createdBody = created.body;
  boardA = (await createBoard(tn, 'alice', { name: 'Gateway board', gateway_id: gatewayId })).id;
  // carol: a plain member who may write on the board; bob: owner of another organization.
  ok(await tn.as('alice', 'POST', '/api/v1/organizations/me/invites', { invited_email: 'carol@example.test', board_access: [{ board_id: boardA, can_read: true, can_write: true }] }));
  expect(ok(await tn.as('carol', 'GET', '/api/v1/organizations/me/member')).role).toBe('member');
}, 180_000);
afterAll(async () => {
  await observer.conn?.close();
  await tn?.close();
});

describe(`BR-15 gateway sessions are for admins of the gateway's organization (OpenClaw ${fx.version})`, () => {
  it('a member with board write cannot send into a session; nothing reaches the gateway', async () => {
    const marker = `BR15-MEMBER-${randomUUID()}`;
    const res = await tn.as('carol', 'POST', `${sessionPath('/message')}?board_id=${boardA}`, { content: marker });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json()).toMatchObject({ detail: expect.any(String), request_id: expect.any(String) });
    expect(await messagesWith(marker)).toBe(0);
  });

  it("another organization's owner is refused with A's board or A's gateway; nothing reaches the gateway", async () => {
    const marker = `BR15-FOREIGN-${randomUUID()}`;
    const byBoard = await tn.as('bob', 'POST', `${sessionPath('/message')}?board_id=${boardA}`, { content: marker });
    expect(byBoard.statusCode, byBoard.body).toBe(403);
    const byGateway = await tn.as('bob', 'POST', `${sessionPath('/message')}?gateway_id=${gatewayId}`, { content: marker });
    expect([403, 404]).toContain(byGateway.statusCode);
    expect(await messagesWith(marker)).toBe(0);
  });

  it('the read siblings refuse the member and the other organization', async () => {
    for (const path of ['/api/v1/gateways/sessions', sessionPath(), sessionPath('/history'), '/api/v1/gateways/status', '/api/v1/gateways/commands']) {
      for (const who of ['carol', 'bob']) {
        const res = await tn.as(who, 'GET', `${path}?board_id=${boardA}`);
        expect(res.statusCode, `${who} GET ${path}: ${res.body}`).toBe(403);
        expect(res.body).not.toContain(fx.gateway.url);
      }
    }
  });

  it("the organization's admin sends exactly one message, which the gateway records", async () => {
    const marker = `BR15-ADMIN-${randomUUID()}`;
    const res = await tn.as('alice', 'POST', `${sessionPath('/message')}?board_id=${boardA}`, { content: `${marker}\nREPLY_WITH: noted` });
    expect(res.statusCode, res.body).toBe(200);
    await eventually(async () => (await messagesWith(marker)) > 0 || undefined, { what: 'the message in the session history', timeoutMs: 60_000 });
    expect(await messagesWith(marker)).toBe(1);
    const history = ok(await tn.as('alice', 'GET', `${sessionPath('/history')}?board_id=${boardA}`));
    expect(JSON.stringify(history.history)).toContain(marker);
  }, 120_000);
});

describe(`BR-16 the gateway token never leaves Mission Control (OpenClaw ${fx.version})`, () => {
  it('create, list, read and update answers carry has_token, never the token', async () => {
    const answers = [
      await tn.as('alice', 'GET', '/api/v1/gateways'),
      await tn.as('alice', 'GET', `/api/v1/gateways/${gatewayId}`),
      await tn.as('alice', 'PATCH', `/api/v1/gateways/${gatewayId}`, { name: 'Renamed' }),
    ];
    expect(createdBody).not.toContain(fx.gateway.token);
    expect(JSON.parse(createdBody)).toMatchObject({ has_token: true });
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(fx.gateway.token);
    }
    expect(answers[0].json().items).toEqual([expect.objectContaining({ id: gatewayId, has_token: true })]);
    expect(answers[1].json()).toMatchObject({ has_token: true, name: 'Shared' });
    expect(answers[2].json()).toMatchObject({ has_token: true, name: 'Renamed' });
    expect(tn.t.logs.join('\n')).not.toContain(fx.gateway.token);
  });

  it('a member cannot list gateways; the other organization sees none of them', async () => {
    expect((await tn.as('carol', 'GET', '/api/v1/gateways')).statusCode).toBe(403);
    expect((await tn.as('carol', 'GET', `/api/v1/gateways/${gatewayId}`)).statusCode).toBe(403);
    const foreign = await tn.as('bob', 'GET', '/api/v1/gateways');
    expect(ok(foreign).items).toEqual([]);
    expect((await tn.as('bob', 'GET', `/api/v1/gateways/${gatewayId}`)).statusCode).toBe(404);
  });

  it('an update without a token keeps the stored one: a fresh connection check with it succeeds', async () => {
    // Naming the URL makes the update run a new connection (handshake) with the stored token;
    // the real gateway refuses a connection without its token, so 200 proves the token was kept.
    const res = await tn.as('alice', 'PATCH', `/api/v1/gateways/${gatewayId}`, { url: fx.gateway.url, workspace_root: fx.gateway.workspaceRoot });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ has_token: true });
    expect(res.body).not.toContain(fx.gateway.token);
    const status = ok(await tn.as('alice', 'GET', `/api/v1/gateways/status?gateway_id=${gatewayId}`));
    expect(status).toMatchObject({ connected: true, error: null });
    // The same check with a wrong token is refused, so the one above was not vacuous.
    const wrong = await tn.as('alice', 'PATCH', `/api/v1/gateways/${gatewayId}`, { token: 'not-the-gateway-token' });
    expect(wrong.statusCode, wrong.body).toBe(502);
    expect(wrong.body).not.toContain('not-the-gateway-token');
    expect(ok(await tn.as('alice', 'GET', `/api/v1/gateways/status?gateway_id=${gatewayId}`))).toMatchObject({ connected: true });
  }, 120_000);
});
