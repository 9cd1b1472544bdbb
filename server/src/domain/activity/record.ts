import type { Queryable } from '../../db/client';
import { activityEvents, type ActivityEvent } from '../../db/schema';

export interface ActivityInput {
  eventType: string;
  message?: string | null;
  boardId?: string | null;
  taskId?: string | null;
  /** The acting agent; null when a user acted. */
  agentId?: string | null;
  /** Defaults to the transaction's now(); give it to order several events of one change. */
  createdAt?: Date;
}

/** Writes audit events in the caller's transaction, so they exist exactly when the change does. */
export async function recordActivity(tx: Queryable, ...events: ActivityInput[]): Promise<ActivityEvent[]> {
  if (!events.length) return [];
  return tx
    .insert(activityEvents)
    .values(
      events.map((e) => ({
        eventType: e.eventType,
        message: e.message ?? null,
        boardId: e.boardId ?? null,
        taskId: e.taskId ?? null,
        agentId: e.agentId ?? null,
        ...(e.createdAt ? { createdAt: e.createdAt } : {}),
      })),
    )
    .returning();
}
