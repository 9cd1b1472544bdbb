// Interim bulk readers for the snapshot, with the same signatures as the tasks area's read models
// (domain/tasks/read-model.ts loadTaskCards, domain/approvals/read-model.ts loadApprovalReads).
// Replaced by those when the tasks branch is merged; each loads in a fixed number of statements.
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client';
import { agents, approvals, approvalTaskLinks, tagAssignments, tags, taskDependencies, tasks, TASK_STATUSES, APPROVAL_STATUSES, type Approval, type Task } from '../../db/schema';
import { iso, Timestamp, Uuid } from '../../presenters/common';
import { TagRef } from '../../presenters/tags';

const ids = (values: readonly string[]) => sql`${sql.param([...values])}::uuid[]`;

export const TaskCardRead = z.object({
  id: Uuid,
  board_id: Uuid,
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  priority: z.string(),
  due_at: Timestamp.nullable(),
  assigned_agent_id: Uuid.nullable(),
  created_by_user_id: Uuid.nullable(),
  in_progress_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  depends_on_task_ids: z.array(Uuid),
  tag_ids: z.array(Uuid),
  tags: z.array(TagRef),
  blocked_by_task_ids: z.array(Uuid),
  is_blocked: z.boolean(),
  custom_field_values: z.null(),
  assignee: z.string().nullable(),
  approvals_count: z.number().int(),
  approvals_pending_count: z.number().int(),
});
export type TaskCardRead = z.infer<typeof TaskCardRead>;

export const ApprovalRead = z.object({
  id: Uuid,
  board_id: Uuid,
  action_type: z.string(),
  task_id: Uuid.nullable(),
  task_ids: z.array(Uuid),
  task_titles: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()).nullable(),
  confidence: z.number(),
  rubric_scores: z.record(z.string(), z.number().int()).nullable(),
  status: z.enum(APPROVAL_STATUSES),
  agent_id: Uuid.nullable(),
  created_at: Timestamp,
  resolved_at: Timestamp.nullable(),
});
export type ApprovalRead = z.infer<typeof ApprovalRead>;

function group<K, V>(rows: readonly V[], key: (row: V) => K): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
}

/** Snapshot cards in the order of `rows`: 4 statements whatever the number of tasks. */
export async function loadTaskCards(db: Queryable, rows: readonly Task[]): Promise<TaskCardRead[]> {
  if (!rows.length) return [];
  const taskIds = rows.map((t) => t.id);
  const [deps, tagRows, names, counts] = await Promise.all([
    db
      .select({ taskId: taskDependencies.taskId, dependsOn: taskDependencies.dependsOnTaskId, status: tasks.status })
      .from(taskDependencies)
      .leftJoin(tasks, eq(tasks.id, taskDependencies.dependsOnTaskId))
      .where(sql`${taskDependencies.taskId} = any(${ids(taskIds)})`)
      .orderBy(asc(taskDependencies.createdAt), asc(taskDependencies.id)),
    db
      .select({ taskId: tagAssignments.taskId, id: tags.id, name: tags.name, slug: tags.slug, color: tags.color })
      .from(tagAssignments)
      .innerJoin(tags, eq(tags.id, tagAssignments.tagId))
      .where(sql`${tagAssignments.taskId} = any(${ids(taskIds)})`)
      .orderBy(asc(tagAssignments.seq)),
    db.select({ id: agents.id, name: agents.name }).from(agents).where(sql`${agents.id} in (select ${tasks.assignedAgentId} from ${tasks} where ${tasks.id} = any(${ids(taskIds)}))`),
    db.execute<{ task_id: string; total: string; pending: string }>(sql`
      select c.task_id, count(*) as total, count(*) filter (where c.status = 'pending') as pending from (
        select l.task_id, a.status from ${approvalTaskLinks} l join ${approvals} a on a.id = l.approval_id where l.task_id = any(${ids(taskIds)})
        union all
        select a.task_id, a.status from ${approvals} a where a.task_id = any(${ids(taskIds)})
          and not exists (select 1 from ${approvalTaskLinks} l where l.approval_id = a.id)
      ) c group by c.task_id`),
  ]);
  const depsOf = group(deps, (d) => d.taskId);
  const tagsOf = group(tagRows, (t) => t.taskId);
  const nameOf = new Map(names.map((a) => [a.id, a.name]));
  const countOf = new Map(counts.rows.map((c) => [c.task_id, c]));
  return rows.map((task) => {
    const taskDeps = depsOf.get(task.id) ?? [];
    const blocked = task.status === 'done' ? [] : taskDeps.filter((d) => d.status !== 'done').map((d) => d.dependsOn);
    const tagList = (tagsOf.get(task.id) ?? []).map(({ id, name, slug, color }) => ({ id, name, slug, color }));
    const count = countOf.get(task.id);
    return {
      id: task.id,
      board_id: task.boardId,
      title: task.title,
      description: task.description,
      status: task.status,
      priority: task.priority,
      due_at: iso(task.dueAt),
      assigned_agent_id: task.assignedAgentId,
      created_by_user_id: task.createdByUserId,
      in_progress_at: iso(task.inProgressAt),
      created_at: iso(task.createdAt)!,
      updated_at: iso(task.updatedAt)!,
      depends_on_task_ids: taskDeps.map((d) => d.dependsOn),
      tag_ids: tagList.map((t) => t.id),
      tags: tagList,
      blocked_by_task_ids: blocked,
      is_blocked: blocked.length > 0,
      custom_field_values: null,
      assignee: task.assignedAgentId ? (nameOf.get(task.assignedAgentId) ?? null) : null,
      approvals_count: Number(count?.total ?? 0),
      approvals_pending_count: Number(count?.pending ?? 0),
    };
  });
}

/** Approvals with their linked task ids and titles, in the order of `rows`: 1 statement. */
export async function loadApprovalReads(db: Queryable, rows: readonly Approval[]): Promise<ApprovalRead[]> {
  if (!rows.length) return [];
  const links = await db
    .select({ approvalId: approvalTaskLinks.approvalId, taskId: approvalTaskLinks.taskId, title: tasks.title })
    .from(approvalTaskLinks)
    .leftJoin(tasks, eq(tasks.id, approvalTaskLinks.taskId))
    .where(sql`${approvalTaskLinks.approvalId} = any(${ids(rows.map((a) => a.id))})`)
    .orderBy(asc(approvalTaskLinks.seq));
  const linksOf = group(links, (l) => l.approvalId);
  return rows.map((a) => {
    const linked = linksOf.get(a.id) ?? [];
    const taskIds = linked.length ? linked.map((l) => l.taskId) : a.taskId ? [a.taskId] : [];
    return {
      id: a.id,
      board_id: a.boardId,
      action_type: a.actionType,
      task_id: taskIds[0] ?? null,
      task_ids: taskIds,
      task_titles: linked.flatMap((l) => (l.title === null ? [] : [l.title])),
      payload: a.payload ?? null,
      confidence: a.confidence,
      rubric_scores: a.rubricScores ?? null,
      status: a.status,
      agent_id: a.agentId,
      created_at: iso(a.createdAt)!,
      resolved_at: iso(a.resolvedAt),
    };
  });
}
