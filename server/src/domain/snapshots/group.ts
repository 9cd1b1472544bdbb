// The board-group snapshot (spec 3.10): per board, task counts by status and the most relevant
// tasks (working first, then review, inbox, done; high priority first; most recently touched
// first), capped per board. Three statements whatever the number of boards or tasks.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { type Board, type BoardGroup } from '../../db/schema';
import { presentBoard, presentBoardGroup } from '../../presenters/boards';
import { iso } from '../../presenters/common';

export interface GroupSnapshotOptions {
  includeDone: boolean;
  /** Tasks listed per board (0: none). */
  perBoardTaskLimit: number;
}

type SummaryRow = {
  id: string;
  board_id: string;
  title: string;
  status: string;
  priority: string;
  assigned_agent_id: string | null;
  assignee: string | null;
  due_at: Date | null;
  in_progress_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const idArray = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;

/** `boards` are the group's boards the caller may see, in the order to show them. */
export async function groupSnapshot(db: Queryable, group: BoardGroup | null, boards: readonly Board[], options: GroupSnapshotOptions) {
  if (!group) return { group: null, boards: [] };
  const boardIds = boards.map((b) => b.id);
  const limit = Math.max(0, options.perBoardTaskLimit);
  const [counts, summaries] = await Promise.all([
    boardIds.length
      ? db.execute<{ board_id: string; status: string; n: string | number }>(
          sql`select board_id, status, count(*) as n from tasks where board_id = any(${idArray(boardIds)}) group by board_id, status`,
        )
      : { rows: [] },
    boardIds.length && limit > 0
      ? db.execute<SummaryRow>(sql`
          select r.id, r.board_id, r.title, r.status, r.priority, r.assigned_agent_id, a.name as assignee,
                 r.due_at, r.in_progress_at, r.created_at, r.updated_at
            from (
              select t.*, row_number() over (
                       partition by t.board_id
                       order by case t.status when 'in_progress' then 0 when 'review' then 1 when 'inbox' then 2 when 'done' then 3 else 4 end,
                                case t.priority when 'high' then 0 when 'medium' then 1 when 'low' then 2 else 3 end,
                                t.updated_at desc, t.created_at desc, t.id) as rank
                from tasks t
               where t.board_id = any(${idArray(boardIds)}) and (${options.includeDone} or t.status <> 'done')
            ) r
            left join agents a on a.id = r.assigned_agent_id
           where r.rank <= ${limit}
           order by r.board_id, r.rank`)
      : { rows: [] as SummaryRow[] },
  ]);
  const taskIds = summaries.rows.map((t) => t.id);
  const tagRows = taskIds.length
    ? (
        await db.execute<{ task_id: string; id: string; name: string; slug: string; color: string }>(sql`
          select ta.task_id, g.id, g.name, g.slug, g.color from tag_assignments ta join tags g on g.id = ta.tag_id
           where ta.task_id = any(${idArray(taskIds)}) order by ta.seq`)
      ).rows
    : [];
  const tagsOf = new Map<string, { id: string; name: string; slug: string; color: string }[]>();
  for (const { task_id, ...tag } of tagRows) tagsOf.set(task_id, [...(tagsOf.get(task_id) ?? []), tag]);
  const countsOf = new Map<string, Record<string, number>>();
  for (const c of counts.rows) countsOf.set(c.board_id, { ...countsOf.get(c.board_id), [c.status]: Number(c.n) });
  return {
    group: presentBoardGroup(group),
    boards: boards.map((board) => ({
      board: presentBoard(board),
      task_counts: countsOf.get(board.id) ?? {},
      tasks: summaries.rows
        .filter((t) => t.board_id === board.id)
        .map((t) => ({
          id: t.id,
          board_id: t.board_id,
          board_name: board.name,
          title: t.title,
          status: t.status,
          priority: t.priority,
          assigned_agent_id: t.assigned_agent_id,
          assignee: t.assignee,
          due_at: iso(t.due_at),
          in_progress_at: iso(t.in_progress_at),
          tags: tagsOf.get(t.id) ?? [],
          created_at: iso(t.created_at)!,
          updated_at: iso(t.updated_at)!,
        })),
    })),
  };
}
