// Create a task (spec 3.1.1 user, 3.1.2 lead) in one transaction. The requested dependencies are
// locked first so none of them can be reopened between the blocked check and the insert.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client';
import { tasks, type Board, type Task } from '../../../db/schema';
import { decideTaskCreate, type TaskCreateRequest } from '../create';
import { decideCustomFieldValues } from '../custom-fields';
import { boundDefinitions } from '../read-model';
import type { LeadActor, UserActor } from '../types';
import { agentRef, agentsFor, boardContext, lockTasks, orgTagIds } from './load';
import { applyWakes, enqueueTaskNotifications } from './outbox';
import { inTransaction } from './retry';
import { ruleFailure } from './refusal';
import { recordEvents, replaceDependencies, replaceTags, writeCustomFields } from './write';

export async function createTask(
  db: Db,
  input: { board: Board; actor: UserActor | LeadActor; request: TaskCreateRequest },
): Promise<{ task: Task; jobs: number }> {
  const { board, actor, request } = input;
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const dependencyTasks = (await lockTasks(tx, board.id, request.depends_on_task_ids ?? [])).map((t) => ({ id: t.id, status: t.status, title: t.title }));
    const agents = await agentsFor(tx, board.id, [request.assigned_agent_id, actor.kind === 'lead' ? actor.agent_id : null]);
    const plan = decideTaskCreate({
      actor,
      board: boardContext(board),
      task_id: randomUUID(),
      request,
      agents: agents.map(agentRef),
      dependency_tasks: dependencyTasks,
      existing_tag_ids: await orgTagIds(tx, board.organizationId, request.tag_ids ?? []),
      now,
    });
    if (!plan.ok) ruleFailure(plan);
    const customFields = decideCustomFieldValues({
      definitions: (await boundDefinitions(tx, [board.id])).get(board.id) ?? [],
      provided: plan.custom_field_values,
    });
    if (!customFields.ok) ruleFailure(customFields);

    const r = plan.row;
    const [task] = await tx
      .insert(tasks)
      .values({
        id: r.id,
        boardId: r.board_id,
        title: r.title,
        description: r.description,
        status: r.status,
        priority: r.priority,
        dueAt: r.due_at,
        assignedAgentId: r.assigned_agent_id,
        inProgressAt: r.in_progress_at,
        previousInProgressAt: r.previous_in_progress_at,
        doneAt: r.done_at,
        createdByUserId: r.created_by_user_id,
        autoCreated: r.auto_created,
        autoReason: r.auto_reason,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      })
      .returning();
    await replaceDependencies(tx, board.id, task.id, plan.dependency_ids, now);
    await replaceTags(tx, task.id, plan.tag_ids);
    await writeCustomFields(tx, task.id, customFields, now);
    const view = { id: task.id, board_id: task.boardId, title: task.title, status: task.status, description: task.description };
    const jobs = await enqueueTaskNotifications(tx, { organizationId: board.organizationId, board, agents, task: view, notifications: plan.notifications });
    const woken = await applyWakes(tx, { wakes: plan.wakes, agents, task: view });
    await recordEvents(tx, [...plan.events, ...woken], now);
    return { task, jobs };
  });
}
