// The approval read model: ApprovalRead for any number of approvals in two statements (link rows
// with task titles, then titles of legacy single-task approvals). Keeps the order of `rows`.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { anyOf } from '../../db/any-of';
import { approvalTaskLinks, tasks, type Approval } from '../../db/schema';
import type { ApprovalRead } from '../../presenters/approvals';
import { iso } from '../../presenters/common';

/** Linked task ids (insertion order) of each approval; approvals without links are absent. */
export async function linkedTaskIds(db: Queryable, approvalIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (approvalIds.length === 0) return out;
  const rows = await db
    .select({ approvalId: approvalTaskLinks.approvalId, taskId: approvalTaskLinks.taskId })
    .from(approvalTaskLinks)
    .where(anyOf(approvalTaskLinks.approvalId, approvalIds))
    .orderBy(asc(approvalTaskLinks.seq));
  for (const row of rows) out.set(row.approvalId, [...(out.get(row.approvalId) ?? []), row.taskId]);
  return out;
}

export async function loadApprovalReads(db: Queryable, rows: readonly Approval[]): Promise<ApprovalRead[]> {
  if (rows.length === 0) return [];
  const linkRows = await db
    .select({ approvalId: approvalTaskLinks.approvalId, taskId: approvalTaskLinks.taskId, title: tasks.title })
    .from(approvalTaskLinks)
    .leftJoin(tasks, eq(tasks.id, approvalTaskLinks.taskId))
    .where(anyOf(approvalTaskLinks.approvalId, rows.map((a) => a.id)))
    .orderBy(asc(approvalTaskLinks.seq));
  const links = new Map<string, { taskId: string; title: string | null }[]>();
  for (const row of linkRows) links.set(row.approvalId, [...(links.get(row.approvalId) ?? []), row]);
  const legacy = rows.filter((a) => !links.has(a.id) && a.taskId).map((a) => a.taskId!);
  const legacyTitles = new Map<string, string>();
  if (legacy.length) {
    const found = await db.select({ id: tasks.id, title: tasks.title }).from(tasks).where(anyOf(tasks.id, legacy));
    for (const t of found) legacyTitles.set(t.id, t.title);
  }
  return rows.map((a) => {
    const linked = links.get(a.id);
    const taskIds = linked ? linked.map((l) => l.taskId) : a.taskId ? [a.taskId] : [];
    const titles = linked
      ? linked.flatMap((l) => (l.title === null ? [] : [l.title]))
      : a.taskId && legacyTitles.has(a.taskId)
        ? [legacyTitles.get(a.taskId)!]
        : [];
    return {
      id: a.id,
      board_id: a.boardId,
      action_type: a.actionType,
      task_id: taskIds[0] ?? null,
      task_ids: taskIds,
      task_titles: titles,
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
