import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { approvals, type Board } from '../../db/schema';
import { createApproval, listApprovals, resolveApproval } from '../../domain/approvals/operations';
import { loadApprovalReads } from '../../domain/approvals/read-model';
import { ruleActor } from '../../domain/tasks/operations/load';
import { HttpError } from '../../http/errors';
import { page } from '../../http/pagination';
import type { BoardCaller } from '../tasks/handlers';
import type { ApprovalCreate, ApprovalListQuery } from './schemas';

export async function listBoardApprovals(request: FastifyRequest, board: Board, query: ApprovalListQuery) {
  const { db } = request.server.services;
  const { rows, total } = await listApprovals(db, board.id, query.status, query);
  return page(await loadApprovalReads(db, rows), total, query);
}

export async function getBoardApproval(request: FastifyRequest, board: Board, approvalId: string) {
  const { db } = request.server.services;
  const [row] = await db.select().from(approvals).where(and(eq(approvals.id, approvalId), eq(approvals.boardId, board.id)));
  if (!row) throw new HttpError(404, 'Not Found');
  const [read] = await loadApprovalReads(db, [row]);
  return read;
}

export async function createBoardApproval(request: FastifyRequest, { board, actor }: BoardCaller, body: ApprovalCreate) {
  const { db } = request.server.services;
  const approval = await createApproval(db, { board, actor: ruleActor(actor), request: body });
  const [read] = await loadApprovalReads(db, [approval]);
  return read;
}

export async function resolveBoardApproval(request: FastifyRequest, { board, actor }: BoardCaller, approvalId: string, status: ApprovalCreate['status'] | null | undefined) {
  const { db, worker } = request.server.services;
  const { approval, jobs } = await resolveApproval(db, { board, actor: ruleActor(actor), approvalId, request: { status } });
  if (jobs) worker.wake();
  const [read] = await loadApprovalReads(db, [approval]);
  return read;
}
