import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { twoOrgs, type TwoOrgs } from '../support/fixtures';
import { asAgent, boardAgent, clearNotifyJobs, notifyJobs } from '../support/notify-jobs';
import { createTenants, type Tenants } from '../support/tenants';

let tn: Tenants;
let f: TwoOrgs;
let groupId: string;
let groupB: string;
let lead1: Awaited<ReturnType<typeof boardAgent>>;
let lead2: Awaited<ReturnType<typeof boardAgent>>;
let worker1: Awaited<ReturnType<typeof boardAgent>>;
let worker2: Awaited<ReturnType<typeof boardAgent>>;
let agentB: Awaited<ReturnType<typeof boardAgent>>;
let ungroupedBoard: string;

const groupUrl = (id: string) => `/api/v1/board-groups/${id}/memory`;
const boardUrl = (id: string) => `/api/v1/boards/${id}/group-memory`;
const recipients = async () => (await notifyJobs(tn.t)).map((j) => j.agent_id).sort();

beforeAll(async () => {
  tn = await createTenants();
  f = await twoOrgs(tn);
  const group = await tn.as('alice', 'POST', '/api/v1/board-groups', { name: 'Launch' });
  groupId = group.json().id;
  groupB = (await tn.as('bob', 'POST', '/api/v1/board-groups', { name: 'B group' })).json().id;
  await tn.t.services.database.query('UPDATE boards SET board_group_id = $1 WHERE id = ANY($2::uuid[])', [groupId, [f.boardA1, f.boardA2]]);
  await tn.t.services.database.query('UPDATE boards SET board_group_id = $1 WHERE id = $2', [groupB, f.boardB1]);
  const [ungrouped] = await tn.t.services.database.query<{ id: string }>(
    "INSERT INTO boards (organization_id, name, slug, gateway_id) VALUES ($1, 'Solo', 'solo', $2) RETURNING id",
    [f.orgA, f.gatewayA],
  );
  ungroupedBoard = ungrouped.id;
  lead1 = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA1, name: 'Ada', lead: true });
  worker1 = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA1, name: 'Bo' });
  lead2 = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA2, name: 'Cy', lead: true });
  worker2 = await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA2, name: 'Di' });
  await boardAgent(tn.t, { gatewayId: f.gatewayA, boardId: f.boardA2, name: 'Ed', session: false });
  agentB = await boardAgent(tn.t, { gatewayId: f.gatewayB, boardId: f.boardB1, name: 'Bea', lead: true });
});
afterAll(() => tn?.close());
beforeEach(() => clearNotifyJobs(tn.t));

describe('group memory by group', () => {
  it('a note notifies nobody and keeps a null source', async () => {
    const res = await tn.as('alice', 'POST', groupUrl(groupId), { content: 'Shared glossary', tags: ['docs'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ board_group_id: groupId, content: 'Shared glossary', tags: ['docs'], is_chat: false, source: null });
    expect(await notifyJobs(tn.t)).toEqual([]);
  });

  it('chat goes to the leads of every board of the group and to mentioned agents, each with its own board', async () => {
    const res = await tn.as('alice', 'POST', groupUrl(groupId), { content: 'Sync at noon, @di', tags: ['chat'] });
    expect(res.json()).toMatchObject({ is_chat: true, source: expect.any(String) });
    const jobs = await notifyJobs(tn.t);
    expect(jobs.map((j) => j.agent_id).sort()).toEqual([lead1.agent.id, lead2.agent.id, worker2.agent.id].sort());
    const toDi = jobs.find((j) => j.agent_id === worker2.agent.id)!;
    expect(toDi.message.split('\n')[0]).toBe('GROUP CHAT MENTION');
    expect(toDi.message).toContain('Group: Launch');
    expect(toDi.message).toContain(`/api/v1/boards/${f.boardA2}/group-memory`);
    expect(toDi.activity).toEqual({ board_id: f.boardA2, task_id: null, success_type: 'board.group_chat.notified', failure_type: 'board.group_chat.notify_failed' });
    const toAda = jobs.find((j) => j.agent_id === lead1.agent.id)!;
    expect(toAda.message.split('\n')[0]).toBe('GROUP CHAT');
    expect(toAda.activity?.board_id).toBe(f.boardA1);
    expect(jobs.every((j) => j.organization_id === f.orgA && j.deliver === false)).toBe(true);
  });

  it('a broadcast (tag or @all) reaches every agent with a session, even without the chat tag', async () => {
    const everyone = [lead1, worker1, lead2, worker2].map((a) => a.agent.id).sort();
    const tagged = await tn.as('alice', 'POST', groupUrl(groupId), { content: 'Freeze starts now', tags: ['broadcast'] });
    expect(tagged.json()).toMatchObject({ is_chat: false, source: expect.any(String) });
    expect(await recipients()).toEqual(everyone);
    expect((await notifyJobs(tn.t))[0].message.split('\n')[0]).toBe('GROUP BROADCAST');
    await clearNotifyJobs(tn.t);
    await tn.as('alice', 'POST', groupUrl(groupId), { content: 'Hello @all' });
    expect(await recipients()).toEqual(everyone);
  });

  it('lists newest first with the is_chat filter; blank rows never listed', async () => {
    await tn.t.services.database.query("INSERT INTO board_group_memory (board_group_id, content) VALUES ($1, ' ')", [groupId]);
    const all = (await tn.as('alice', 'GET', groupUrl(groupId))).json();
    expect(all.items[0].content).toBe('Hello @all');
    expect(all.items.some((i: any) => i.content.trim() === '')).toBe(false);
    const chat = (await tn.as('alice', 'GET', `${groupUrl(groupId)}?is_chat=true`)).json();
    expect(chat.total).toBe(1);
    expect(chat.items[0].content).toBe('Sync at noon, @di');
  });

  it('access: members reaching a board of the group read; writing needs write; other organizations 404', async () => {
    expect((await tn.as('carol', 'GET', groupUrl(groupId))).statusCode).toBe(200);
    expect((await tn.as('carol', 'POST', groupUrl(groupId), { content: 'x' })).statusCode).toBe(403);
    expect((await tn.as('dave', 'GET', groupUrl(groupId))).statusCode).toBe(403);
    expect((await tn.as('bob', 'GET', groupUrl(groupId))).statusCode).toBe(404);
    expect((await tn.as('alice', 'GET', groupUrl(groupB))).statusCode).toBe(404);
    expect((await tn.t.api('GET', groupUrl(groupId), { token: null })).statusCode).toBe(401);
    expect((await asAgent(tn.t, lead1.token, 'GET', groupUrl(groupId))).statusCode).toBe(401);
    expect((await tn.as('alice', 'POST', groupUrl(groupId), { content: '' })).statusCode).toBe(422);
    expect((await tn.as('alice', 'GET', groupUrl('nope'))).statusCode).toBe(422);
  });
});

describe('group memory through a board', () => {
  it("an agent posts to its board's group; it is not notified itself and replies go to each target's own board", async () => {
    const res = await asAgent(tn.t, worker1.token, 'POST', boardUrl(f.boardA1), { content: 'Can @cy take the API?', tags: ['chat'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ board_group_id: groupId, source: 'Bo', is_chat: true });
    const jobs = await notifyJobs(tn.t);
    expect(jobs.map((j) => j.agent_id).sort()).toEqual([lead1.agent.id, lead2.agent.id].sort());
    expect(jobs.find((j) => j.agent_id === lead2.agent.id)!.message.split('\n')[0]).toBe('GROUP CHAT MENTION');
    expect(jobs.find((j) => j.agent_id === lead1.agent.id)!.message).toContain(`/api/v1/boards/${f.boardA1}/group-memory`);
  });

  it("lists the board's group for users and agents; a board in no group gives an empty page", async () => {
    const byAgent = (await asAgent(tn.t, worker2.token, 'GET', `${boardUrl(f.boardA2)}?is_chat=true`)).json();
    expect(byAgent.items.map((i: any) => i.content)).toContain('Can @cy take the API?');
    expect((await tn.as('carol', 'GET', boardUrl(f.boardA1))).statusCode).toBe(200);
    expect((await tn.as('alice', 'GET', boardUrl(ungroupedBoard))).json()).toEqual({ items: [], total: 0, limit: 200, offset: 0 });
  });

  it('422 when the board is in no group; 403/404 by the board guard', async () => {
    const solo = await tn.as('alice', 'POST', boardUrl(ungroupedBoard), { content: 'x' });
    expect(solo.statusCode).toBe(422);
    expect(solo.json().detail).toBe('Board is not in a board group');
    expect((await tn.as('carol', 'POST', boardUrl(f.boardA1), { content: 'x' })).statusCode).toBe(403);
    expect((await asAgent(tn.t, worker1.token, 'GET', boardUrl(f.boardA2))).statusCode).toBe(403);
    expect((await asAgent(tn.t, agentB.token, 'POST', boardUrl(f.boardA1), { content: 'x' })).statusCode).toBe(404);
    expect((await tn.as('bob', 'GET', boardUrl(f.boardA1))).statusCode).toBe(404);
  });

  it('the board routes are documented for lead and worker agents', async () => {
    const doc = (await tn.t.api('GET', '/openapi.json')).json();
    const post = doc.paths['/api/v1/boards/{board_id}/group-memory'].post;
    expect(post.tags).toEqual(expect.arrayContaining(['agent-lead', 'agent-worker']));
    expect(post['x-llm-intent']).toBe('agent_board_group_memory_record');
    expect(doc.paths['/api/v1/agent/boards/{board_id}/memory'].get['x-llm-intent']).toBe('agent_board_memory_discovery');
  });
});
