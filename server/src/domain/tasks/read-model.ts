// The task read model: every task response (list, create, update, lead routes, streams, board
// snapshot cards) is built here, in bulk, with a fixed number of statements whatever the number
// of tasks — never one query per task.
//
//   loadTaskReads(db, rows)  → TaskRead[]      4 statements (dependencies, tags, bound custom
//                                               field definitions, stored values)
//   loadBoardTaskCards (cards.ts)              every task of a board as a card, 5 statements
//
// Both keep the order of `rows`. Pass task rows as selected from `tasks` (any board mix). When
// `rows` are all (or most) of one board's tasks — a board snapshot — pass `{ boardId }`: the
// statements then select by board instead of by a list of task ids, which is about twice as
// fast for thousands of tasks (rows of other tasks of the board are simply not used).
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client';
import { anyOf } from '../../db/any-of';
import {
  approvals,
  approvalTaskLinks,
  boards,
  boardTaskCustomFields,
  tagAssignments,
  tags,
  taskCustomFieldDefinitions,
  taskCustomFieldValues,
  taskDependencies,
  tasks,
  type Task,
  type TaskStatus,
} from '../../db/schema';
import { iso } from '../../presenters/common';
import { presentTagRef } from '../../presenters/tags';
import type { TaskRead } from '../../presenters/tasks';
import { blockedBy } from './dependencies';
import { effectiveCustomFieldValues, type CustomFieldDefinition } from './custom-fields';

type TagRef = TaskRead['tags'][number];

/** Load decorations by board (`boardId`) instead of by the rows' ids. */
export interface ReadScope {
  boardId?: string;
}

export interface Decorations {
  deps: Map<string, { ids: string[]; known: { id: string; status: TaskStatus }[] }>;
  tags: Map<string, TagRef[]>;
}

/** `tasks.id = any(ids)`, or — scoped — `tasks.board_id = boardId`, for a subquery on tasks. */
function tasksOf(ids: string[], scope: ReadScope, column: AnyPgColumn): SQL {
  return scope.boardId
    ? sql`${column} in (select ${tasks.id} from ${tasks} where ${tasks.boardId} = ${scope.boardId})`
    : anyOf(column, ids);
}

/**
 * Dependencies (with each dependency's status) and tags of the tasks, two statements. Read raw
 * (no ORM row mapping): a board's worth is thousands of rows of a few short columns.
 */
export async function loadDecorations(db: Queryable, ids: string[], scope: ReadScope): Promise<Decorations> {
  const [depRows, tagRows] = await Promise.all([
    db
      .execute<{ taskId: string; dependsOn: string; status: TaskStatus | null }>(
        sql`select ${taskDependencies.taskId} as "taskId", ${taskDependencies.dependsOnTaskId} as "dependsOn", ${tasks.status} as "status"
              from ${taskDependencies} left join ${tasks} on ${tasks.id} = ${taskDependencies.dependsOnTaskId}
             where ${scope.boardId ? eq(taskDependencies.boardId, scope.boardId) : anyOf(taskDependencies.taskId, ids)}
             order by ${taskDependencies.createdAt}, ${taskDependencies.id}`,
      )
      .then((result) => result.rows),
    db
      .execute<{ taskId: string; id: string; name: string; slug: string; color: string }>(
        sql`select ${tagAssignments.taskId} as "taskId", ${tags.id} as "id", ${tags.name} as "name", ${tags.slug} as "slug", ${tags.color} as "color"
              from ${tagAssignments} join ${tags} on ${tags.id} = ${tagAssignments.tagId}
             where ${tasksOf(ids, scope, tagAssignments.taskId)}
             order by ${tagAssignments.seq}`,
      )
      .then((result) => result.rows),
  ]);
  const deps: Decorations['deps'] = new Map();
  for (const row of depRows) {
    const entry = deps.get(row.taskId) ?? { ids: [], known: [] };
    entry.ids.push(row.dependsOn);
    if (row.status) entry.known.push({ id: row.dependsOn, status: row.status });
    deps.set(row.taskId, entry);
  }
  const tagMap: Decorations['tags'] = new Map();
  for (const row of tagRows) {
    const list = tagMap.get(row.taskId) ?? [];
    list.push(presentTagRef(row));
    tagMap.set(row.taskId, list);
  }
  return { deps, tags: tagMap };
}

/** The task columns a read needs; timestamps as Dates, or as database text from raw reads (see `iso`). */
export type TaskFacts = Pick<Task, 'id' | 'boardId' | 'title' | 'description' | 'status' | 'priority' | 'assignedAgentId' | 'createdByUserId'> & {
  [K in 'dueAt' | 'inProgressAt' | 'createdAt' | 'updatedAt']: Task[K] | string;
};

export function baseRead(task: TaskFacts, d: Decorations): Omit<TaskRead, 'custom_field_values'> {
  const dep = d.deps.get(task.id);
  // Most tasks have no dependencies: skip the blocking check's lookups for them.
  const blocked = !dep || task.status === 'done' ? [] : blockedBy(dep.ids, dep.known);
  const tagList = d.tags.get(task.id) ?? [];
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
    depends_on_task_ids: dep ? dep.ids : [],
    tag_ids: tagList.map((t) => t.id),
    tags: tagList,
    blocked_by_task_ids: blocked,
    is_blocked: blocked.length > 0,
  };
}

/**
 * Custom field definitions bound to each board (only definitions of the board's own
 * organization), in field_key order. One statement for any number of boards.
 */
export async function boundDefinitions(db: Queryable, boardIds: readonly string[]): Promise<Map<string, CustomFieldDefinition[]>> {
  const out = new Map<string, CustomFieldDefinition[]>(boardIds.map((id) => [id, []]));
  if (boardIds.length === 0) return out;
  const rows = await db
    .select({ boardId: boardTaskCustomFields.boardId, def: taskCustomFieldDefinitions })
    .from(boardTaskCustomFields)
    .innerJoin(taskCustomFieldDefinitions, eq(taskCustomFieldDefinitions.id, boardTaskCustomFields.taskCustomFieldDefinitionId))
    .innerJoin(boards, and(eq(boards.id, boardTaskCustomFields.boardId), eq(boards.organizationId, taskCustomFieldDefinitions.organizationId)))
    .where(anyOf(boardTaskCustomFields.boardId, [...boardIds]))
    .orderBy(asc(taskCustomFieldDefinitions.fieldKey));
  for (const { boardId, def } of rows) {
    out.get(boardId)?.push({
      id: def.id,
      field_key: def.fieldKey,
      field_type: def.fieldType,
      validation_regex: def.validationRegex,
      required: def.required,
      default_value: def.defaultValue ?? null,
    });
  }
  return out;
}

/** Stored custom field values per task, by field key. */
export async function storedValues(db: Queryable, taskIds: readonly string[], scope: ReadScope = {}): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .select({ taskId: taskCustomFieldValues.taskId, key: taskCustomFieldDefinitions.fieldKey, value: taskCustomFieldValues.value })
    .from(taskCustomFieldValues)
    .innerJoin(taskCustomFieldDefinitions, eq(taskCustomFieldDefinitions.id, taskCustomFieldValues.taskCustomFieldDefinitionId))
    .where(tasksOf([...taskIds], scope, taskCustomFieldValues.taskId));
  for (const row of rows) {
    const values = out.get(row.taskId) ?? {};
    values[row.key] = row.value;
    out.set(row.taskId, values);
  }
  return out;
}

/** TaskRead for each row, in order, with a constant number of statements (4). */
export async function loadTaskReads(db: Queryable, rows: readonly Task[], scope: ReadScope = {}): Promise<TaskRead[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((t) => t.id);
  const boardIds = [...new Set(rows.map((t) => t.boardId))];
  const [decorations, definitions, stored] = await Promise.all([
    loadDecorations(db, ids, scope),
    boundDefinitions(db, boardIds),
    storedValues(db, ids, scope),
  ]);
  return rows.map((task) => ({
    ...baseRead(task, decorations),
    custom_field_values: effectiveCustomFieldValues(definitions.get(task.boardId) ?? [], stored.get(task.id) ?? {}),
  }));
}

/** One TaskRead. */
export async function loadTaskRead(db: Queryable, row: Task): Promise<TaskRead> {
  const [read] = await loadTaskReads(db, [row]);
  return read;
}

/**
 * Total and pending approvals per task, over link rows plus legacy approvals (task_id set, no
 * link rows), in one statement.
 */
export async function approvalCounts(
  db: Queryable,
  taskIds: readonly string[],
  scope: ReadScope = {},
): Promise<Map<string, { approvals_count: number; approvals_pending_count: number }>> {
  const out = new Map<string, { approvals_count: number; approvals_pending_count: number }>();
  if (!scope.boardId && taskIds.length === 0) return out;
  const ids = sql.param([...taskIds]);
  const linked = scope.boardId ? sql`${approvals.boardId} = ${scope.boardId}` : sql`${approvalTaskLinks.taskId} = any(${ids}::uuid[])`;
  const legacy = scope.boardId ? sql`${approvals.boardId} = ${scope.boardId} and ${approvals.taskId} is not null` : sql`${approvals.taskId} = any(${ids}::uuid[])`;
  const result = await db.execute<{ task_id: string; total: string | number; pending: string | number }>(sql`
    select c.task_id, count(*) as total, count(*) filter (where c.status = 'pending') as pending
    from (
      select ${approvalTaskLinks.taskId} as task_id, ${approvals.status} as status
        from ${approvalTaskLinks} join ${approvals} on ${approvals.id} = ${approvalTaskLinks.approvalId}
        where ${linked}
      union all
      select ${approvals.taskId} as task_id, ${approvals.status} as status
        from ${approvals}
        where ${legacy}
          and not exists (select 1 from ${approvalTaskLinks} where ${approvalTaskLinks.approvalId} = ${approvals.id})
    ) c
    group by c.task_id`);
  // Both drivers answer with a result object carrying `rows`.
  for (const row of result.rows) {
    out.set(row.task_id, { approvals_count: Number(row.total), approvals_pending_count: Number(row.pending) });
  }
  return out;
}
