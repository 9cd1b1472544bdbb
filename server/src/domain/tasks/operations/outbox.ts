// After a task change: notification jobs (`agent.notify`, delivered through the gateway by the
// agents area) and wakes (a presence bump of the assignee), in the same transaction.
import type { Queryable } from '../../../db/client';
import type { Agent, Board } from '../../../db/schema';
import { enqueueJob } from '../../../jobs/queue';
import { NOTIFY_QUEUE, type NotifyPayload } from '../../../jobs/queue-names';
import { applyHeartbeat } from '../../agents/heartbeat';
import { renderTaskNotification } from '../messages';
import { wakeEvent } from '../notifications';
import type { ActivityEventDraft, AgentWake, TaskNotification, TaskStatus } from '../types';

export interface TaskForMessage {
  id: string;
  title: string;
  status: TaskStatus;
  description: string | null;
}

/**
 * Renders and enqueues each notification (renderTaskNotification fences descriptions, comments
 * and feedback as external data after the instructions).
 */
export async function enqueueTaskNotifications(
  tx: Queryable,
  input: { organizationId: string; board: Board; agents: readonly Agent[]; task: TaskForMessage; notifications: readonly TaskNotification[] },
): Promise<number> {
  const names = new Map(input.agents.map((a) => [a.id, a.name]));
  for (const n of input.notifications) {
    const message = renderTaskNotification(n, {
      board_name: input.board.name,
      task: input.task,
      from_name: n.from_agent_id ? (names.get(n.from_agent_id) ?? null) : null,
    });
    const payload: NotifyPayload = {
      agent_id: n.agent_id,
      board_lead_of: null,
      message,
      deliver: false,
      reason: n.kind,
      activity: { board_id: n.board_id, task_id: n.task_id, success_type: n.activity.notified, failure_type: n.activity.failed },
    };
    await enqueueJob(tx, NOTIFY_QUEUE, payload, { organizationId: input.organizationId });
  }
  return input.notifications.length;
}

/**
 * Wakes: an assignee with a gateway session gets a heartbeat (online, last_seen_at now, wake
 * counters reset). Agents without a session are skipped, as there is nothing to wake. At most
 * one wake per agent per change. Returns the `task.assignee_woken` events to record.
 */
export async function applyWakes(
  tx: Queryable,
  input: { wakes: readonly AgentWake[]; agents: readonly Agent[]; task: { id: string; board_id: string } },
): Promise<ActivityEventDraft[]> {
  const events: ActivityEventDraft[] = [];
  const seen = new Set<string>();
  for (const wake of input.wakes) {
    if (seen.has(wake.agent_id)) continue;
    seen.add(wake.agent_id);
    const agent = input.agents.find((a) => a.id === wake.agent_id);
    if (!agent?.openclawSessionId) continue;
    await applyHeartbeat(tx, agent);
    events.push(wakeEvent(wake, agent.name, input.task));
  }
  return events;
}
