import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { asAgent, boardAgent, clearNotifyJobs, notifyJobs } from '../support/notify-jobs';
import { createTenants, type Tenants } from '../support/tenants';

let tn: Tenants;
let f: TwoOrgs;
let lead: Awaited<ReturnType<typeof boardAgent>>;
let worker: Awaited<ReturnType<typeof boardAgent>>;
let quiet: Awaited<ReturnType<typeof boardAgent>>;
let otherBoardAgent: Awaited<ReturnType<typeof boardAgent>>;
let mainA: Awaited<ReturnType<typeof boardAgent>>;
let mainB: Awaited<ReturnType<typeof boardAgent>>;

const url = (board: string) => `/api/v1/boards/${board}/memory`;
const agentUrl = (board: string) => `/api/v1/agent/boards/${board}/memory`;

beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
  lead = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA1, name: 'Lena Lead', lead: true });
  worker = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA1, name: 'Wes' });
  quiet = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA1, name: 'Quinn', session: false });
  otherBoardAgent = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA2, name: 'Otto' });
  mainA = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: null, name: 'Main A' });
  mainB = await boardAgent(tn.t, { gatewayId: f.gatewayB, boardId: null, name: 'Main B' });
});
afterAll(() => tn?.close());
beforeEach(() => clearNotifyJobs(tn.t));

describe('board memory: create', () => {
  it('a context note is not chat, keeps its source as given, notifies nobody and records activity', async () => {
    const res = await tn.as('alice', 'POST', url(f.boardA1), { content: '  Deploys go out on Tuesdays  ', tags: ['ops', ' ops ', ''] });
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json();
    expect(row).toMatchObject({ board_id: f.boardA1, content: 'Deploys go out on Tuesdays', tags: ['ops'], is_chat: false, source: null });
    expect(row.created_at).toMatch(/Z$/);
    expect(await notifyJobs(tn.t)).toEqual([]);
    const [event] = await tn.t.services.database.query<{ event_type: string; agent_id: string | null }>(
      "SELECT event_type, agent_id FROM activity_events WHERE board_id = $1 AND event_type = 'board.memory.created'",
      [f.boardA1],
    );
    expect(event).toEqual({ event_type: 'board.memory.created', agent_id: null });
  });

  it('user chat is signed with the user name and goes to the lead and mentioned agents with session, as jobs with activity', async () => {
    const [alice] = await tn.t.services.database.query<{ name: string }>("SELECT coalesce(preferred_name, name) AS name FROM users WHERE email = 'alice@example.test'");
    const res = await tn.as('alice', 'POST', url(f.boardA1), { content: 'Hey @wes and @quinn, status?', tags: ['chat'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ is_chat: true, source: alice.name });
    const jobs = await notifyJobs(tn.t);
    const byAgent = new Map(jobs.map((j) => [j.agent_id, j]));
    // Quinn is mentioned but has no gateway session: nothing can reach it.
    expect([...byAgent.keys()].sort()).toEqual([lead.agent.id, worker.agent.id].sort());
    const toLead = byAgent.get(lead.agent.id)!;
    expect(toLead.message.split('\n')[0]).toBe('BOARD CHAT');
    expect(toLead.message).toContain(`From: ${alice.name}`);
    expect(toLead.message).toContain(`/api/v1/agent/boards/${f.boardA1}/memory`);
    expect(toLead.message.endsWith('Chat message:\nHey @wes and @quinn, status?\n--- END EXTERNAL DATA ---')).toBe(true);
    expect(toLead).toMatchObject({ deliver: false, reason: 'board_chat', board_lead_of: null, organization_id: f.orgA });
    expect(toLead.activity).toEqual({ board_id: f.boardA1, task_id: null, success_type: 'board.chat.notified', failure_type: 'board.chat.notify_failed' });
    expect(byAgent.get(worker.agent.id)!.message.split('\n')[0]).toBe('BOARD CHAT MENTION');
    expect(byAgent.get(worker.agent.id)!.reason).toBe('board_chat_mention');
  });

  it('an explicit source is kept; a long message is cut to 800 characters in the notification', async () => {
    const long = 'x'.repeat(900);
    const res = await tn.as('alice', 'POST', url(f.boardA1), { content: long, tags: ['chat'], source: 'Slack' });
    expect(res.json()).toMatchObject({ source: 'Slack', content: long });
    const [job] = await notifyJobs(tn.t);
    expect(job.message).toContain('From: Slack');
    expect(job.message).toContain(`\n${'x'.repeat(797)}...\n--- END EXTERNAL DATA ---`);
  });

  it('an agent posts through the agent route with either header; it is never notified of its own message', async () => {
    for (const header of ['x-agent-token', 'bearer'] as const) {
      const res = await asAgent(tn.t, lead.token, 'POST', agentUrl(f.boardA1), { content: 'Ping @lead @wes', tags: ['chat'] }, header);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ source: 'Lena Lead', is_chat: true });
    }
    const jobs = await notifyJobs(tn.t);
    expect(jobs.map((j) => j.agent_id)).toEqual([worker.agent.id, worker.agent.id]);
    expect(jobs[0].message).toContain('From: Lena Lead');
  });

  it('/pause and /resume go verbatim to every reachable agent but the author, delivered', async () => {
    const res = await asAgent(tn.t, worker.token, 'POST', url(f.boardA1), { content: ' /PAUSE ', tags: ['chat'] });
    expect(res.statusCode, res.body).toBe(200);
    const jobs = await notifyJobs(tn.t);
    expect(jobs.map((j) => j.agent_id)).toEqual([lead.agent.id]);
    expect(jobs[0]).toMatchObject({ message: '/pause', deliver: true, reason: 'board_chat_command' });
  });

  it('422 for blank or missing content, non-list tags and a bad board id', async () => {
    expect((await tn.as('alice', 'POST', url(f.boardA1), { content: '   ' })).statusCode).toBe(422);
    expect((await tn.as('alice', 'POST', url(f.boardA1), {})).statusCode).toBe(422);
    expect((await tn.as('alice', 'POST', url(f.boardA1), { content: 'x', tags: 'chat' })).statusCode).toBe(422);
    expect((await tn.as('alice', 'POST', url('not-a-uuid'), { content: 'x' })).statusCode).toBe(422);
  });
});

describe('board memory: access', () => {
  it('401 without credentials; a user token is not an agent token on the agent route', async () => {
    expect((await tn.t.api('GET', url(f.boardA1), { token: null })).statusCode).toBe(401);
    expect((await tn.as('alice', 'GET', agentUrl(f.boardA1))).statusCode).toBe(401);
  });

  it('read-only members read but cannot write; members without access get 403; other organizations 404', async () => {
    expect((await tn.as('carol', 'GET', url(f.boardA1))).statusCode).toBe(200);
    const denied = await tn.as('carol', 'POST', url(f.boardA1), { content: 'x' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toBe('Board access denied');
    expect((await tn.as('dave', 'GET', url(f.boardA1))).statusCode).toBe(403);
    expect((await tn.as('bob', 'GET', url(f.boardA1))).statusCode).toBe(404);
    expect((await tn.as('bob', 'POST', url(f.boardA1), { content: 'x' })).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', url('00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
  });

  it("agents reach their own board only; gateway-main agents their organization's boards only (bug 3)", async () => {
    expect((await asAgent(tn.t, otherBoardAgent.token, 'GET', agentUrl(f.boardA1))).statusCode).toBe(403);
    expect((await asAgent(tn.t, otherBoardAgent.token, 'POST', url(f.boardA1), { content: 'x' })).statusCode).toBe(403);
    expect((await asAgent(tn.t, mainA.token, 'GET', agentUrl(f.boardA1))).statusCode).toBe(200);
    expect((await asAgent(tn.t, mainB.token, 'GET', agentUrl(f.boardA1))).statusCode).toBe(404);
    expect((await asAgent(tn.t, mainB.token, 'POST', url(f.boardA1), { content: 'x' })).statusCode).toBe(404);
    expect((await asAgent(tn.t, mainA.token, 'GET', agentUrl('00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
  });
});

describe('board memory: list', () => {
  it('newest first, blank rows excluded, is_chat filter, pagination with the filtered total', async () => {
    const board = f.boardB1;
    for (const [content, tags] of [['one', null], ['two', ['chat']], ['three', null], ['four', ['chat']]] as const) {
      expect((await tn.as('bob', 'POST', url(board), { content, tags })).statusCode).toBe(200);
    }
    await tn.t.services.database.query("INSERT INTO board_memory (board_id, content, is_chat) VALUES ($1, '   ', true)", [board]);
    const all = (await tn.as('bob', 'GET', url(board))).json();
    expect(all.total).toBe(4);
    expect(all.items.map((i: any) => i.content)).toEqual(['four', 'three', 'two', 'one']);
    const chat = (await tn.as('bob', 'GET', `${url(board)}?is_chat=true`)).json();
    expect(chat.items.map((i: any) => i.content)).toEqual(['four', 'two']);
    const notes = (await tn.as('bob', 'GET', `${url(board)}?is_chat=false&limit=1&offset=1`)).json();
    expect(notes).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(notes.items.map((i: any) => i.content)).toEqual(['one']);
    expect((await tn.as('bob', 'GET', `${url(board)}?limit=0`)).statusCode).toBe(422);
    expect((await tn.as('bob', 'GET', `${url(board)}?is_chat=maybe`)).statusCode).toBe(422);
  });

  it('agents list through the agent route with the same filter', async () => {
    const res = await asAgent(tn.t, worker.token, 'GET', `${agentUrl(f.boardA1)}?is_chat=true&limit=2`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(2);
    expect(res.json().items.every((i: any) => i.is_chat && i.board_id === f.boardA1)).toBe(true);
  });
});
