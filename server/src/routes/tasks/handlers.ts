// The task routes' shared steps, used by the user routes (/boards/…) and the agent surface
// (/agent/boards/…): each takes an already authorized board and caller.
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/client';
import { tasks, type Board } from '../../db/schema';
import { commentOnTask } from '../../domain/tasks/operations/comment-task';
import { createTask } from '../../domain/tasks/operations/create-task';
import { deleteTask } from '../../domain/tasks/operations/delete-task';
import { listComments, listTasks } from '../../domain/tasks/operations/list-tasks';
import { ruleActor } from '../../domain/tasks/operations/load';
import { updateTask } from '../../domain/tasks/operations/update-task';
import { loadTaskRead } from '../../domain/tasks/read-model';
import type { LeadActor, UserActor } from '../../domain/tasks/types';
import { HttpError } from '../../http/errors';
import { page, type PageQuery } from '../../http/pagination';
import type { AgentActor, UserActor as BoardUser } from '../../policies';
import { presentComment } from '../../presenters/tasks';
import { parseStatusFilter, type TaskCreate, type TaskListQuery, type TaskUpdate } from './schemas';

export async function listBoardTasks(request: FastifyRequest, board: Board, query: TaskListQuery) {
  const { items, total } = await listTasks(
    request.server.services.db,
    board.id,
    { statuses: parseStatusFilter(query.status), assignedAgentId: query.assigned_agent_id, unassigned: query.unassigned },
    query,
  );
  return page(items, total, query);
}

export async function createBoardTask(request: FastifyRequest, board: Board, actor: UserActor | LeadActor, body: TaskCreate) {
  const { db, worker } = request.server.services;
  const { task, jobs } = await createTask(db, { board, actor, request: body });
  if (jobs) worker.wake();
  return loadTaskRead(db, task);
}

export async function getBoardTask(request: FastifyRequest, board: Board, taskId: string) {
  const { db } = request.server.services;
  const [row] = await db.select().from(tasks).where(and(eq(tasks.id, taskId), eq(tasks.boardId, board.id)));
  if (!row) throw new HttpError(404, 'Not Found');
  return loadTaskRead(db, row);
}

/** The board a route resolved and who is calling (actorBoardFor / agentBoardFor). */
export interface BoardCaller {
  board: Board;
  actor: BoardUser | AgentActor;
}

export async function updateBoardTask(request: FastifyRequest, { board, actor }: BoardCaller, taskId: string, body: TaskUpdate) {
  const { db, worker } = request.server.services;
  const { task, jobs } = await updateTask(db, { board, actor: ruleActor(actor), taskId, change: body });
  if (jobs) worker.wake();
  return loadTaskRead(db, task);
}

export async function deleteBoardTask(request: FastifyRequest, board: Board, taskId: string, agentId: string | null) {
  await deleteTask(request.server.services.db, { board, taskId, agentId });
  return { ok: true as const };
}

export async function listTaskComments(request: FastifyRequest, board: Board, taskId: string, query: PageQuery) {
  const { db } = request.server.services;
  await requireTaskOnBoard(db, board.id, taskId);
  const { items, total } = await listComments(db, taskId, query);
  return page(items.map(presentComment), total, query);
}

export async function createTaskComment(request: FastifyRequest, { board, actor }: BoardCaller, taskId: string, message: string) {
  const { db, worker } = request.server.services;
  const { comment, jobs } = await commentOnTask(db, { board, actor: ruleActor(actor), taskId, message });
  if (jobs) worker.wake();
  return presentComment(comment);
}

/** 404 unless the task exists on the board. */
async function requireTaskOnBoard(db: Queryable, boardId: string, taskId: string): Promise<void> {
  const [row] = await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.id, taskId), eq(tasks.boardId, boardId)));
  if (!row) throw new HttpError(404, 'Not Found');
}
