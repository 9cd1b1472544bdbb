import { z } from 'zod';
import type { CommentFeedItem, FeedRow } from '../domain/activity/feed';
import { routeHint } from '../domain/activity/route-hints';
import { iso, Timestamp, Uuid } from './common';

export const ActivityEventRead = z
  .object({
    id: Uuid,
    event_type: z.string(),
    message: z.string().nullable(),
    agent_id: Uuid.nullable(),
    task_id: Uuid.nullable(),
    board_id: Uuid.nullable(),
    route_name: z.string().meta({ description: 'Where the UI opens the event: board, board.approvals or activity' }),
    route_params: z.record(z.string(), z.string()),
    created_at: Timestamp,
  })
  .meta({ id: 'ActivityEventRead' });

export const ActivityTaskCommentFeedItemRead = z
  .object({
    id: Uuid,
    created_at: Timestamp,
    message: z.string(),
    agent_id: Uuid.nullable(),
    agent_name: z.string().nullable(),
    agent_role: z.string().nullable(),
    task_id: Uuid,
    task_title: z.string(),
    board_id: Uuid,
    board_name: z.string(),
  })
  .meta({ id: 'ActivityTaskCommentFeedItemRead' });

export function presentActivityEvent({ event, boardId }: FeedRow): z.infer<typeof ActivityEventRead> {
  const hint = routeHint({ id: event.id, event_type: event.eventType, task_id: event.taskId, board_id: boardId, created_at: event.createdAt });
  return {
    id: event.id,
    event_type: event.eventType,
    message: event.message,
    agent_id: event.agentId,
    task_id: event.taskId,
    board_id: boardId,
    ...hint,
    created_at: iso(event.createdAt)!,
  };
}

export function presentCommentFeedItem(item: CommentFeedItem): z.infer<typeof ActivityTaskCommentFeedItemRead> {
  return { ...item, created_at: iso(item.created_at)! };
}
