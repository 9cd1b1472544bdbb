// `/api/v1/boards/{board_id}/tasks` (spec 2.19): reads and PATCH/comments for users and the
// board's agents; create and delete for users only (leads use the agent surface).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { requireUser } from '../../http/auth';
import { Page, PageQuery } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { actorBoardFor, boardFor } from '../../policies';
import { OkResponse } from '../../presenters/common';
import { TaskCommentRead, TaskRead } from '../../presenters/tasks';
import { createBoardTask, createTaskComment, deleteBoardTask, getBoardTask, listBoardTasks, listTaskComments, updateBoardTask } from './handlers';
import { BoardParams, TaskCommentCreate, TaskConflictResponse, TaskCreate, TaskListQuery, TaskParams, TaskUpdate } from './schemas';

const tags = ['tasks'];
const BASE = '/api/v1/boards/:board_id/tasks';
export const TaskPage = Page(TaskRead, 'LimitOffsetPage_TaskRead');
export const CommentPage = Page(TaskCommentRead, 'LimitOffsetPage_TaskCommentRead');

export const userTaskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    BASE,
    { schema: { operationId: 'list_tasks', tags, security: USER_OR_AGENT_SECURITY, params: BoardParams, querystring: TaskListQuery, response: { 200: TaskPage, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { board } = await actorBoardFor(request, request.params.board_id, 'read');
      return listBoardTasks(request, board, request.query);
    },
  );

  app.post(
    BASE,
    { schema: { operationId: 'create_task', tags, params: BoardParams, body: TaskCreate, response: { 200: TaskRead, ...errors(...AUTHED, 403, 404), 409: TaskConflictResponse } } },
    async (request) => {
      const { user } = await requireUser(request);
      const board = await boardFor(request, request.params.board_id, 'write');
      return createBoardTask(request, board, { kind: 'user', user_id: user.id }, request.body);
    },
  );

  app.get(
    `${BASE}/:task_id`,
    { schema: { operationId: 'get_task', tags, security: USER_OR_AGENT_SECURITY, params: TaskParams, response: { 200: TaskRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { board } = await actorBoardFor(request, request.params.board_id, 'read');
      return getBoardTask(request, board, request.params.task_id);
    },
  );

  app.patch(
    `${BASE}/:task_id`,
    { schema: { operationId: 'update_task', tags, security: USER_OR_AGENT_SECURITY, params: TaskParams, body: TaskUpdate, response: { 200: TaskRead, ...errors(...AUTHED, 403, 404), 409: TaskConflictResponse } } },
    async (request) => {
      const caller = await actorBoardFor(request, request.params.board_id, 'write');
      return updateBoardTask(request, caller, request.params.task_id, request.body);
    },
  );

  app.delete(
    `${BASE}/:task_id`,
    { schema: { operationId: 'delete_task', tags, params: TaskParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      await requireUser(request);
      const board = await boardFor(request, request.params.board_id, 'write');
      return deleteBoardTask(request, board, request.params.task_id, null);
    },
  );

  app.get(
    `${BASE}/:task_id/comments`,
    { schema: { operationId: 'list_task_comments', tags, security: USER_OR_AGENT_SECURITY, params: TaskParams, querystring: PageQuery, response: { 200: CommentPage, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { board } = await actorBoardFor(request, request.params.board_id, 'read');
      return listTaskComments(request, board, request.params.task_id, request.query);
    },
  );

  app.post(
    `${BASE}/:task_id/comments`,
    { schema: { operationId: 'create_task_comment', tags, security: USER_OR_AGENT_SECURITY, params: TaskParams, body: TaskCommentCreate, response: { 200: TaskCommentRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const caller = await actorBoardFor(request, request.params.board_id, 'write');
      return createTaskComment(request, caller, request.params.task_id, request.body.message);
    },
  );
};
