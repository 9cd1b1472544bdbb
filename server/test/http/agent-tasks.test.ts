// Tasks through the agent surface (spec 2.21 rows 5, 8–12; 3.1.2, 3.1.4, 3.1.6–3.1.8, 3.7) and
// the agent board guard (bug 3), on both databases.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents } from '../../src/db/schema';
import { seedAgent } from '../support/agents';
import { createBoard } from '../support/fixtures';
import { unknownId } from '../support/tenants';
import { createWorld, eventsOf, notifyJobs, ok200, type World, type WorldAgent } from '../support/work';

let w: World;
const agentTasks = (board: string) => `/api/v1/agent/boards/${board}/tasks`;
const userTasks = (board: string) => `/api/v1/boards/${board}/tasks`;
const userCreate = async (body: Record<string, unknown>, board = w.f.boardA1) => ok200(await w.tn.as('alice', 'POST', userTasks(board), body));
const patch = (who: WorldAgent, taskId: string, body: unknown, board = w.f.boardA1) => w.agentApi(who, 'PATCH', `${agentTasks(board)}/${taskId}`, body);
const comment = (who: WorldAgent, taskId: string, message: string) => w.agentApi(who, 'POST', `${agentTasks(w.f.boardA1)}/${taskId}/comments`, { message });
const newJobs = async (before: number) => (await notifyJobs(w)).slice(before);

beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w?.close());

describe('board guard', () => {
  it('board agents reach only their board; gateway-main agents only their organization; other organizations 404 (bug 3)', async () => {
    const task = await userCreate({ title: 'guarded' });
    expect(ok200(await w.agentApi(w.alex, 'GET', agentTasks(w.f.boardA1))).total).toBeGreaterThan(0);
    // The board routes accept agent tokens too.
    expect(ok200(await w.agentApi(w.alex, 'GET', userTasks(w.f.boardA1))).total).toBeGreaterThan(0);
    // An agent of another board of the same organization: 403.
    const neighbour = await agentOn(w.f.boardA2, 'Nina');
    const otherBoard = await w.agentApi(neighbour, 'GET', agentTasks(w.f.boardA1));
    expect(otherBoard.statusCode).toBe(403);
    expect(otherBoard.json().detail).toBe('Agent cannot access this board');
    expect((await w.agentApi(neighbour, 'GET', userTasks(w.f.boardA1))).statusCode).toBe(403);
    expect((await w.agentApi(neighbour, 'GET', `${agentTasks(w.f.boardA1)}/${task.id}/comments`)).statusCode).toBe(403);
    expect((await patch(neighbour, task.id, { status: 'in_progress' })).statusCode).toBe(403);
    // Agents of another organization, board or gateway-main (bug 3): 404, like an unknown board.
    expect((await w.agentApi(w.mainA, 'GET', agentTasks(w.f.boardA1))).statusCode).toBe(200);
    for (const outsider of [w.olga, w.otto, w.mainB]) {
      for (const [method, url, body] of [
        ['GET', agentTasks(w.f.boardA1), undefined],
        ['GET', `${agentTasks(w.f.boardA1)}/${task.id}/comments`, undefined],
        ['POST', `${agentTasks(w.f.boardA1)}/${task.id}/comments`, { message: 'hi' }],
        ['PATCH', `${agentTasks(w.f.boardA1)}/${task.id}`, { status: 'in_progress' }],
        ['DELETE', `${agentTasks(w.f.boardA1)}/${task.id}`, undefined],
        ['GET', userTasks(w.f.boardA1), undefined],
        ['PATCH', `${userTasks(w.f.boardA1)}/${task.id}`, { status: 'in_progress' }],
      ] as const) {
        const res = await w.agentApi(outsider, method, url, body);
        expect([403, 404], `${outsider.agent.name} ${method} ${url}`).toContain(res.statusCode);
        if (!(method === 'DELETE' && !outsider.agent.isBoardLead)) expect(res.statusCode, `${outsider.agent.name} ${method} ${url}`).toBe(404);
      }
    }
    const stored = ok200(await w.tn.as('alice', 'GET', userTasks(w.f.boardA1))).items.find((t: any) => t.id === task.id);
    expect(stored).toMatchObject({ status: 'inbox', assigned_agent_id: null });
    // A gateway-main agent is not a board worker: it cannot change tasks of a board.
    const mainPatch = await patch(w.mainA, task.id, { status: 'in_progress' });
    expect(mainPatch.statusCode).toBe(403);
    expect(mainPatch.json().detail).toEqual({ code: 'task_board_mismatch', message: 'Agent can only update tasks for their assigned board.' });

    expect((await w.agentApi(w.alex, 'GET', agentTasks(unknownId()))).statusCode).toBe(404);
    expect((await w.agentApi(w.mainA, 'GET', agentTasks(unknownId()))).statusCode).toBe(404);
    expect((await w.tn.t.api('GET', agentTasks(w.f.boardA1), { token: null, headers: { 'x-agent-token': 'mc_bad.token' } })).statusCode).toBe(401);
    expect((await w.tn.t.api('GET', agentTasks(w.f.boardA1), { token: null })).statusCode).toBe(401);
    // A user token is not an agent token on the agent surface.
    expect((await w.tn.as('alice', 'GET', agentTasks(w.f.boardA1))).statusCode).toBe(401);
  });

  it('the agent list filters like the user list', async () => {
    const mine = await userCreate({ title: 'for alex', assigned_agent_id: w.alex.agent.id });
    const page = ok200(await w.agentApi(w.alex, 'GET', `${agentTasks(w.f.boardA1)}?assigned_agent_id=${w.alex.agent.id}&status=inbox`));
    expect(page.items.map((t: any) => t.id)).toContain(mine.id);
    expect(page.items.every((t: any) => t.assigned_agent_id === w.alex.agent.id && t.status === 'inbox')).toBe(true);
    expect((await w.agentApi(w.alex, 'GET', `${agentTasks(w.f.boardA1)}?status=bogus`)).statusCode).toBe(422);
  });
});

describe('worker rules (spec 3.1.4)', () => {
  it('claims an unassigned task; cannot change status of someone else’s; only status/comment/custom fields', async () => {
    const task = await userCreate({ title: 'claim me' });
    const claimed = ok200(await patch(w.alex, task.id, { status: 'in_progress' }));
    expect(claimed).toMatchObject({ status: 'in_progress', assigned_agent_id: w.alex.agent.id });
    expect(claimed.in_progress_at).toMatch(/Z$/);
    const mismatch = await patch(w.bob2, task.id, { status: 'review' });
    expect(mismatch.statusCode).toBe(403);
    expect(mismatch.json().detail).toEqual({ code: 'task_assignee_mismatch', message: 'Agents can only change status on tasks assigned to them.' });
    const forbidden = await patch(w.alex, task.id, { title: 'renamed' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().detail).toEqual({ code: 'task_update_field_forbidden', message: 'Agents may only update status, comment, and custom field values.' });
    // Another worker may still comment through PATCH without touching the assignment.
    const commented = ok200(await patch(w.bob2, task.id, { comment: 'looks good so far' }));
    expect(commented.assigned_agent_id).toBe(w.alex.agent.id);
  });

  it('workers may set custom field values (validated like users)', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'Worker fields', require_approval_for_done: false })).id;
    ok200(await w.tn.as('alice', 'POST', '/api/v1/organizations/me/custom-fields', { field_key: 'hours', field_type: 'decimal', board_ids: [board] }));
    const worker = await agentOn(board, 'Fay');
    const task = await userCreate({ title: 'measured' }, board);
    const set = ok200(await patch(worker, task.id, { custom_field_values: { hours: 2.5 } }, board));
    expect(set.custom_field_values).toEqual({ hours: 2.5 });
    const bad = await patch(worker, task.id, { custom_field_values: { hours: 'two' } }, board);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatchObject({ message: 'Invalid custom field value.', field_key: 'hours', reason: 'must be a number' });
  });

  it('only_lead_can_change_status: workers 403 on a change, leads unaffected', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'Lead only', only_lead_can_change_status: true, require_approval_for_done: false })).id;
    const lead = await agentOn(board, 'Lou', true);
    const worker = await agentOn(board, 'Wes');
    const task = await userCreate({ title: 'lead decides' }, board);
    const res = await patch(worker, task.id, { status: 'in_progress' }, board);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toBe('Only board leads can change task status.');
    // Bug 20: sending the current status is a no-op, not a refusal.
    expect((await patch(worker, task.id, { status: 'inbox' }, board)).statusCode).toBe(200);
    const started = ok200(await patch(lead, task.id, { status: 'in_progress', assigned_agent_id: worker.agent.id }, board));
    expect(started.status).toBe('in_progress');
  });

  it('comment_required_for_review: 422 without a comment, ok with one', async () => {
    const board = (await createBoard(w.tn, 'alice', { name: 'Commented', comment_required_for_review: true })).id;
    await agentOn(board, 'Lia', true);
    const worker = await agentOn(board, 'Wim');
    const task = await userCreate({ title: 'explain yourself' }, board);
    ok200(await patch(worker, task.id, { status: 'in_progress' }, board));
    const bare = await patch(worker, task.id, { status: 'review' }, board);
    expect(bare.statusCode).toBe(422);
    expect(bare.json().detail).toBe('Comment is required.');
    expect(ok200(await patch(worker, task.id, { status: 'review', comment: 'Done: see PR' }, board)).status).toBe('review');
    // A comment the worker posted since starting this round also satisfies the rule.
    const second = await userCreate({ title: 'explained earlier' }, board);
    ok200(await patch(worker, second.id, { status: 'in_progress' }, board));
    ok200(await w.agentApi(worker, 'POST', `${agentTasks(board)}/${second.id}/comments`, { message: 'Result attached' }));
    expect(ok200(await patch(worker, second.id, { status: 'review' }, board)).status).toBe('review');
    // With the rule off (board A1), review needs no comment.
    const free = await userCreate({ title: 'no words needed' });
    ok200(await patch(w.bob2, free.id, { status: 'in_progress' }));
    expect(ok200(await patch(w.bob2, free.id, { status: 'review' })).status).toBe('review');
  });

  it('entering in_progress with the same assignee wakes it once (status_in_progress)', async () => {
    const task = await userCreate({ title: 'pre-assigned', assigned_agent_id: w.alex.agent.id });
    ok200(await patch(w.alex, task.id, { status: 'in_progress' }));
    expect((await eventsOf(w, { taskId: task.id, type: 'task.assignee_woken' })).map((e) => e.message)).toEqual([
      'Assignee heartbeat set online (assignment): Alex.',
      'Assignee heartbeat set online (status_in_progress): Alex.',
    ]);
  });

  it('a blocked task cannot be started by a worker (409 with code)', async () => {
    const dep = await userCreate({ title: 'first things' });
    const task = await userCreate({ title: 'second things', depends_on_task_ids: [dep.id] });
    const res = await patch(w.alex, task.id, { status: 'in_progress' });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatchObject({ code: 'task_blocked_cannot_transition', blocked_by_task_ids: [dep.id] });
  });
});

describe('review loop (spec 3.1.8)', () => {
  it('worker → review hands to the lead; lead requests changes → back to the worker with feedback', async () => {
    const task = await userCreate({ title: 'Report' });
    ok200(await patch(w.alex, task.id, { status: 'in_progress' }));
    let before = (await notifyJobs(w)).length;
    const inReview = ok200(await patch(w.alex, task.id, { status: 'review', comment: 'Draft ready' }));
    expect(inReview).toMatchObject({ status: 'review', assigned_agent_id: w.lead.agent.id, in_progress_at: null });
    let jobs = await newJobs(before);
    expect(jobs.map((j) => [j.reason, j.agent_id])).toEqual([['ready_for_review', w.lead.agent.id]]);
    expect(jobs[0].message).toContain('TASK READY FOR LEAD REVIEW');
    expect(jobs[0].message).toContain('review the deliverables');

    // The lead may comment during review; a PATCH carrying a comment is refused.
    const withComment = await patch(w.lead, task.id, { status: 'inbox', comment: 'nope' });
    expect(withComment.statusCode).toBe(403);
    expect(withComment.json().detail).toContain('Lead comment gate failed');
    ok200(await comment(w.lead, task.id, 'Please add the summary table.'));
    before = (await notifyJobs(w)).length;
    const back = ok200(await patch(w.lead, task.id, { status: 'inbox' }));
    expect(back).toMatchObject({ status: 'inbox', assigned_agent_id: w.alex.agent.id, in_progress_at: null });
    jobs = await newJobs(before);
    expect(jobs.map((j) => [j.reason, j.agent_id])).toEqual([['changes_requested', w.alex.agent.id]]);
    expect(jobs[0].message).toContain('CHANGES REQUESTED');
    expect(jobs[0].message).toContain('Please add the summary table.');
    expect(jobs[0].activity.success_type).toBe('task.rework_notified');

    // Second round: the done gate needs an approved approval.
    ok200(await patch(w.alex, task.id, { status: 'in_progress' }));
    ok200(await patch(w.alex, task.id, { status: 'review', comment: 'Table added' }));
    const gated = await patch(w.lead, task.id, { status: 'done' });
    expect(gated.statusCode).toBe(409);
    expect(gated.json().detail).toEqual({ message: 'Task can only be marked done when a linked approval has been approved.', blocked_by_task_ids: [] });
    const approval = ok200(await w.agentApi(w.lead, 'POST', `/api/v1/agent/boards/${w.f.boardA1}/approvals`, { action_type: 'task.complete', task_id: task.id, confidence: 90, lead_reasoning: 'Meets the brief' }));
    ok200(await w.tn.as('alice', 'PATCH', `/api/v1/boards/${w.f.boardA1}/approvals/${approval.id}`, { status: 'approved' }));
    const done = ok200(await patch(w.lead, task.id, { status: 'done' }));
    expect(done).toMatchObject({ status: 'done', blocked_by_task_ids: [], is_blocked: false });
    const [row] = await w.tn.t.services.database.query<{ done_at: Date | null; previous_in_progress_at: Date | null }>('SELECT done_at, previous_in_progress_at FROM tasks WHERE id = $1', [task.id]);
    expect(row.done_at).not.toBeNull();
    expect(row.previous_in_progress_at).not.toBeNull();
    const statusEvents = (await eventsOf(w, { taskId: task.id, type: 'task.status_changed' })).map((e) => [e.message, e.agent_id]);
    expect(statusEvents).toEqual([
      ['Task moved to in_progress: Report.', w.alex.agent.id],
      ['Task moved to review: Report.', w.alex.agent.id],
      ['Task moved to inbox: Report.', w.lead.agent.id],
      ['Task moved to in_progress: Report.', w.alex.agent.id],
      ['Task moved to review: Report.', w.alex.agent.id],
      ['Task moved to done: Report.', w.lead.agent.id],
    ]);
  });

  it('a comment-only PATCH by a worker on a review task leaves the assignment alone', async () => {
    const task = await userCreate({ title: 'Reviewed' });
    ok200(await patch(w.alex, task.id, { status: 'in_progress' }));
    ok200(await patch(w.alex, task.id, { status: 'review', comment: 'ready' }));
    const after = ok200(await patch(w.alex, task.id, { comment: 'one more note' }));
    expect(after).toMatchObject({ status: 'review', assigned_agent_id: w.lead.agent.id });
  });
});

describe('lead rules (spec 3.1.2, 3.1.6)', () => {
  it('creates tasks (auto-created, lead event, assignee validated); workers and users cannot use the route', async () => {
    const before = (await notifyJobs(w)).length;
    const task = ok200(await w.agentApi(w.lead, 'POST', agentTasks(w.f.boardA1), { title: 'Delegated', assigned_agent_id: w.bob2.agent.id }));
    expect(task).toMatchObject({ status: 'inbox', assigned_agent_id: w.bob2.agent.id, created_by_user_id: null });
    expect(await eventsOf(w, { taskId: task.id, type: 'task.created' })).toEqual([
      expect.objectContaining({ message: 'Task created by lead: Delegated.', agent_id: w.lead.agent.id }),
    ]);
    const [row] = await w.tn.t.services.database.query<{ auto_created: boolean; auto_reason: string }>('SELECT auto_created, auto_reason FROM tasks WHERE id = $1', [task.id]);
    expect(row).toEqual({ auto_created: true, auto_reason: `lead_agent:${w.lead.agent.id}` });
    // No "new task" message to the lead itself; the assignee is told.
    expect((await newJobs(before)).map((j) => [j.reason, j.agent_id])).toEqual([['task_assigned', w.bob2.agent.id]]);

    const self = await w.agentApi(w.lead, 'POST', agentTasks(w.f.boardA1), { title: 'x', assigned_agent_id: w.lead.agent.id });
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toBe('Board leads cannot assign tasks to themselves.');
    expect((await w.agentApi(w.lead, 'POST', agentTasks(w.f.boardA1), { title: 'x', assigned_agent_id: w.olga.agent.id })).statusCode).toBe(409);
    expect((await w.agentApi(w.lead, 'POST', agentTasks(w.f.boardA1), { title: 'x', assigned_agent_id: unknownId() })).statusCode).toBe(404);
    expect((await w.agentApi(w.lead, 'POST', agentTasks(w.f.boardA1), { title: 'x', status: 'done' })).statusCode).toBe(403);
    const worker = await w.agentApi(w.alex, 'POST', agentTasks(w.f.boardA1), { title: 'x' });
    expect(worker.statusCode).toBe(403);
    expect(worker.json().detail).toBe('Only board leads can perform this action');
    expect((await w.agentApi(w.otto, 'POST', agentTasks(w.f.boardA1), { title: 'x' })).statusCode).toBe(404);
    expect((await w.tn.as('alice', 'POST', agentTasks(w.f.boardA1), { title: 'x' })).statusCode).toBe(401);
  });

  it('bug 10: assign-and-start sets in_progress_at and wakes the assignee exactly once', async () => {
    await w.tn.t.services.db.update(agents).set({ status: 'offline', lastSeenAt: new Date('2020-01-01T00:00:00Z') }).where(eq(agents.id, w.bob2.agent.id));
    const task = await userCreate({ title: 'Kickoff' });
    const before = (await notifyJobs(w)).length;
    const started = ok200(await patch(w.lead, task.id, { status: 'in_progress', assigned_agent_id: w.bob2.agent.id }));
    expect(started).toMatchObject({ status: 'in_progress', assigned_agent_id: w.bob2.agent.id });
    expect(started.in_progress_at).toMatch(/Z$/);
    expect(await eventsOf(w, { taskId: task.id, type: 'task.assignee_woken' })).toEqual([
      expect.objectContaining({ message: 'Assignee heartbeat set online (assignment): bob-2.', agent_id: w.bob2.agent.id }),
    ]);
    const [agent] = await w.tn.t.services.db.select().from(agents).where(eq(agents.id, w.bob2.agent.id));
    expect(agent.status).toBe('online');
    expect(agent.lastSeenAt!.getTime()).toBeGreaterThan(new Date('2021-01-01').getTime());
    expect((await newJobs(before)).map((j) => [j.reason, j.agent_id])).toEqual([['task_assigned', w.bob2.agent.id]]);
    // Without an assignee the lead cannot start a task.
    const other = await userCreate({ title: 'No one' });
    const refused = await patch(w.lead, other.id, { status: 'in_progress' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain('Lead status gate failed');
  });

  it('field gate; blocked tasks: dependency-only edits allowed, assignment 409', async () => {
    const dep = await userCreate({ title: 'lead dep' });
    const task = await userCreate({ title: 'lead blocked' });
    const gate = await patch(w.lead, task.id, { title: 'x', priority: 'high' });
    expect(gate.statusCode).toBe(403);
    expect(gate.json().detail).toContain('unsupported fields for board leads: priority, title.');
    const deps = ok200(await patch(w.lead, task.id, { depends_on_task_ids: [dep.id] }));
    expect(deps.is_blocked).toBe(true);
    const assign = await patch(w.lead, task.id, { assigned_agent_id: w.alex.agent.id });
    expect(assign.statusCode).toBe(409);
    expect(assign.json().detail.code).toBe('task_blocked_cannot_transition');
  });

  it('bug 28: a lead can take an in-progress task into its own review', async () => {
    const task = await userCreate({ title: 'Silent worker' });
    ok200(await patch(w.alex, task.id, { status: 'in_progress' }));
    const review = ok200(await patch(w.lead, task.id, { status: 'review' }));
    expect(review).toMatchObject({ status: 'review', assigned_agent_id: w.lead.agent.id });
  });

  it('delete: leads only', async () => {
    const task = await userCreate({ title: 'Mistake' });
    const worker = await w.agentApi(w.alex, 'DELETE', `${agentTasks(w.f.boardA1)}/${task.id}`);
    expect(worker.statusCode).toBe(403);
    expect(worker.json().detail).toBe('Only board leads can perform this action');
    expect((await w.agentApi(w.otto, 'DELETE', `${agentTasks(w.f.boardA1)}/${task.id}`)).statusCode).toBe(404);
    expect(ok200(await w.agentApi(w.lead, 'DELETE', `${agentTasks(w.f.boardA1)}/${task.id}`))).toEqual({ ok: true });
    expect((await w.agentApi(w.lead, 'DELETE', `${agentTasks(w.f.boardA1)}/${task.id}`)).statusCode).toBe(404);
    expect(await eventsOf(w, { boardId: w.f.boardA1, type: 'task.deleted' })).toEqual([
      expect.objectContaining({ message: 'Task deleted: Mistake.', agent_id: w.lead.agent.id }),
    ]);
  });
});

describe('comments (agents)', () => {
  it('bug 27: a lead comments in review, on its own tasks, or when an earlier comment mentions it', async () => {
    const task = await userCreate({ title: 'Quiet task' });
    const refused = await comment(w.lead, task.id, 'Let me weigh in @lead');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe('Board leads can only comment during review, when mentioned, or on tasks they created.');
    ok200(await comment(w.alex, task.id, '@lead could you check the scope?'));
    const allowed = ok200(await comment(w.lead, task.id, 'Scope is fine.'));
    expect(allowed).toMatchObject({ message: 'Scope is fine.', agent_id: w.lead.agent.id, task_id: task.id });
    const own = ok200(await w.agentApi(w.lead, 'POST', agentTasks(w.f.boardA1), { title: 'Lead own' }));
    ok200(await comment(w.lead, own.id, 'My own task'));
    const list = ok200(await w.agentApi(w.bob2, 'GET', `${agentTasks(w.f.boardA1)}/${task.id}/comments`));
    expect(list.items.map((c: any) => [c.message, c.agent_id])).toEqual([
      ['@lead could you check the scope?', w.alex.agent.id],
      ['Scope is fine.', w.lead.agent.id],
    ]);
  });

  it('mentions notify the mentioned agents, never the author; 404 for unknown tasks', async () => {
    const task = await userCreate({ title: 'Mentions', assigned_agent_id: w.alex.agent.id });
    const before = (await notifyJobs(w)).length;
    ok200(await comment(w.alex, task.id, 'Ping @bob-2 and @alex and ops@example.com'));
    const jobs = await newJobs(before);
    expect(jobs.map((j) => [j.reason, j.agent_id])).toEqual([['task_mention', w.bob2.agent.id]]);
    expect(jobs[0].message).toContain('TASK MENTION');
    expect(jobs[0].message).toContain('From: Alex');
    // Bug 25: comment and mention deliveries record activity too.
    expect(jobs[0].activity).toEqual({ board_id: w.f.boardA1, task_id: task.id, success_type: 'task.mention_notified', failure_type: 'task.mention_notify_failed' });
    expect((await comment(w.alex, unknownId(), 'x')).statusCode).toBe(404);
    expect((await comment(w.alex, task.id, '   ')).statusCode).toBe(422);
  });
});

async function agentOn(boardId: string, name: string, isBoardLead = false): Promise<WorldAgent> {
  const seeded = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId, name, isBoardLead, status: 'online', lastSeenAt: new Date() });
  return { agent: seeded.agent, token: seeded.token };
}
