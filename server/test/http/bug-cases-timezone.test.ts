// Bug case BR-50 (shared/cases/bug-cases.md, class "timezone"), on both databases, with the process
// (client and server: the tests run in-process) and the database session in zones other than UTC.
// Steps 2 and 3 (the `since` cursor of /tasks/stream) have no subject here: this server has no SSE
// streams. Input parsing is unit-tested in unit/iso-timestamps.test.ts and tasks.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { insertBoard, localOrganizationId } from '../support/seed-rows';

const originalTz = process.env.TZ;
const originalPgOptions = process.env.PGOPTIONS;
/** UTC offsets in mid-January (getTimezoneOffset's sign: minutes *behind* UTC). */
const JANUARY_OFFSET: Record<string, number> = {
  'America/Los_Angeles': 480,
  'Pacific/Kiritimati': -840,
  'Pacific/Pago_Pago': 660,
  'Europe/Berlin': -60,
  'Asia/Kolkata': -330,
};
const inZone = (tz: string) => {
  process.env.TZ = tz;
  // The process really switched (Node re-reads TZ when it is assigned).
  expect(new Date('2026-01-15T12:00:00Z').getTimezoneOffset(), tz).toBe(JANUARY_OFFSET[tz]);
};
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

let t: TestApp;
let boardId: string;
beforeAll(async () => {
  // Every PostgreSQL connection of this app (the pool opens them lazily: the setting stays until
  // afterAll), and the one PGlite session, run in Europe/Berlin.
  process.env.PGOPTIONS = '-c TimeZone=Europe/Berlin';
  t = await createTestApp();
  if (t.kind === 'pglite') await t.services.database.exec("SET TIME ZONE 'Europe/Berlin'");
  const [{ tz }] = await t.services.database.query<{ tz: string }>('SELECT current_setting($1) AS tz', ['TimeZone']);
  expect(tz).toBe('Europe/Berlin');
  boardId = (await insertBoard(t, await localOrganizationId(t), null, 'BR-50')).id;
});
afterAll(async () => {
  await t?.close();
  if (originalPgOptions === undefined) delete process.env.PGOPTIONS;
  else process.env.PGOPTIONS = originalPgOptions;
});

const tasks = () => `/api/v1/boards/${boardId}/tasks`;

describe('BR-50: timestamps are UTC instants, whatever the zones of client, server and database', () => {
  it('step 1: created_at carries Z and is the UTC clock, not the local one (TZ=America/Los_Angeles)', async () => {
    inZone('America/Los_Angeles');
    const before = Date.now();
    const res = await t.api('POST', tasks(), { body: { title: 'BR-50 now' } });
    expect(res.statusCode, res.body).toBe(200);
    const task = res.json();
    for (const field of ['created_at', 'updated_at']) {
      expect(task[field]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Math.abs(Date.parse(task[field]) - before)).toBeLessThan(5_000);
    }
    const listed = t.api('GET', tasks());
    expect((await listed).json().items.find((i: any) => i.id === task.id).created_at).toBe(task.created_at);
  });

  it('step 4 (and naive input): a date-only due date is that day at 00:00Z in every zone; naive times are UTC', async () => {
    const task = (await t.api('POST', tasks(), { body: { title: 'BR-50 due' } })).json();
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Berlin', 'Asia/Kolkata']) {
      inZone(tz);
      const cases: [string, string][] = [
        ['2026-03-10', '2026-03-10T00:00:00.000Z'],
        ['2026-03-10T10:00:00', '2026-03-10T10:00:00.000Z'],
        ['2026-03-10 10:00:00', '2026-03-10T10:00:00.000Z'],
        ['2026-03-10T10:00:00Z', '2026-03-10T10:00:00.000Z'],
        ['2026-03-10T15:30:00+05:30', '2026-03-10T10:00:00.000Z'],
        ['2026-03-29T02:30:00', '2026-03-29T02:30:00.000Z'], // a local time that does not exist in Berlin
      ];
      for (const [input, stored] of cases) {
        const res = await t.api('PATCH', `${tasks()}/${task.id}`, { body: { due_at: input } });
        expect(res.statusCode, `${tz} ${input}: ${res.body}`).toBe(200);
        expect(res.json().due_at, `${tz} ${input}`).toBe(stored);
        expect((await t.api('GET', `${tasks()}/${task.id}`)).json().due_at, `${tz} ${input}`).toBe(stored);
      }
    }
    expect((await t.api('PATCH', `${tasks()}/${task.id}`, { body: { due_at: 'not-a-date' } })).statusCode).toBe(422);
  });

  it('step 5: across both DST changes (server TZ=Europe/Berlin) the order by created_at stays monotonic and exact', async () => {
    inZone('Europe/Berlin');
    // Spring forward at 01:00Z on 2026-03-29; fall back at 01:00Z on 2026-10-25, where 00:30Z and
    // 01:30Z are both 02:30 on a Berlin wall clock.
    const instants = [
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T00:59:59.999Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T00:59:59.500Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ];
    const board = (await insertBoard(t, await localOrganizationId(t), null, 'BR-50 DST')).id;
    // Inserted in shuffled order so that insertion order cannot stand in for time order.
    for (const i of [5, 0, 7, 2, 4, 1, 6, 3]) {
      await t.services.database.query(`INSERT INTO tasks (board_id, title, created_at, updated_at) VALUES ($1, $2, $3::timestamptz, $3::timestamptz)`, [board, `t${i}`, instants[i]]);
      await t.services.database.query(`INSERT INTO activity_events (event_type, message, board_id, created_at) VALUES ('task.updated', $2, $1, $3::timestamptz)`, [board, `e${i}`, instants[i]]);
    }
    const listed = (await t.api('GET', `/api/v1/boards/${board}/tasks?limit=50`)).json().items;
    expect(listed.map((x: any) => x.created_at)).toEqual([...instants].reverse());
    expect(listed.map((x: any) => x.title)).toEqual(instants.map((_, i) => `t${i}`).reverse());
    const feed = (await t.api('GET', '/api/v1/activity?limit=200')).json().items.filter((e: any) => e.board_id === board && e.event_type === 'task.updated');
    expect(feed.map((e: any) => e.created_at)).toEqual([...instants].reverse());
    expect(feed.map((e: any) => e.message)).toEqual(instants.map((_, i) => `e${i}`).reverse());
    // Dashboard buckets are UTC days too, not Berlin days.
    const metrics = (await t.api('GET', '/api/v1/metrics/dashboard?range_key=7d')).json();
    expect(metrics.throughput.primary.points.length).toBeGreaterThan(0);
    for (const p of metrics.throughput.primary.points) expect(p.period).toMatch(/T00:00:00\.000Z$/);
  });
});
