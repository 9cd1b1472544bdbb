// Board onboarding through a real gateway: the prompt and the user's answers land in the
// gateway agent's main session (read back with chat.history), and the gateway agent's own token
// is what lets it post questions and its result; confirming provisions the board lead there.
// BR-42: with no browser open the lead leaves provisioning by itself (background jobs and its own
// check-in); heartbeats: another agent's is 403, its own marks it online; silent past
// AGENT_OFFLINE_AFTER_SECONDS (shortened here) it shows offline until one heartbeat.
// BR-36 step 5: the deleted lead is gone from the gateway and its token is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFromWorkspaceText } from '../../server/src/domain/agents/workspace';
import { messageText } from '../../server/src/gateway/chat-reply';
import type { GatewayConnection } from '../../server/src/gateway/connection';
import type { GatewayRpc } from '../../server/src/gateway/rpc';
import type { TestApp } from '../../server/test/support/app';
import { useSharedGateway } from './harness/fixture';
import { startMissionControl, type MissionControlOnGateway } from './harness/mission-control';
import { eventually } from './harness/wait';

const fx = useSharedGateway();
let t: TestApp;
let rpc: GatewayRpc;
let conn: GatewayConnection;
let gatewayId: string;
let boardId: string;
let mainToken: string;
/** AGENT_OFFLINE_AFTER_SECONDS for this file: short, so BR-42 can wait it out. */
const OFFLINE_AFTER_S = 8;

const fileOfLead = async (name: string) => (await rpc.agentFileGet(`lead-${boardId}`, name)).file.content ?? '';
const history = async (key: string) => (await rpc.chatHistory(key, 200)).messages.map((m) => messageText(m.content) ?? JSON.stringify(m.content));

let mc: MissionControlOnGateway | undefined;
beforeAll(async () => {
  mc = await startMissionControl(fx.gateway, { AGENT_OFFLINE_AFTER_SECONDS: String(OFFLINE_AFTER_S) });
  ({ t, conn, rpc } = mc);
}, 180_000);
afterAll(async () => mc?.stop());

describe(`board onboarding on OpenClaw ${fx.version}`, () => {
  it('start sends the prompt to the gateway agent; answers follow; the agent asks and completes; confirm puts the lead on the gateway', { timeout: 300_000 }, async () => {
    const gw = await t.api('POST', '/api/v1/gateways', { body: { name: 'Onboarding', url: fx.gateway.url, token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot } });
    expect(gw.statusCode, gw.body).toBe(200);
    gatewayId = gw.json().id;
    const mainKey = `agent:mc-gateway-${gatewayId}:main`;
    const main = (await t.api('GET', `/api/v1/agents?gateway_id=${gatewayId}`)).json().items[0];
    await eventually(
      async () => (await t.services.database.query<{ p: string | null }>('SELECT provision_action AS p FROM agents WHERE id = $1', [main.id]))[0].p === null,
      { what: 'gateway agent provisioned', timeoutMs: 150_000, intervalMs: 500 },
    );
    const board = await t.api('POST', '/api/v1/boards', { body: { name: 'Moonshot', slug: 'moonshot', description: 'BOARD-DESCRIPTION-MARKER', gateway_id: gatewayId } });
    expect(board.statusCode, board.body).toBe(200);
    boardId = board.json().id;

    const started = await t.api('POST', `/api/v1/boards/${boardId}/onboarding/start`, { body: {} });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'active', session_key: mainKey });
    await eventually(async () => (await history(mainKey)).some((m) => m.includes('BOARD ONBOARDING REQUEST') && m.includes('BOARD-DESCRIPTION-MARKER')), {
      what: 'onboarding prompt in the gateway agent session',
      timeoutMs: 60_000,
    });

    // The gateway agent answers with the token from its workspace.
    const file = (await rpc.agentFileGet(`mc-gateway-${gatewayId}`, fx.protocol === 4 ? 'AGENTS.md' : 'TOOLS.md')).file.content ?? '';
    const token = tokenFromWorkspaceText(file)!;
    mainToken = token;
    const question = await t.app.inject({
      method: 'POST',
      url: `/api/v1/agent/boards/${boardId}/onboarding`,
      headers: { 'x-agent-token': token },
      payload: { question: 'What is the objective?', options: [{ id: '1', label: 'Reach orbit' }, { id: '2', label: "Other (I'll type it)" }] },
    });
    expect(question.statusCode, question.body).toBe(200);

    const answered = await t.api('POST', `/api/v1/boards/${boardId}/onboarding/answer`, { body: { answer: 'Other', other_text: 'ANSWER-MARKER' } });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    await eventually(async () => (await history(mainKey)).some((m) => m.includes('BOARD ONBOARDING ANSWER') && m.includes('Other: ANSWER-MARKER')), {
      what: 'answer in the gateway agent session',
      timeoutMs: 60_000,
    });
    // The user's words arrive fenced as external data.
    const relayed = (await history(mainKey)).find((m) => m.includes('ANSWER-MARKER'))!;
    expect(relayed.indexOf('BEGIN EXTERNAL DATA')).toBeLessThan(relayed.indexOf('ANSWER-MARKER'));

    // The result, then confirmation: the board lead is created and provisioned on the gateway.
    const complete = await t.app.inject({
      method: 'POST',
      url: `/api/v1/agent/boards/${boardId}/onboarding`,
      headers: { 'x-agent-token': token },
      payload: { status: 'complete', board_type: 'goal', objective: 'Reach orbit', success_metrics: { launches: 1 }, lead_agent: { name: 'Vega', autonomy_level: 'balanced' } },
    });
    expect(complete.statusCode, complete.body).toBe(200);
    const confirmed = await t.api('POST', `/api/v1/boards/${boardId}/onboarding/confirm`, { body: { board_type: 'goal', objective: 'Reach orbit', success_metrics: { launches: 1 } } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ goal_confirmed: true, require_approval_for_done: true });
    await eventually(async () => (await rpc.agentsList()).agents.some((a) => a.id === `lead-${boardId}`), { what: 'board lead on the gateway', timeoutMs: 150_000, intervalMs: 1_000 });
    await eventually(async () => (await fileOfLead('IDENTITY.md')).includes('Vega'), { what: "the lead's IDENTITY.md", timeoutMs: 120_000, intervalMs: 1_000 });
  });

  describe('BR-42 and BR-36 with the board lead', () => {
    let lead: { id: string; token: string };
    const read = async (id: string) => (await t.api('GET', `/api/v1/agents/${id}`)).json() as { status: string; last_seen_at: string | null };
    const beat = (id: string, token: string) => t.api('POST', `/api/v1/agents/${id}/heartbeat`, { token: null, headers: { 'x-agent-token': token }, body: {} });

    it('BR-42 step 1: the lead leaves provisioning with no browser open', { timeout: 200_000 }, async () => {
      const items = (await t.api('GET', `/api/v1/agents?board_id=${boardId}`)).json().items as Array<{ id: string; is_board_lead: boolean }>;
      const id = items.find((a) => a.is_board_lead)!.id;
      // Its wake-up (a background job) makes it check in by itself; nothing here calls it. (Shown
      // online from then on, or offline once the short threshold passed without another call.)
      const seen = await eventually(async () => {
        const agent = await read(id);
        return agent.last_seen_at && agent.status !== 'provisioning' ? agent : undefined;
      }, { what: 'lead checked in', timeoutMs: 150_000, intervalMs: 500 });
      expect(['online', 'offline']).toContain(seen.status);
      lead = { id, token: tokenFromWorkspaceText(await fileOfLead(fx.protocol === 4 ? 'AGENTS.md' : 'TOOLS.md'))! };
      expect(lead.token).toMatch(/^mca_/);
    });

    it('BR-42 steps 2-4: not for another agent (403); its own heartbeat → online; silent → offline; one heartbeat → online', { timeout: 120_000 }, async () => {
      const main = (await t.api('GET', `/api/v1/agents?gateway_id=${gatewayId}`)).json().items.find((a: { is_gateway_main: boolean }) => a.is_gateway_main);
      const other = await beat(main.id, lead.token);
      expect(other.statusCode, other.body).toBe(403);
      expect(other.json()).toMatchObject({ detail: expect.any(String), request_id: expect.any(String) });
      expect((await beat(lead.id, mainToken)).statusCode).toBe(403);

      const before = (await read(lead.id)).last_seen_at!;
      const own = await beat(lead.id, lead.token);
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json().status).toBe('online');
      expect(Date.parse(own.json().last_seen_at)).toBeGreaterThan(Date.parse(before));

      const silent = Date.now();
      await eventually(async () => (await read(lead.id)).status === 'offline' || undefined, { what: 'lead offline after the threshold', timeoutMs: 60_000, intervalMs: 500 });
      expect(Date.now() - silent).toBeGreaterThanOrEqual(OFFLINE_AFTER_S * 1000 - 1000);
      const back = await beat(lead.id, lead.token);
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json().status).toBe('online');
      expect((await read(lead.id)).status).toBe('online');
    });

    it('BR-36 step 5: the deleted lead is removed from the gateway and its token gives 401', { timeout: 120_000 }, async () => {
      const boardsAsLead = () => t.api('GET', '/api/v1/agent/boards', { token: null, headers: { 'x-agent-token': lead.token } });
      expect((await boardsAsLead()).statusCode).toBe(200);
      expect((await t.api('DELETE', `/api/v1/agents/${lead.id}`)).statusCode).toBe(200);
      expect((await boardsAsLead()).statusCode).toBe(401);
      await eventually(async () => !(await rpc.agentsList()).agents.some((a) => a.id === `lead-${boardId}`), { what: 'lead removed from the gateway', timeoutMs: 90_000, intervalMs: 1_000 });
    });
  });
});
