// Custom field definitions and their board bindings (spec 2.5).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client';
import { boardTaskCustomFields, taskCustomFieldDefinitions, taskCustomFieldValues, type TaskCustomFieldDefinition } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { foreignBoardIds } from '../organizations/members';
import { definitionProblem, valueProblem, type FieldRule } from './rules';

export function requireValidDefinition(rule: FieldRule, defaultValue: unknown): void {
  const problem = definitionProblem(rule, defaultValue);
  if (problem) throw new HttpError(422, problem);
}

/** De-duplicated board ids, all of the organization: 422 with the reference's detail shapes. */
export async function requireBindableBoards(db: Queryable, organizationId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) throw new HttpError(422, 'At least one board must be selected.');
  const invalid = await foreignBoardIds(db, organizationId, unique);
  if (invalid.length) {
    throw new HttpError(422, { message: 'Some selected boards are invalid for this organization.', invalid_board_ids: invalid });
  }
  return unique;
}

/** Replaces a definition's bindings with `boardIds` (removes missing, adds new). */
export async function replaceBindings(tx: Tx, definitionId: string, boardIds: string[]): Promise<void> {
  const current = await tx
    .select({ boardId: boardTaskCustomFields.boardId })
    .from(boardTaskCustomFields)
    .where(eq(boardTaskCustomFields.taskCustomFieldDefinitionId, definitionId));
  const have = new Set(current.map((row) => row.boardId));
  const want = new Set(boardIds);
  const remove = [...have].filter((id) => !want.has(id));
  const add = boardIds.filter((id) => !have.has(id));
  if (remove.length) {
    await tx
      .delete(boardTaskCustomFields)
      .where(and(eq(boardTaskCustomFields.taskCustomFieldDefinitionId, definitionId), inArray(boardTaskCustomFields.boardId, remove)));
  }
  if (add.length) {
    await tx.insert(boardTaskCustomFields).values(add.map((boardId) => ({ boardId, taskCustomFieldDefinitionId: definitionId })));
  }
}

/** Board ids bound to each definition. */
export async function bindingsOf(db: Queryable, definitionIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(definitionIds.map((id) => [id, []]));
  if (!definitionIds.length) return map;
  const rows = await db
    .select({ definitionId: boardTaskCustomFields.taskCustomFieldDefinitionId, boardId: boardTaskCustomFields.boardId })
    .from(boardTaskCustomFields)
    .where(inArray(boardTaskCustomFields.taskCustomFieldDefinitionId, definitionIds));
  for (const row of rows) map.get(row.definitionId)?.push(row.boardId);
  return map;
}

export async function definitionInOrg(db: Queryable, organizationId: string, id: string): Promise<TaskCustomFieldDefinition> {
  const [def] = await db
    .select()
    .from(taskCustomFieldDefinitions)
    .where(and(eq(taskCustomFieldDefinitions.id, id), eq(taskCustomFieldDefinitions.organizationId, organizationId)));
  if (!def) throw new HttpError(404, 'Not Found');
  return def;
}

export async function valueCount(db: Queryable, definitionId: string): Promise<number> {
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(taskCustomFieldValues)
    .where(eq(taskCustomFieldValues.taskCustomFieldDefinitionId, definitionId));
  return count;
}

/**
 * When the type or regex changes, every stored task value must still be valid under the new
 * rule; otherwise 409 (the reference let stored values silently stop matching their field).
 */
export async function requireValuesFit(db: Queryable, definitionId: string, rule: FieldRule): Promise<void> {
  const rows = await db
    .select({ value: taskCustomFieldValues.value })
    .from(taskCustomFieldValues)
    .where(eq(taskCustomFieldValues.taskCustomFieldDefinitionId, definitionId));
  const misfits = rows.filter((row) => valueProblem(rule, row.value) !== null).length;
  if (misfits) throw new HttpError(409, `${misfits} stored task value(s) would not be valid for the new field type or validation_regex.`);
}
