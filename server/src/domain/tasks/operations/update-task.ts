// PATCH a task (spec 3.1.3–3.1.7) as one transaction: lock the task and its dependency
// neighbours, load the rule inputs, decide, then write the columns, edges, tags, custom field
// values, dependents, events, notification jobs and wakes.
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { tasks, type Board, type Task } from '../../../db/schema';
import { HttpError } from '../../../http/errors';
import { findLastReviewSubmitter } from '../comments';
import { decideCustomFieldValues, type CustomFieldWrite } from '../custom-fields';
import { storedValues, boundDefinitions } from '../read-model';
import type { Actor, TaskChangeRequest } from '../types';
import { decideTaskUpdate } from '../update';
import {
  agentRef,
  agentsFor,
  boardContext,
  boardEdges,
  boardTasksAmong,
  dependencyNeighbours,
  dependentView,
  linkedApprovals,
  lockTasks,
  orgTagIds,
  statusEvents,
  taskComments,
  taskView,
} from './load';
import { applyWakes, enqueueTaskNotifications } from './outbox';
import { ruleFailure } from './refusal';
import { inTransaction } from './retry';
import { applyDependentUpdates, recordEvents, replaceDependencies, replaceTags, taskColumns, writeCustomFields } from './write';

export interface UpdateTaskInput {
  board: Board;
  actor: Actor;
  taskId: string;
  change: TaskChangeRequest;
}

/** Applies the change; returns the updated row and whether jobs were enqueued. */
export async function updateTask(db: Db, input: UpdateTaskInput): Promise<{ task: Task; jobs: number }> {
  return inTransaction(db, (tx) => updateInTx(tx, input));
}

async function updateInTx(tx: Tx, { board, actor, taskId, change }: UpdateTaskInput): Promise<{ task: Task; jobs: number }> {
  const now = new Date();
  // Lock the task with its current dependencies, requested dependencies and dependents, in id
  // order, before reading anything the decision depends on.
  const neighbours = await dependencyNeighbours(tx, taskId);
  const requestedDeps = change.depends_on_task_ids ?? [];
  const locked = await lockTasks(tx, board.id, [taskId, ...neighbours.dependsOn, ...requestedDeps, ...neighbours.dependents]);
  const row = locked.find((t) => t.id === taskId);
  if (!row) throw new HttpError(404, 'Not Found');
  // Re-read after locking: edges of this task cannot change while we hold its row.
  const { dependsOn, dependents } = await dependencyNeighbours(tx, taskId);

  const agents = await agentsFor(tx, board.id, [change.assigned_agent_id, actor.kind === 'user' ? null : actor.agent_id]);
  const refs = agents.map(agentRef);
  const dependencyTasks = await boardTasksAmong(tx, board.id, [...dependsOn, ...requestedDeps]);
  const comments = await taskComments(tx, taskId);
  const wantsSubmitter = actor.kind === 'lead' && row.status === 'review';
  const dependentRows = dependents.length
    ? locked.filter((t) => dependents.includes(t.id))
    : [];

  const plan = decideTaskUpdate({
    actor,
    board: boardContext(board),
    task: taskView(row),
    change,
    agents: refs,
    current_dependency_ids: dependsOn,
    dependency_tasks: dependencyTasks,
    board_edges: change.depends_on_task_ids !== undefined ? await boardEdges(tx, board.id) : undefined,
    existing_tag_ids: change.tag_ids !== undefined ? await orgTagIds(tx, board.organizationId, change.tag_ids) : undefined,
    approvals: await linkedApprovals(tx, taskId),
    comments,
    last_review_submitter_id: wantsSubmitter ? findLastReviewSubmitter(await statusEvents(tx, taskId), refs, board.id) : null,
    dependents: dependentRows.map(dependentView),
    now,
  });
  if (!plan.ok) ruleFailure(plan);

  let customWrite: CustomFieldWrite | null = null;
  if (plan.custom_field_values !== null) {
    const definitions = (await boundDefinitions(tx, [board.id])).get(board.id) ?? [];
    const decided = decideCustomFieldValues({
      definitions,
      provided: plan.custom_field_values,
      stored: (await storedValues(tx, [taskId])).get(taskId) ?? {},
    });
    if (!decided.ok) ruleFailure(decided);
    customWrite = decided;
  }

  let updated = row;
  const columns = taskColumns(plan.changes);
  if (Object.keys(columns).length > 0) {
    [updated] = await tx.update(tasks).set(columns).where(eq(tasks.id, taskId)).returning();
  }
  if (plan.dependency_ids !== null) await replaceDependencies(tx, board.id, taskId, plan.dependency_ids, now);
  if (plan.tag_ids !== null) await replaceTags(tx, taskId, plan.tag_ids);
  if (customWrite) await writeCustomFields(tx, taskId, customWrite, now);
  await applyDependentUpdates(tx, plan.dependent_updates);
  const jobs = await enqueueTaskNotifications(tx, {
    organizationId: board.organizationId,
    board,
    agents,
    task: plan.task,
    notifications: plan.notifications,
  });
  const woken = await applyWakes(tx, { wakes: plan.wakes, agents, task: plan.task });
  await recordEvents(tx, [...plan.events, ...woken], now);
  return { task: updated, jobs };
}
