// Where the UI should open an activity event (spec 3.12): pure, from the event's own fields.

export interface RouteHint {
  route_name: 'board' | 'board.approvals' | 'activity';
  route_params: Record<string, string>;
}

export interface HintedEvent {
  id: string;
  event_type: string;
  task_id: string | null;
  /** The event's board, or its task's board. */
  board_id: string | null;
  created_at: Date;
}

export function routeHint(event: HintedEvent): RouteHint {
  const { board_id: boardId, task_id: taskId, event_type: type } = event;
  if (!boardId) {
    const params: Record<string, string> = { eventId: event.id, eventType: type, createdAt: event.created_at.toISOString() };
    if (taskId) params.taskId = taskId;
    return { route_name: 'activity', route_params: params };
  }
  if (type === 'task.comment' && taskId) return { route_name: 'board', route_params: { boardId, taskId, commentId: event.id } };
  if (type.startsWith('approval.')) return { route_name: 'board.approvals', route_params: { boardId } };
  if (type.startsWith('board.')) return { route_name: 'board', route_params: { boardId, panel: 'chat' } };
  if (taskId) return { route_name: 'board', route_params: { boardId, taskId } };
  return { route_name: 'board', route_params: { boardId } };
}
