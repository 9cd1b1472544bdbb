// Board onboarding without a live gateway (the conversation with a real one is in
// e2e/gateway/onboarding.test.ts): sessions, the gateway agent's questions and result, confirm,
// and the 422/502 answers when the board has no gateway or the gateway cannot be reached.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, boardOnboardingSessions } from '../../src/db/schema';
import { createTestApp, type TestApp } from '../support/app';
import { insertAgent, insertBoard, insertGateway, localOrganizationId } from '../support/seed-rows';

let t: TestApp;
let orgId: string;
beforeAll(async () => {
  t = await createTestApp();
  orgId = await localOrganizationId(t);
});
afterAll(() => t?.close());

const asAgent = (token: string) => ({ token: null, headers: { 'x-agent-token': token } });

/** A board on a gateway with its main agent (keyed like the real one) and an open session. */
async function world(name: string, messages: { role: 'user' | 'assistant'; content: string }[] = [{ role: 'user', content: 'prompt' }]) {
  const gateway = await insertGateway(t, orgId);
  const board = await insertBoard(t, orgId, gateway.id, name);
  const main = await insertAgent(t, gateway.id, null, { name: 'gw main' });
  await t.services.db.update(agents).set({ openclawSessionId: `agent:mc-gateway-${gateway.id}:main` }).where(eq(agents.id, main.agent.id));
  const [session] = await t.services.db
    .insert(boardOnboardingSessions)
    .values({ boardId: board.id, sessionKey: `agent:mc-gateway-${gateway.id}:main`, status: 'active', messages: messages.map((m) => ({ ...m, timestamp: new Date().toISOString() })) })
    .returning();
  return { gateway, board, main, session };
}

const completion = {
  status: 'complete',
  board_type: 'goal',
  objective: 'Launch v2',
  success_metrics: { signups: 100 },
  target_date: '2026-12-01',
  user_profile: { preferred_name: 'Sam', timezone: 'Europe/Berlin', pronouns: null },
  lead_agent: { name: 'Nova', identity_profile: { role: 'Board Lead', emoji: ':rocket:' }, autonomy_level: 'autonomous', verbosity: 'concise' },
};

describe('board onboarding', () => {
  it('GET is 404 before any session; start needs a board gateway (422)', async () => {
    const board = await insertBoard(t, orgId, null, 'No gateway');
    expect((await t.api('GET', `/api/v1/boards/${board.id}/onboarding`)).statusCode).toBe(404);
    const res = await t.api('POST', `/api/v1/boards/${board.id}/onboarding/start`, { body: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toBe('Board gateway_id is required');
  });

  it('start: an unreachable gateway is a 502 naming the step, and no session is stored', { timeout: 30_000 }, async () => {
    const gateway = await insertGateway(t, orgId);
    const board = await insertBoard(t, orgId, gateway.id, 'Unreachable onboarding');
    const res = await t.api('POST', `/api/v1/boards/${board.id}/onboarding/start`, { body: {} });
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toMatch(/^Gateway onboarding start dispatch failed: /);
    expect((await t.api('GET', `/api/v1/boards/${board.id}/onboarding`)).statusCode).toBe(404);
  });

  it('start with an active session waiting on the user returns it unchanged (no gateway call)', async () => {
    const { board, session } = await world('Waiting', [
      { role: 'user', content: 'prompt' },
      { role: 'assistant', content: '{"question":"Goal?"}' },
    ]);
    const res = await t.api('POST', `/api/v1/boards/${board.id}/onboarding/start`, { body: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: session.id, status: 'active' });
    expect(res.json().messages).toHaveLength(2);
  });

  it('the gateway agent posts questions and the result; others may not', async () => {
    const { gateway, board, main } = await world('Questions');
    const url = `/api/v1/agent/boards/${board.id}/onboarding`;
    const question = { question: 'What is the goal?', options: [{ id: '1', label: 'Ship' }, { id: '2', label: "Other (I'll type it)" }] };
    const asked = await t.api('POST', url, { body: question, ...asAgent(main.token) });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().messages.at(-1)).toMatchObject({ role: 'assistant', content: JSON.stringify(question) });
    expect(asked.json().status).toBe('active');

    const worker = await insertAgent(t, gateway.id, board.id, { name: 'w' });
    expect((await t.api('POST', url, { body: question, ...asAgent(worker.token) })).statusCode).toBe(403);
    const otherGateway = await insertGateway(t, orgId);
    const otherMain = await insertAgent(t, otherGateway.id, null, { name: 'other main' });
    const denied = await t.api('POST', url, { body: question, ...asAgent(otherMain.token) });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toBe('Only the dedicated gateway agent may call this endpoint.');
    // The user-side alias takes agent tokens only.
    expect((await t.api('POST', `/api/v1/boards/${board.id}/onboarding/agent`, { body: question })).statusCode).toBe(401);
    expect((await t.api('POST', url, { body: { question: 'No options', options: [] }, ...asAgent(main.token) })).statusCode).toBe(422);
    const goalless = await t.api('POST', url, { body: { status: 'complete', board_type: 'goal', objective: 'x' }, ...asAgent(main.token) });
    expect(goalless.statusCode).toBe(422);

    const done = await t.api('POST', `/api/v1/boards/${board.id}/onboarding/agent`, { body: completion, ...asAgent(main.token) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('completed');
    expect(done.json().draft_goal).toMatchObject({ status: 'complete', objective: 'Launch v2', lead_agent: { name: 'Nova' } });
    expect(done.json().draft_goal.user_profile).not.toHaveProperty('pronouns');
    expect((await t.api('GET', `/api/v1/boards/${board.id}/onboarding`)).json().status).toBe('completed');
  });

  it('confirm: goal fields required, board and user updated, autonomy turns the approval gate off, then 409 for the agent', async () => {
    const { board, main, session } = await world('Confirm');
    await t.services.db.update(boardOnboardingSessions).set({ status: 'completed', draftGoal: completion }).where(eq(boardOnboardingSessions.id, session.id));
    const url = `/api/v1/boards/${board.id}/onboarding/confirm`;
    expect((await t.api('POST', url, { body: { board_type: 'goal', objective: 'Launch' } })).statusCode).toBe(422);
    const res = await t.api('POST', url, { body: { board_type: 'goal', objective: 'Launch v2', success_metrics: { signups: 100 }, target_date: '2026-12-01' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ goal_confirmed: true, goal_source: 'lead_agent_onboarding', require_approval_for_done: false, objective: 'Launch v2', target_date: '2026-12-01T00:00:00.000Z' });
    expect((await t.api('GET', `/api/v1/boards/${board.id}/onboarding`)).json().status).toBe('confirmed');
    expect((await t.api('GET', '/api/v1/users/me')).json()).toMatchObject({ preferred_name: 'Sam', timezone: 'Europe/Berlin' });
    const late = await t.api('POST', `/api/v1/agent/boards/${board.id}/onboarding`, { body: { question: 'More?', options: [{ id: '1', label: 'No' }] }, ...asAgent(main.token) });
    expect(late.statusCode).toBe(409);
    const events = await t.services.database.query<{ event_type: string }>('SELECT event_type FROM activity_events WHERE board_id = $1', [board.id]);
    expect(events.map((e) => e.event_type)).toContain('board.onboarding.confirmed');
    // The board lead came with the confirmation, shaped by the draft, and its provisioning is queued.
    const leads = await t.services.database.query<{ id: string; name: string; identity_profile: Record<string, string>; openclaw_session_id: string }>(
      'SELECT id, name, identity_profile, openclaw_session_id FROM agents WHERE board_id = $1 AND is_board_lead',
      [board.id],
    );
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ name: 'Nova', openclaw_session_id: `agent:lead-${board.id}:main` });
    expect(leads[0].identity_profile).toMatchObject({ role: 'Board Lead', emoji: ':rocket:', autonomy_level: 'autonomous', verbosity: 'concise' });
    const jobs = await t.services.database.query<{ payload: { agent_id: string; action: string } }>("SELECT payload FROM jobs WHERE queue = 'agent.lifecycle'");
    expect(jobs.map((j) => j.payload)).toContainEqual(expect.objectContaining({ agent_id: leads[0].id, action: 'provision' }));
    // Confirming again keeps the one lead.
    expect((await t.api('POST', url, { body: { board_type: 'general' } })).statusCode).toBe(200);
    expect(await t.services.database.query('SELECT id FROM agents WHERE board_id = $1 AND is_board_lead', [board.id])).toHaveLength(1);
  });

  it('confirm keeps the approval gate without an autonomous lead, and needs a session (404)', async () => {
    const { board } = await world('Gate kept');
    const res = await t.api('POST', `/api/v1/boards/${board.id}/onboarding/confirm`, { body: { board_type: 'general' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ board_type: 'general', require_approval_for_done: true, goal_confirmed: true });
    const [lead] = await t.services.database.query<{ name: string }>('SELECT name FROM agents WHERE board_id = $1 AND is_board_lead', [board.id]);
    expect(lead.name).toBe('Lead Agent');
    const none = await insertBoard(t, orgId, (await insertGateway(t, orgId)).id, 'No session');
    expect((await t.api('POST', `/api/v1/boards/${none.id}/onboarding/confirm`, { body: { board_type: 'general' } })).statusCode).toBe(404);
  });

  it('answer: 404 without a session; an unreachable gateway is a 502 and the answer is not stored', { timeout: 30_000 }, async () => {
    const lonely = await insertBoard(t, orgId, (await insertGateway(t, orgId)).id, 'No answer session');
    expect((await t.api('POST', `/api/v1/boards/${lonely.id}/onboarding/answer`, { body: { answer: 'x' } })).statusCode).toBe(404);
    const { board } = await world('Answer');
    expect((await t.api('POST', `/api/v1/boards/${board.id}/onboarding/answer`, { body: { answer: '  ' } })).statusCode).toBe(422);
    const res = await t.api('POST', `/api/v1/boards/${board.id}/onboarding/answer`, { body: { answer: 'Other', other_text: 'Ship v2' } });
    expect(res.statusCode).toBe(502);
    expect(res.json().detail).toMatch(/^Gateway onboarding answer dispatch failed: /);
    expect((await t.api('GET', `/api/v1/boards/${board.id}/onboarding`)).json().messages).toHaveLength(1);
  });
});
