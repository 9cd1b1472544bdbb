// Comment on a task (spec 2.19, 3.7): the lead comment rule, the `task.comment` event, and
// mention / assignee notifications, in one transaction.
import type { Db } from '../../../db/client';
import type { ActivityEvent, Board } from '../../../db/schema';
import { HttpError } from '../../../http/errors';
import { decideTaskComment } from '../comments';
import type { Actor } from '../types';
import { agentRef, agentsFor, lockTasks, taskComments, taskView } from './load';
import { enqueueTaskNotifications } from './outbox';
import { inTransaction } from './retry';
import { ruleFailure } from './refusal';
import { recordEvents } from './write';

export async function commentOnTask(
  db: Db,
  input: { board: Board; actor: Actor; taskId: string; message: string },
): Promise<{ comment: ActivityEvent; jobs: number }> {
  const { board, actor, taskId } = input;
  return inTransaction(db, async (tx) => {
    const [task] = await lockTasks(tx, board.id, [taskId]);
    if (!task) throw new HttpError(404, 'Not Found');
    const agents = await agentsFor(tx, board.id, [actor.kind === 'user' ? null : actor.agent_id]);
    const plan = decideTaskComment({
      actor,
      task: taskView(task),
      message: input.message,
      agents: agents.map(agentRef),
      prior_comments: await taskComments(tx, taskId),
    });
    if (!plan.ok) ruleFailure(plan);
    const [comment] = await recordEvents(tx, [plan.event]);
    const jobs = await enqueueTaskNotifications(tx, {
      organizationId: board.organizationId,
      board,
      agents,
      task: { id: task.id, title: task.title, status: task.status, description: task.description },
      notifications: plan.notifications,
    });
    return { comment, jobs };
  });
}
