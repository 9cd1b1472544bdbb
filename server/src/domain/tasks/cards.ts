// Task cards: every task of one board with what a board page shows on each card (dependencies,
// blocked state, tags, assignee name, approval counts), for the board snapshot. Five statements
// sent at once, all selected by board — none waits for the task rows — so the whole read is one
// round trip whatever the number of tasks. The task rows are read raw (only the card's columns,
// timestamps left as database text for `iso`): mapping 10,000 rows through the ORM into Dates and
// back into strings was a third of a large board's snapshot time.
import { desc, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { agents, tasks } from '../../db/schema';
import type { TaskCardRead } from '../../presenters/tasks';
import { approvalCounts, baseRead, loadDecorations, type TaskFacts } from './read-model';

const CARD_COLUMNS = {
  id: tasks.id,
  boardId: tasks.boardId,
  title: tasks.title,
  description: tasks.description,
  status: tasks.status,
  priority: tasks.priority,
  dueAt: tasks.dueAt,
  assignedAgentId: tasks.assignedAgentId,
  createdByUserId: tasks.createdByUserId,
  inProgressAt: tasks.inProgressAt,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
} satisfies Record<keyof TaskFacts, unknown>;

const cardColumns = sql.join(
  Object.entries(CARD_COLUMNS).map(([name, column]) => sql`${column} as ${sql.identifier(name)}`),
  sql`, `,
);

/** Every task of the board as a card, newest first. */
export async function loadBoardTaskCards(db: Queryable, boardId: string): Promise<TaskCardRead[]> {
  const scope = { boardId };
  const [rows, decorations, names, counts] = await Promise.all([
    db
      .execute<TaskFacts>(sql`select ${cardColumns} from ${tasks} where ${tasks.boardId} = ${boardId} order by ${desc(tasks.createdAt)}, ${desc(tasks.id)}`)
      .then((result) => result.rows),
    loadDecorations(db, [], scope),
    db
      .select({ id: agents.id, name: agents.name })
      .from(agents)
      .where(sql`${agents.id} in (select ${tasks.assignedAgentId} from ${tasks} where ${tasks.boardId} = ${boardId})`),
    approvalCounts(db, [], scope),
  ]);
  const nameOf = new Map(names.map((a) => [a.id, a.name]));
  // The card extends the fresh base object in place: spreading 10,000 of them into new objects
  // costs more than everything else done per card.
  return rows.map((task) => {
    const card = baseRead(task, decorations) as TaskCardRead;
    const count = counts.get(task.id);
    card.custom_field_values = null;
    card.assignee = task.assignedAgentId ? (nameOf.get(task.assignedAgentId) ?? null) : null;
    card.approvals_count = count?.approvals_count ?? 0;
    card.approvals_pending_count = count?.approvals_pending_count ?? 0;
    return card;
  });
}
