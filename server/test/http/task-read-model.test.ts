// The task read model (loadTaskReads / loadBoardTaskCards): correct decorations, and a constant number
// of SQL statements whatever the number of tasks (no N+1), on both databases.
import { asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { approvals, tasks } from '../../src/db/schema';
import { loadApprovalReads } from '../../src/domain/approvals/read-model';
import { loadBoardTaskCards } from '../../src/domain/tasks/cards';
import { loadTaskReads } from '../../src/domain/tasks/read-model';
import { createBoard } from '../support/fixtures';
import { createWorld, ok200, type World } from '../support/work';

let w: World;
let board: string;

/** The database handle with a count of the statements issued through it. */
function counting(db: Db): { db: Db; statements: () => number } {
  let n = 0;
  const issuing = new Set(['select', 'execute', 'insert', 'update', 'delete', 'selectDistinct']);
  const proxy = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && issuing.has(prop)) {
        return (...args: unknown[]) => {
          n++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { db: proxy, statements: () => n };
}

beforeAll(async () => {
  w = await createWorld();
  board = (await createBoard(w.tn, 'alice', { name: 'Many', require_approval_for_done: false })).id;
  const tag = ok200(await w.tn.as('alice', 'POST', '/api/v1/tags', { name: 'Bulk' }));
  ok200(await w.tn.as('alice', 'POST', '/api/v1/organizations/me/custom-fields', { field_key: 'size', field_type: 'integer', default_value: 3, board_ids: [board] }));
  let previous: string | null = null;
  for (let i = 0; i < 30; i++) {
    const body: Record<string, unknown> = { title: `t${i}`, tag_ids: [tag.id], custom_field_values: i % 2 ? { size: i } : {} };
    if (previous && i % 3 === 0) body.depends_on_task_ids = [previous];
    const task = ok200(await w.tn.as('alice', 'POST', `/api/v1/boards/${board}/tasks`, body));
    previous = task.id;
  }
});
afterAll(() => w?.close());

describe('task read model', () => {
  it('loadTaskReads issues the same number of statements for 1 and for 30 tasks', async () => {
    const rows = await w.tn.t.services.db.select().from(tasks).where(eq(tasks.boardId, board)).orderBy(asc(tasks.createdAt));
    expect(rows).toHaveLength(30);
    const one = counting(w.tn.t.services.db);
    await loadTaskReads(one.db, rows.slice(0, 1));
    const all = counting(w.tn.t.services.db);
    const reads = await loadTaskReads(all.db, rows);
    expect(one.statements()).toBe(4);
    expect(all.statements()).toBe(4);
    expect(reads.map((r) => r.title)).toEqual(rows.map((r) => r.title));
    expect(reads[1].custom_field_values).toEqual({ size: 1 });
    expect(reads[2].custom_field_values).toEqual({ size: 3 });
    expect(reads[3]).toMatchObject({ depends_on_task_ids: [rows[2].id], blocked_by_task_ids: [rows[2].id], is_blocked: true });
    expect(reads.every((r) => r.tags.length === 1 && r.tags[0].name === 'Bulk')).toBe(true);
    // The API returns the same objects.
    const api = ok200(await w.tn.as('alice', 'GET', `/api/v1/boards/${board}/tasks`));
    expect(api.items).toEqual([...reads].reverse());
    expect(await loadTaskReads(all.db, [])).toEqual([]);
    // Board-scoped loading (snapshots) gives the same result, also in 4 statements.
    const scoped = counting(w.tn.t.services.db);
    expect(await loadTaskReads(scoped.db, rows, { boardId: board })).toEqual(reads);
    expect(scoped.statements()).toBe(4);
    expect(await loadTaskReads(w.tn.t.services.db, rows.slice(3, 4), { boardId: board })).toEqual([reads[3]]);
  });

  it('loadBoardTaskCards adds assignee names and approval counts (links and legacy rows) in 5 statements', async () => {
    const t1 = ok200(await w.tn.as('alice', 'POST', `/api/v1/boards/${w.f.boardA1}/tasks`, { title: 'card', assigned_agent_id: w.alex.agent.id }));
    const t2 = ok200(await w.tn.as('alice', 'POST', `/api/v1/boards/${w.f.boardA1}/tasks`, { title: 'card 2' }));
    ok200(await w.tn.as('alice', 'POST', `/api/v1/boards/${w.f.boardA1}/approvals`, { action_type: 'x', task_ids: [t1.id, t2.id], confidence: 1, lead_reasoning: 'r' }));
    ok200(await w.tn.as('alice', 'POST', `/api/v1/boards/${w.f.boardA1}/approvals`, { action_type: 'y', task_id: t1.id, confidence: 1, lead_reasoning: 'r', status: 'approved' }));
    // A legacy approval: task_id set, no link rows.
    const [legacy] = await w.tn.t.services.db.insert(approvals).values({ boardId: w.f.boardA1, taskId: t1.id, actionType: 'legacy', confidence: 10, status: 'pending' }).returning();
    const rows = await w.tn.t.services.db.select().from(tasks).where(eq(tasks.boardId, w.f.boardA1)).orderBy(desc(tasks.createdAt), desc(tasks.id));
    const c = counting(w.tn.t.services.db);
    const cards = await loadBoardTaskCards(c.db, w.f.boardA1);
    expect(c.statements()).toBe(5);
    // Every task of the board, newest first, and each card carries the same task fields (the raw
    // read's timestamps included) as the task read built from ORM rows.
    expect(cards.map((x) => x.id)).toEqual(rows.map((r) => r.id));
    const reads = await loadTaskReads(w.tn.t.services.db, rows);
    for (const [i, card] of cards.entries()) {
      const { custom_field_values: _a, assignee: _b, approvals_count: _c, approvals_pending_count: _d, ...fields } = card;
      const { custom_field_values: _e, ...read } = reads[i];
      expect(fields).toEqual(read);
    }
    const card1 = cards.find((x) => x.id === t1.id)!;
    const card2 = cards.find((x) => x.id === t2.id)!;
    expect(card1).toMatchObject({ assignee: 'Alex', approvals_count: 3, approvals_pending_count: 2, custom_field_values: null, assigned_agent_id: w.alex.agent.id });
    expect(card2).toMatchObject({ assignee: null, approvals_count: 1, approvals_pending_count: 1 });

    const [read] = await loadApprovalReads(w.tn.t.services.db, [legacy]);
    expect(read).toMatchObject({ task_id: t1.id, task_ids: [t1.id], task_titles: ['card'], payload: null });
  });
});
