// A board at work on a real gateway, the scripted model standing in for the LLM: a lead and a
// worker provisioned and checked in; a task assigned by a person reaches the worker's gateway
// session; the worker (its model, through the exec tool, with the token from its own workspace)
// hands the task in to review with a comment; Mission Control records it and tells the lead.
// Then presence: an agent that stopped calling Mission Control but is working on the gateway is
// brought back online by the presence sync from its session activity, never by a read.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, boards } from '../../server/src/db/schema';
import { DEFAULT_HEARTBEAT, sessionKeyOf } from '../../server/src/domain/agents/gateway-identity';
import { requestLifecycle } from '../../server/src/domain/agents/lifecycle-jobs';
import type { GatewayConnection } from '../../server/src/gateway/connection';
import type { GatewayRpc } from '../../server/src/gateway/rpc';
import type { TestApp } from '../../server/test/support/app';
import { HAND_IN_COMMENT } from './harness/fake-model';
import { useOwnGateway } from './harness/fixture';
import { startMissionControl, type MissionControlOnGateway } from './harness/mission-control';
import { eventually } from './harness/wait';

const fx = useOwnGateway({ config: { tools: {} } });
let t: TestApp;
let rpc: GatewayRpc;
let conn: GatewayConnection;
let gatewayId: string;
let boardId: string;
let lead: { id: string; key: string };
let worker: { id: string; key: string };
let taskId: string;
const TITLE = 'Write the launch checklist';

const db = () => t.services.database;
const agentRow = async (id: string) =>
  (await db().query<{ status: string; last_seen_at: Date | null; last_wake_sent_at: Date | null }>('SELECT status, last_seen_at, last_wake_sent_at FROM agents WHERE id = $1', [id]))[0];
/** Waits for `check`; on timeout the error shows the jobs (what Mission Control was doing). */
async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 150_000): Promise<T> {
  try {
    return await eventually(check, { what, timeoutMs, intervalMs: 500 });
  } catch (error) {
    const jobs = await db().query('SELECT queue, state, attempts, last_error, payload FROM jobs ORDER BY created_at');
    const model = fx.fake.requests.map((r) => `${new Date(r.at).toISOString()} ${JSON.stringify(r.reply).slice(0, 300)} <- ${r.userText.slice(0, 200).replace(/\n/g, ' | ')}`);
    throw new Error(`${(error as Error).message}\njobs: ${JSON.stringify(jobs)}\nmodel:\n${model.join('\n')}\ngateway log:\n${fx.gateway.logTail(40)}`);
  }
}
const online = (id: string, what: string) => until(async () => (await t.api('GET', `/api/v1/agents/${id}`)).json().status === 'online', what);
const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => (p && typeof p === 'object' && 'text' in p ? String(p.text) : '')).join('\n') : '';
/** The agent's main-session messages, read through Mission Control's gateway runtime route. */
async function history(key: string): Promise<{ role: string; text: string }[]> {
  const res = await t.api('GET', `/api/v1/gateways/sessions/${encodeURIComponent(`agent:${key}:main`)}/history?gateway_id=${gatewayId}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().history as { role: string; content: unknown }[]).map((m) => ({ role: m.role, text: textOf(m.content) }));
}
const notifyJobs = (agentId: string) =>
  db().query<{ state: string; reason: string; message: string }>(
    `SELECT state, payload->>'reason' AS reason, payload->>'message' AS message FROM jobs WHERE queue = 'agent.notify' AND payload->>'agent_id' = $1 ORDER BY created_at`,
    [agentId],
  );
const taskEvents = () =>
  db().query<{ event_type: string; agent_id: string | null; message: string }>('SELECT event_type, agent_id, message FROM activity_events WHERE task_id = $1 ORDER BY created_at', [taskId]);

/**
 * The board lead, created the way Mission Control does it: a lead row on the board and a
 * lifecycle run with a wake-up. (No API creates a lead yet: onboarding confirm and the gateway
 * agent's lead messaging will; people's POST /api/v1/agents never makes leads.)
 */
async function seedLead(name: string): Promise<string> {
  const [board] = await t.services.db.select().from(boards).where(eq(boards.id, boardId));
  const row = await t.services.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(agents)
      .values({ boardId, gatewayId: board.gatewayId!, name, isBoardLead: true, heartbeatConfig: { ...DEFAULT_HEARTBEAT }, identityProfile: { role: 'Board Lead' } })
      .returning();
    const [keyed] = await tx.update(agents).set({ openclawSessionId: sessionKeyOf(inserted) }).where(eq(agents.id, inserted.id)).returning();
    return requestLifecycle(tx, keyed, board.organizationId, { action: 'provision', wake: true });
  });
  t.services.worker.wake();
  return row.id;
}

let mc: MissionControlOnGateway | undefined;
beforeAll(async () => {
  mc = await startMissionControl(fx.gateway, { AGENT_PRESENCE_SYNC_SECONDS: '2' });
  ({ t, conn, rpc } = mc);
}, 180_000);
afterAll(async () => mc?.stop());

describe(`a board at work on OpenClaw ${fx.version}`, () => {
  it('a lead and a worker: provisioned with their workspace files, woken, checked in, online', { timeout: 300_000 }, async () => {
    const gateway = await t.api('POST', '/api/v1/gateways', { body: { name: 'Local', url: fx.gateway.url, token: fx.gateway.token, workspace_root: fx.gateway.workspaceRoot } });
    expect(gateway.statusCode, gateway.body).toBe(200);
    gatewayId = gateway.json().id;
    const main = (await t.api('GET', `/api/v1/agents?gateway_id=${gatewayId}`)).json().items[0];
    await online(main.id, 'gateway main agent online');
    const board = await t.api('POST', '/api/v1/boards', { body: { name: 'Launch', slug: 'launch', description: 'Ship it', gateway_id: gatewayId } });
    expect(board.statusCode, board.body).toBe(200);
    boardId = board.json().id;
    // One after the other: on 2026.3.31 every config.patch schedules a gateway restart, and two
    // restarts close together (a patch while the previous restart waits for a run to finish) can
    // leave that gateway refusing all agent runs ("draining for restart") until it is restarted.
    const leadId = await seedLead('Lena');
    lead = { id: leadId, key: `lead-${boardId}` };
    await online(lead.id, 'lead online');
    const created = await t.api('POST', '/api/v1/agents', { body: { name: 'Ada', board_id: boardId, identity_profile: { role: 'Engineer' } } });
    expect(created.statusCode, created.body).toBe(200);
    worker = { id: created.json().id, key: `mc-${created.json().id}` };
    await online(worker.id, 'worker online');
    const listed = (await rpc.agentsList()).agents.map((a) => a.id);
    expect(listed).toEqual(expect.arrayContaining([lead.key, worker.key]));
    expect((await rpc.agentFileGet(lead.key, 'AGENTS.md')).file.content).toContain('You lead the board "Launch"');
    expect((await rpc.agentFileGet(worker.key, 'AGENTS.md')).file.content).toContain('You work on the board "Launch"');
    for (const { id } of [lead, worker]) {
      const events = await db().query<{ event_type: string }>('SELECT event_type FROM activity_events WHERE agent_id = $1', [id]);
      expect(events.map((e) => e.event_type)).toEqual(expect.arrayContaining(['agent.provision.direct', 'agent.wakeup.sent', 'agent.heartbeat']));
    }
    const read = (await t.api('GET', `/api/v1/agents/${lead.id}`)).json();
    expect(read).toMatchObject({ is_board_lead: true, openclaw_session_id: `agent:${lead.key}:main` });
  });

  it('assigning a task sends the worker an agent.notify job whose message lands in its gateway session', { timeout: 300_000 }, async () => {
    const created = await t.api('POST', `/api/v1/boards/${boardId}/tasks`, { body: { title: TITLE, description: 'Everything we check before the launch.' } });
    expect(created.statusCode, created.body).toBe(200);
    taskId = created.json().id;
    const assigned = await t.api('PATCH', `/api/v1/boards/${boardId}/tasks/${taskId}`, { body: { assigned_agent_id: worker.id } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ assigned_agent_id: worker.id });

    const [job] = await notifyJobs(worker.id);
    expect(job).toMatchObject({ reason: 'task_assigned' });
    expect(job.message).toContain(`Task: ${TITLE}`);
    await until(async () => (await notifyJobs(worker.id))[0]?.state === 'done', 'assignment delivered');
    const delivered = await until(async () => (await history(worker.key)).find((m) => m.role === 'user' && m.text.includes('TASK ASSIGNED')), 'assignment in the worker session');
    expect(delivered.text).toContain(`Task: ${TITLE}`);
    expect(delivered.text).toContain(`Task ID: ${taskId}`);
    expect((await taskEvents()).map((e) => e.event_type)).toContain('task.assignee_notified');
  });

  it('the worker hands the task in through its exec tool: review, its comment, activity, and the lead is told', { timeout: 300_000 }, async () => {
    // The model's exec call, with the worker's own token from its workspace files.
    const exec = await until(async () => fx.fake.requests.find((r) => r.reply.kind === 'tool' && r.reply.command.includes(`/tasks/${taskId}`)), 'the worker model runs the hand-in');
    expect(exec.reply).toMatchObject({ kind: 'tool', command: expect.stringContaining('-X PATCH') });
    const task = await until(async () => {
      const items = (await t.api('GET', `/api/v1/boards/${boardId}/tasks`)).json().items as { id: string; status: string; assigned_agent_id: string | null }[];
      const found = items.find((i) => i.id === taskId);
      return found?.status === 'review' ? found : undefined;
    }, 'task in review');
    // Review goes to the board lead.
    expect(task.assigned_agent_id).toBe(lead.id);

    const comments = (await t.api('GET', `/api/v1/boards/${boardId}/tasks/${taskId}/comments`)).json().items as { message: string; agent_id: string | null }[];
    expect(comments).toEqual([expect.objectContaining({ message: HAND_IN_COMMENT, agent_id: worker.id })]);
    const events = await taskEvents();
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event_type: 'task.status_changed', agent_id: worker.id }),
        expect.objectContaining({ event_type: 'task.comment', agent_id: worker.id }),
      ]),
    );

    const review = await until(async () => (await notifyJobs(lead.id)).find((j) => j.reason === 'ready_for_review' && j.state === 'done'), 'review notification delivered to the lead');
    expect(review.message).toContain(`Task ID: ${taskId}`);
    await until(async () => (await history(lead.key)).some((m) => m.role === 'user' && m.text.includes('TASK READY FOR LEAD REVIEW') && m.text.includes(taskId)), 'review message in the lead session');
    await until(async () => (await taskEvents()).some((e) => e.event_type === 'task.assignee_notified' && e.agent_id === lead.id), 'lead notification recorded');
  });

  it('a worker busy on the gateway without calling Mission Control stays online: presence from session activity', { timeout: 300_000 }, async () => {
    // Twenty minutes without a check-in: shown offline (the worker holds the presence sync).
    await t.services.worker.stop();
    const past = new Date(Date.now() - 20 * 60_000);
    await t.services.db.update(agents).set({ lastSeenAt: past, lastWakeSentAt: past }).where(eq(agents.id, worker.id));
    expect((await t.api('GET', `/api/v1/agents/${worker.id}`)).json().status).toBe('offline');
    const heartbeats = async () => (await db().query('SELECT 1 FROM activity_events WHERE agent_id = $1 AND event_type = $2', [worker.id, 'agent.heartbeat'])).length;
    const before = await heartbeats();

    // It works: a model turn on the gateway that never calls Mission Control.
    const sent = Date.now();
    const res = await t.api('POST', `/api/v1/gateways/sessions/${encodeURIComponent(`agent:${worker.key}:main`)}/message?gateway_id=${gatewayId}`, {
      body: { content: 'Keep going.\nREPLY_WITH: STILL-WORKING' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await fx.fake.waitForRequest((r) => r.at >= sent && r.reply.kind === 'text' && r.reply.text === 'STILL-WORKING', 150_000);
    await until(async () => (await history(worker.key)).some((m) => m.role === 'assistant' && m.text.includes('STILL-WORKING')), 'the turn recorded in the session');
    // Reading never writes: without the sync the agent is still shown offline.
    expect((await t.api('GET', `/api/v1/agents/${worker.id}`)).json().status).toBe('offline');

    t.services.worker.start();
    await online(worker.id, 'worker online again from its session activity');
    const row = await agentRow(worker.id);
    expect(row.last_seen_at!.getTime()).toBeGreaterThanOrEqual(sent - 1_000);
    expect(await heartbeats()).toBe(before);
  });
});
