import { z } from 'zod';
import { RANGE_KEYS } from '../domain/metrics/ranges';
import { Timestamp, Uuid } from './common';

const RangeKey = z.enum(RANGE_KEYS);
const Bucket = z.enum(['hour', 'day', 'week', 'month']);
const Point = z.object({ period: Timestamp, value: z.number() }).meta({ id: 'DashboardSeriesPoint' });
const WipPoint = z
  .object({ period: Timestamp, inbox: z.number().int(), in_progress: z.number().int(), review: z.number().int(), done: z.number().int() })
  .meta({ id: 'DashboardWipPoint' });
const Series = z.object({ range: RangeKey, bucket: Bucket, points: z.array(Point) }).meta({ id: 'DashboardRangeSeries' });
const WipSeries = z.object({ range: RangeKey, bucket: Bucket, points: z.array(WipPoint) }).meta({ id: 'DashboardWipRangeSeries' });
const SeriesSet = z.object({ primary: Series, comparison: Series }).meta({ id: 'DashboardSeriesSet' });
const WipSeriesSet = z.object({ primary: WipSeries, comparison: WipSeries }).meta({ id: 'DashboardWipSeriesSet' });

export const DashboardMetrics = z
  .object({
    range: RangeKey,
    generated_at: Timestamp,
    kpis: z
      .object({
        active_agents: z.number().int(),
        tasks_in_progress: z.number().int(),
        inbox_tasks: z.number().int(),
        in_progress_tasks: z.number().int(),
        review_tasks: z.number().int(),
        done_tasks: z.number().int(),
        error_rate_pct: z.number(),
        median_cycle_time_hours_7d: z.number().nullable(),
      })
      .meta({ id: 'DashboardKpis' }),
    throughput: SeriesSet,
    cycle_time: SeriesSet,
    error_rate: SeriesSet,
    wip: WipSeriesSet,
    pending_approvals: z
      .object({
        total: z.number().int(),
        items: z.array(
          z
            .object({
              approval_id: Uuid,
              board_id: Uuid,
              board_name: z.string(),
              action_type: z.string(),
              confidence: z.number(),
              created_at: Timestamp,
              task_title: z.string().nullable(),
            })
            .meta({ id: 'DashboardPendingApprovalItem' }),
        ),
      })
      .meta({ id: 'DashboardPendingApprovals' }),
  })
  .meta({ id: 'DashboardMetrics' });
