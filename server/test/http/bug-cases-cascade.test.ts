// Bug cases BR-35 and BR-36 (shared/cases/bug-cases.md, class "deleted-entity cascade"), through
// the API on both databases. Without a gateway, the case's F-GW step (agents.delete for each board
// agent) is the durable gateway.agent.delete job the worker runs against the gateway; the e2e
// suite runs those jobs against real gateways. Table-level checks of the same cascades are in
// boards.test.ts, tasks.test.ts and organizations.test.ts.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_AGENT_DELETE_QUEUE } from '../../src/jobs/queue-names';
import { seedAgent } from '../support/agents';
import { createBoard } from '../support/fixtures';
import { count } from '../support/tenants';
import { createWorld, notifyJobs, ok200, type World } from '../support/work';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w?.close());

const as = (method: string, url: string, body?: unknown) => w.tn.as('alice', method, url, body);
const hmac = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const ingest = (board: string, hook: string, body: string, secret: string) =>
  w.tn.t.app.inject({ method: 'POST', url: `/api/v1/boards/${board}/webhooks/${hook}`, payload: body, headers: { 'content-type': 'application/json', 'x-webhook-signature': hmac(secret, body) } });
const deleteJobs = async () =>
  (await w.tn.t.services.database.query<{ payload: { gateway_id: string; gateway_agent_key: string } }>('SELECT payload FROM jobs WHERE queue = $1', [GATEWAY_AGENT_DELETE_QUEUE])).map((r) => r.payload);

describe('BR-35: deleting a full board leaves nothing behind and never fails on a foreign key', () => {
  it('steps 1–7', async () => {
    // 1. A board with everything: tasks with dependencies, tags, custom-field values, comments,
    // approvals linking several tasks, memory, a webhook with payloads, onboarding and agents.
    const board = (await createBoard(w.tn, 'alice', { name: 'BR-35', gateway_id: w.f.gatewayA, require_approval_for_done: false })).id;
    const tag = ok200(await as('POST', '/api/v1/tags', { name: 'BR-35 tag' }));
    const field = ok200(await as('POST', '/api/v1/organizations/me/custom-fields', { field_key: 'br35_points', field_type: 'integer', board_ids: [board, w.f.boardA1] }));
    const lead = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: board, name: 'BR-35 lead', isBoardLead: true }); // never provisioned: no session key yet
    const worker = ok200(await as('POST', '/api/v1/agents', { name: 'BR-35 worker', board_id: board }));
    const task = async (body: Record<string, unknown>) => ok200(await as('POST', `/api/v1/boards/${board}/tasks`, body));
    const t1 = await task({ title: 'first', tag_ids: [tag.id], custom_field_values: { br35_points: 2 }, assigned_agent_id: worker.id });
    const t2 = await task({ title: 'second', depends_on_task_ids: [t1.id], tag_ids: [tag.id] });
    const t3 = await task({ title: 'finished', status: 'done' });
    ok200(await as('POST', `/api/v1/boards/${board}/tasks/${t1.id}/comments`, { message: 'a comment' }));
    const approval = ok200(await as('POST', `/api/v1/boards/${board}/approvals`, { action_type: 'ship', task_ids: [t1.id, t2.id, t3.id], confidence: 80, lead_reasoning: 'ready' }));
    ok200(await as('POST', `/api/v1/boards/${board}/memory`, { content: 'remember this' }));
    const hook = ok200(await as('POST', `/api/v1/boards/${board}/webhooks`, { description: 'ci', secret: 'br35-secret', agent_id: worker.id }));
    expect((await ingest(board, hook.id, '{"build":"ok"}', 'br35-secret')).statusCode).toBe(202);
    await w.tn.t.services.database.query(`INSERT INTO board_onboarding_sessions (board_id, session_key) VALUES ($1, 'agent:onboarding:main')`, [board]);
    // A task of another board keeps the tag, so its count drops but does not vanish.
    const keeper = ok200(await as('POST', `/api/v1/boards/${w.f.boardA1}/tasks`, { title: 'keeps the tag', tag_ids: [tag.id] }));
    expect(ok200(await as('GET', `/api/v1/tags/${tag.id}`)).task_count).toBe(3);
    const kpis = async () => ok200(await as('GET', '/api/v1/metrics/dashboard?range_key=7d')).kpis;
    const before = await kpis();
    expect(before.done_tasks).toBeGreaterThanOrEqual(1);

    // 2. Delete.
    const res = await as('DELETE', `/api/v1/boards/${board}`);
    expect(res.statusCode, res.body).toBe(200);

    // 3. Every read of what was on it is a 404, the webhook ingest included.
    for (const url of [`/api/v1/boards/${board}`, `/api/v1/boards/${board}/tasks`, `/api/v1/boards/${board}/tasks/${t1.id}`, `/api/v1/boards/${board}/approvals/${approval.id}`, `/api/v1/agents/${worker.id}`, `/api/v1/agents/${lead.agent.id}`]) {
      expect((await as('GET', url)).statusCode, url).toBe(404);
    }
    const late = await ingest(board, hook.id, '{"build":"late"}', 'br35-secret');
    expect(late.statusCode).toBe(404);

    // 4. The tag and the field definition are the organization's: they stay, the tag counts less.
    expect(ok200(await as('GET', `/api/v1/tags/${tag.id}`)).task_count).toBe(1);
    const fields = ok200(await as('GET', '/api/v1/organizations/me/custom-fields'));
    expect(fields.find((d: any) => d.id === field.id)).toMatchObject({ field_key: 'br35_points', board_ids: [w.f.boardA1] });
    expect(ok200(await as('GET', `/api/v1/boards/${w.f.boardA1}/tasks/${keeper.id}`)).tag_ids).toEqual([tag.id]);

    // 5. The activity feed answers and points at nothing that was deleted.
    const gone = new Set([board, t1.id, t2.id, t3.id, worker.id, lead.agent.id]);
    const feed = ok200(await as('GET', '/api/v1/activity?limit=200')).items;
    for (const item of feed) {
      expect(gone.has(item.board_id), JSON.stringify(item)).toBe(false);
      expect(gone.has(item.task_id), JSON.stringify(item)).toBe(false);
      expect(gone.has(item.agent_id), JSON.stringify(item)).toBe(false);
    }
    expect(ok200(await as('GET', '/api/v1/activity/task-comments')).items.some((c: any) => gone.has(c.task_id))).toBe(false);

    // 6. The dashboard no longer counts its tasks.
    const after = await kpis();
    expect(after.done_tasks).toBe(before.done_tasks - 1);
    expect(after.inbox_tasks).toBe(before.inbox_tasks - 2);
    // Scoped to the deleted board: refused like any board the caller cannot read (never a 500).
    expect((await as('GET', `/api/v1/metrics/dashboard?board_id=${board}`)).statusCode).toBe(403);

    // 7. The gateway is asked to delete each board agent (the lead too, though it was never given a session key).
    expect(await deleteJobs()).toEqual(
      expect.arrayContaining([
        { gateway_id: w.f.gatewayA, gateway_agent_key: `mc-${worker.id}` },
        { gateway_id: w.f.gatewayA, gateway_agent_key: `lead-${board}` },
      ]),
    );
    for (const table of ['tasks', 'agents', 'approvals', 'board_memory', 'board_webhooks', 'board_webhook_payloads', 'board_onboarding_sessions', 'activity_events', 'task_dependencies']) {
      expect(await count(w.tn.t, `SELECT count(*) FROM ${table} WHERE board_id = $1`, [board]), table).toBe(0);
    }
  });
});

describe('BR-36: deleting an agent releases its tasks and its webhooks', () => {
  it('steps 1–4', async () => {
    const board = w.f.boardA1;
    const w1 = ok200(await as('POST', '/api/v1/agents', { name: 'BR-36 W1', board_id: board }));
    const t1 = ok200(await as('POST', `/api/v1/boards/${board}/tasks`, { title: 'BR-36 T1', assigned_agent_id: w1.id, status: 'in_progress' }));
    const t2 = ok200(await as('POST', `/api/v1/boards/${board}/tasks`, { title: 'BR-36 T2', assigned_agent_id: w1.id }));
    // W1 owns T2 in review (a worker's review normally hands the task to the lead; set it as the case says).
    await w.tn.t.services.database.query(`UPDATE tasks SET status = 'review' WHERE id = $1`, [t2.id]);
    expect(t1).toMatchObject({ status: 'in_progress', assigned_agent_id: w1.id });
    expect(t1.in_progress_at).toMatch(/Z$/);
    const hook = ok200(await as('POST', `/api/v1/boards/${board}/webhooks`, { description: 'to W1', secret: 'br36-secret', agent_id: w1.id }));
    expect(hook.agent_id).toBe(w1.id);

    // 1.
    const res = await as('DELETE', `/api/v1/agents/${w1.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect((await as('GET', `/api/v1/agents/${w1.id}`)).statusCode).toBe(404);
    expect(await deleteJobs()).toContainEqual({ gateway_id: w.f.gatewayA, gateway_agent_key: `mc-${w1.id}` });

    // 2. T1 back in the inbox, unassigned, not in progress; T2 keeps review without an assignee.
    expect(ok200(await as('GET', `/api/v1/boards/${board}/tasks/${t1.id}`))).toMatchObject({ status: 'inbox', assigned_agent_id: null, in_progress_at: null });
    expect(ok200(await as('GET', `/api/v1/boards/${board}/tasks/${t2.id}`))).toMatchObject({ status: 'review', assigned_agent_id: null });

    // 3. The webhook no longer names it.
    expect(ok200(await as('GET', `/api/v1/boards/${board}/webhooks/${hook.id}`)).agent_id).toBeNull();

    // 4. A signed payload is accepted and goes to the board lead.
    const before = (await notifyJobs(w)).length;
    const accepted = await ingest(board, hook.id, '{"event":"after W1"}', 'br36-secret');
    expect(accepted.statusCode, accepted.body).toBe(202);
    const jobs = (await notifyJobs(w)).slice(before);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ reason: 'webhook_payload' });
    // Delivered to the lead: named directly, or as "the lead of this board".
    expect(jobs[0].agent_id === w.lead.agent.id || (jobs[0].agent_id === null && jobs[0].board_lead_of === board), JSON.stringify(jobs[0])).toBe(true);
    expect(jobs.some((j) => j.agent_id === w1.id)).toBe(false);
  });
});
