import { describe, expect, it } from 'vitest';
import { routeHint } from '../../src/domain/activity/route-hints';

const at = new Date('2026-12-04T08:00:00Z');
const e = (event_type: string, board_id: string | null, task_id: string | null) => ({ id: 'e1', event_type, board_id, task_id, created_at: at });

describe('activity route hints', () => {
  it.each([
    [e('task.comment', 'b', 't'), 'board', { boardId: 'b', taskId: 't', commentId: 'e1' }],
    [e('task.comment', 'b', null), 'board', { boardId: 'b' }],
    [e('approval.lead_notified', 'b', 't'), 'board.approvals', { boardId: 'b' }],
    [e('board.chat.notified', 'b', null), 'board', { boardId: 'b', panel: 'chat' }],
    [e('task.updated', 'b', 't'), 'board', { boardId: 'b', taskId: 't' }],
    [e('agent.nudge.sent', 'b', null), 'board', { boardId: 'b' }],
    [e('agent.heartbeat', null, null), 'activity', { eventId: 'e1', eventType: 'agent.heartbeat', createdAt: '2026-12-04T08:00:00.000Z' }],
    [e('task.updated', null, 't'), 'activity', { eventId: 'e1', eventType: 'task.updated', createdAt: '2026-12-04T08:00:00.000Z', taskId: 't' }],
  ])('%j → %s %j', (event, name, params) => {
    expect(routeHint(event)).toEqual({ route_name: name, route_params: params });
  });
});
