import type { Database } from '../../db/client';
import { bucketsOf, median, RANGES, windowsFor, type Bucket, type RangeKey, type Window } from './ranges';

export interface Point {
  period: string;
  value: number;
}
export interface WipPoint {
  period: string;
  inbox: number;
  in_progress: number;
  review: number;
  done: number;
}
interface Series<P> {
  range: RangeKey;
  bucket: Bucket;
  points: P[];
}

type Row = { bucket: Date | string; [key: string]: unknown };
const key = (d: Date | string) => new Date(d).toISOString();
const num = (v: unknown) => (v == null ? 0 : Number(v));
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Fills every bucket of the window, zero where the database had no row. */
function fill<P>(window: Window, bucket: Bucket, rows: Row[], make: (period: string, row: Row | undefined) => P): P[] {
  const byBucket = new Map(rows.map((r) => [key(r.bucket), r]));
  return bucketsOf(window, bucket).map((b) => make(b.toISOString(), byBucket.get(b.toISOString())));
}

/**
 * One window's series over the boards in scope. Cycle time is measured on tasks that reached done
 * in the window, from the start of their last working period to done (the reference sampled tasks
 * in review whose start time it had already cleared, so its series was always empty — bug 11).
 */
async function windowSeries(database: Database, boardIds: string[], window: Window, bucket: Bucket) {
  const trunc = (col: string) => `date_trunc('${bucket}', ${col}, 'UTC')`;
  const params = [boardIds, window.start, window.end];
  const [throughput, cycle, errors, wipInbox, wipOther] = await Promise.all([
    database.query<Row>(
      `SELECT ${trunc('done_at')} AS bucket, count(*) AS value FROM tasks
        WHERE board_id = ANY($1::uuid[]) AND status = 'done' AND done_at >= $2 AND done_at <= $3 GROUP BY 1`,
      params,
    ),
    database.query<Row>(
      `SELECT ${trunc('done_at')} AS bucket, avg(extract(epoch FROM done_at - previous_in_progress_at) / 3600) AS value FROM tasks
        WHERE board_id = ANY($1::uuid[]) AND status = 'done' AND previous_in_progress_at IS NOT NULL
          AND done_at >= $2 AND done_at <= $3 GROUP BY 1`,
      params,
    ),
    database.query<Row>(
      `SELECT ${trunc('created_at')} AS bucket, count(*) AS total, count(*) FILTER (WHERE event_type LIKE '%failed') AS failed
         FROM activity_events WHERE board_id = ANY($1::uuid[]) AND created_at >= $2 AND created_at <= $3 GROUP BY 1`,
      params,
    ),
    database.query<Row>(
      `SELECT ${trunc('created_at')} AS bucket, count(*) AS value FROM tasks
        WHERE board_id = ANY($1::uuid[]) AND status = 'inbox' AND created_at >= $2 AND created_at <= $3 GROUP BY 1`,
      params,
    ),
    database.query<Row>(
      `SELECT ${trunc('updated_at')} AS bucket,
              count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
              count(*) FILTER (WHERE status = 'review') AS review,
              count(*) FILTER (WHERE status = 'done') AS done
         FROM tasks WHERE board_id = ANY($1::uuid[]) AND status <> 'inbox' AND updated_at >= $2 AND updated_at <= $3 GROUP BY 1`,
      params,
    ),
  ]);
  const inbox = new Map(wipInbox.map((r) => [key(r.bucket), num(r.value)]));
  return {
    throughput: fill(window, bucket, throughput, (period, r) => ({ period, value: num(r?.value) })),
    cycle_time: fill(window, bucket, cycle, (period, r) => ({ period, value: round(num(r?.value)) })),
    error_rate: fill(window, bucket, errors, (period, r) => ({
      period,
      value: r && num(r.total) ? round((100 * num(r.failed)) / num(r.total)) : 0,
    })),
    wip: fill(window, bucket, wipOther, (period, r) => ({
      period,
      inbox: inbox.get(period) ?? 0,
      in_progress: num(r?.in_progress),
      review: num(r?.review),
      done: num(r?.done),
    })),
  };
}

async function kpis(database: Database, boardIds: string[], window: Window) {
  const params = [boardIds, window.start, window.end];
  const [[counts], [agentsRow], [errorsRow], cycles] = await Promise.all([
    database.query<Record<string, unknown>>(
      `SELECT count(*) FILTER (WHERE status = 'inbox') AS inbox, count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
              count(*) FILTER (WHERE status = 'review') AS review, count(*) FILTER (WHERE status = 'done') AS done
         FROM tasks WHERE board_id = ANY($1::uuid[])`,
      [boardIds],
    ),
    database.query<Record<string, unknown>>(
      `SELECT count(*) AS value FROM agents WHERE board_id = ANY($1::uuid[]) AND last_seen_at >= $2 AND last_seen_at <= $3`,
      params,
    ),
    database.query<Record<string, unknown>>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE event_type LIKE '%failed') AS failed
         FROM activity_events WHERE board_id = ANY($1::uuid[]) AND created_at >= $2 AND created_at <= $3`,
      params,
    ),
    database.query<{ hours: unknown }>(
      `SELECT extract(epoch FROM done_at - previous_in_progress_at) / 3600 AS hours FROM tasks
        WHERE board_id = ANY($1::uuid[]) AND status = 'done' AND previous_in_progress_at IS NOT NULL AND done_at >= $2 AND done_at <= $3`,
      params,
    ),
  ]);
  const cycleMedian = median(cycles.map((c) => num(c.hours)));
  return {
    active_agents: num(agentsRow.value),
    tasks_in_progress: num(counts.in_progress),
    inbox_tasks: num(counts.inbox),
    in_progress_tasks: num(counts.in_progress),
    review_tasks: num(counts.review),
    done_tasks: num(counts.done),
    error_rate_pct: num(errorsRow.total) ? round((100 * num(errorsRow.failed)) / num(errorsRow.total)) : 0,
    median_cycle_time_hours_7d: cycleMedian === null ? null : round(cycleMedian),
  };
}

async function pendingApprovals(database: Database, boardIds: string[]) {
  const [[total], items] = await Promise.all([
    database.query<{ value: unknown }>(`SELECT count(*) AS value FROM approvals WHERE board_id = ANY($1::uuid[]) AND status = 'pending'`, [boardIds]),
    database.query<Record<string, unknown>>(
      `SELECT a.id AS approval_id, a.board_id, b.name AS board_name, a.action_type, a.confidence, a.created_at,
              (SELECT t.title FROM approval_task_links l JOIN tasks t ON t.id = l.task_id WHERE l.approval_id = a.id ORDER BY l.seq LIMIT 1) AS linked_title,
              (SELECT t.title FROM tasks t WHERE t.id = a.task_id) AS task_title
         FROM approvals a JOIN boards b ON b.id = a.board_id
        WHERE a.board_id = ANY($1::uuid[]) AND a.status = 'pending'
        ORDER BY a.created_at DESC LIMIT 10`,
      [boardIds],
    ),
  ]);
  return {
    total: num(total.value),
    items: items.map((i) => ({
      approval_id: String(i.approval_id),
      board_id: String(i.board_id),
      board_name: String(i.board_name),
      action_type: String(i.action_type),
      confidence: Number(i.confidence),
      created_at: key(i.created_at as Date),
      task_title: (i.linked_title ?? i.task_title ?? null) as string | null,
    })),
  };
}

/** The dashboard over a set of boards the caller may read (empty set: zero series). */
export async function dashboard(database: Database, boardIds: string[], range: RangeKey, now = new Date()) {
  const { bucket } = RANGES[range];
  const { primary, comparison } = windowsFor(range, now);
  const [p, c, k, approvals] = await Promise.all([
    windowSeries(database, boardIds, primary, bucket),
    windowSeries(database, boardIds, comparison, bucket),
    kpis(database, boardIds, primary),
    pendingApprovals(database, boardIds),
  ]);
  const pair = <P>(name: 'throughput' | 'cycle_time' | 'error_rate' | 'wip') => ({
    primary: { range, bucket, points: p[name] as P[] } as Series<P>,
    comparison: { range, bucket, points: c[name] as P[] } as Series<P>,
  });
  return {
    range,
    generated_at: now.toISOString(),
    kpis: k,
    throughput: pair<Point>('throughput'),
    cycle_time: pair<Point>('cycle_time'),
    error_rate: pair<Point>('error_rate'),
    wip: pair<WipPoint>('wip'),
    pending_approvals: approvals,
  };
}
