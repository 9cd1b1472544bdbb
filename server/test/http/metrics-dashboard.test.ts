import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboard } from '../../src/domain/metrics/dashboard';
import { createTestApp, type TestApp } from '../support/app';

let t: TestApp;
let boardId: string;
let otherBoardId: string;
const now = new Date('2026-12-03T15:42:10Z');
const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);

beforeAll(async () => {
  t = await createTestApp();
  const q = t.services.database.query.bind(t.services.database);
  const [org] = await q<{ id: string }>(`INSERT INTO organizations (name) VALUES ('Org') RETURNING id`);
  const board = async (name: string) =>
    (await q<{ id: string }>(`INSERT INTO boards (organization_id, name, slug) VALUES ($1, $2, $2) RETURNING id`, [org.id, name]))[0].id;
  boardId = await board('b1');
  otherBoardId = await board('b2');
  const task = (b: string, status: string, fields: Record<string, Date | null>) =>
    q(
      `INSERT INTO tasks (board_id, title, status, created_at, updated_at, in_progress_at, previous_in_progress_at, done_at)
       VALUES ($1, 't', $2, $3, $4, $5, $6, $7)`,
      [b, status, fields.created ?? at(200), fields.updated ?? at(1), fields.inProgress ?? null, fields.previous ?? null, fields.done ?? null],
    );
  // Done in the last 24 h: cycle times 2 h and 6 h (median 4), in two different hours.
  await task(boardId, 'done', { previous: at(5), done: at(3), updated: at(3) });
  await task(boardId, 'done', { previous: at(7.5), done: at(1.5), updated: at(1.5) });
  // Done two days ago: in the comparison window of 24h, not in the primary.
  await task(boardId, 'done', { previous: at(50), done: at(40), updated: at(40) });
  await task(boardId, 'in_progress', { inProgress: at(2), updated: at(2) });
  await task(boardId, 'inbox', { created: at(4), updated: at(4) });
  // Another board: outside the scope given, must never count.
  await task(otherBoardId, 'done', { previous: at(3), done: at(2), updated: at(2) });
  await q(`INSERT INTO activity_events (event_type, board_id, created_at) VALUES ('task.created', $1, $2), ('agent.provision.failed', $1, $2), ('task.updated', $1, $2), ('task.updated', $1, $2)`, [boardId, at(2)]);
});
afterAll(() => t?.close());

describe('dashboard metrics', () => {
  it('counts throughput, cycle time, error rate and WIP per bucket in scope only', async () => {
    const d = await dashboard(t.services.database, [boardId], '24h', now);
    expect(d.throughput.primary.points).toHaveLength(25);
    const total = d.throughput.primary.points.reduce((s, p) => s + p.value, 0);
    expect(total).toBe(2);
    expect(d.throughput.comparison.points.reduce((s, p) => s + p.value, 0)).toBe(1);
    const hour = (h: number) => new Date(Date.UTC(2026, 11, 3, h)).toISOString();
    expect(d.throughput.primary.points.find((p) => p.period === hour(12))?.value).toBe(1);
    expect(d.cycle_time.primary.points.find((p) => p.period === hour(12))?.value).toBe(2);
    expect(d.cycle_time.primary.points.find((p) => p.period === hour(14))?.value).toBe(6);
    expect(d.error_rate.primary.points.find((p) => p.period === hour(13))?.value).toBe(25);
    expect(d.kpis).toMatchObject({ inbox_tasks: 1, in_progress_tasks: 1, done_tasks: 3, review_tasks: 0, error_rate_pct: 25, median_cycle_time_hours_7d: 4 });
    const wip = d.wip.primary.points.find((p) => p.period === hour(13));
    expect(wip).toMatchObject({ in_progress: 1 });
    expect(d.wip.primary.points.find((p) => p.period === hour(11))?.inbox).toBe(1);
  });

  it('an empty scope gives zero series, not an error', async () => {
    const d = await dashboard(t.services.database, [], '7d', now);
    expect(d.throughput.primary.points.every((p) => p.value === 0)).toBe(true);
    expect(d.kpis.done_tasks).toBe(0);
    expect(d.kpis.median_cycle_time_hours_7d).toBeNull();
    expect(d.pending_approvals).toEqual({ total: 0, items: [] });
  });
});
