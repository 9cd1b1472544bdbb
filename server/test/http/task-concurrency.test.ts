// Concurrent task changes never leave a task in a state the rules forbid (row locks in id
// order, spec issue 5 "done when"). On PGlite requests are serialized; the outcome is still checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAgent } from '../support/agents';
import { createBoard } from '../support/fixtures';
import { count } from '../support/tenants';
import { createWorld, ok200, type World, type WorldAgent } from '../support/work';

let w: World;
let board: string;
let workers: WorldAgent[];
const tasksUrl = () => `/api/v1/boards/${board}/tasks`;
const agentTask = (id: string) => `/api/v1/agent/boards/${board}/tasks/${id}`;

beforeAll(async () => {
  w = await createWorld();
  board = (await createBoard(w.tn, 'alice', { name: 'Race', require_approval_for_done: false })).id;
  workers = [];
  for (let i = 0; i < 8; i++) {
    const seeded = await seedAgent(w.tn.t.services, { gatewayId: w.f.gatewayA, boardId: board, name: `Racer ${i}`, status: 'online', lastSeenAt: new Date() });
    workers.push({ agent: seeded.agent, token: seeded.token });
  }
});
afterAll(() => w?.close());

describe('concurrent task changes', () => {
  it('eight workers claiming one task: exactly one wins, the rest get 403 task_assignee_mismatch', async () => {
    const task = ok200(await w.tn.as('alice', 'POST', tasksUrl(), { title: 'prize' }));
    const results = await Promise.all(workers.map((a) => w.agentApi(a, 'PATCH', agentTask(task.id), { status: 'in_progress' })));
    const winners = results.filter((r) => r.statusCode === 200);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(403);
      expect(r.json().detail.code).toBe('task_assignee_mismatch');
    }
    const winner = winners[0].json();
    const stored = ok200(await w.tn.as('alice', 'GET', tasksUrl())).items.find((t: any) => t.id === task.id);
    expect(stored).toMatchObject({ status: 'in_progress', assigned_agent_id: winner.assigned_agent_id });
    expect(await count(w.tn.t, `SELECT count(*) FROM activity_events WHERE task_id = $1 AND event_type = 'task.status_changed'`, [task.id])).toBe(1);
  });

  it('reopening a dependency while its dependent is started never leaves the dependent working on an open dependency', async () => {
    for (let round = 0; round < 6; round++) {
      const dep = ok200(await w.tn.as('alice', 'POST', tasksUrl(), { title: `dep ${round}`, status: 'done' }));
      const task = ok200(await w.tn.as('alice', 'POST', tasksUrl(), { title: `dependent ${round}`, depends_on_task_ids: [dep.id] }));
      const worker = workers[round % workers.length];
      const [reopen, start] = await Promise.all([
        w.tn.as('alice', 'PATCH', `${tasksUrl()}/${dep.id}`, { status: 'inbox' }),
        w.agentApi(worker, 'PATCH', agentTask(task.id), { status: 'in_progress' }),
      ]);
      expect(reopen.statusCode).toBe(200);
      expect([200, 409]).toContain(start.statusCode);
      const items = ok200(await w.tn.as('alice', 'GET', tasksUrl())).items;
      const d = items.find((t: any) => t.id === task.id);
      const base = items.find((t: any) => t.id === dep.id);
      expect(base.status).toBe('inbox');
      expect(d).toMatchObject({ status: 'inbox', assigned_agent_id: null, in_progress_at: null, is_blocked: true });
    }
  });
});
