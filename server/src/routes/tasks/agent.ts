// The agent surface for tasks (spec 2.21 rows 5, 8–12): the same operations as the board routes,
// behind the agent board guard, with the OpenAPI hints agents select operations by.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { MSG } from '../../domain/tasks/errors';
import { HttpError } from '../../http/errors';
import { requireLead } from '../../http/agent-auth';
import { agentOperation, BOARD_AGENTS } from '../../http/agent-openapi';
import { PageQuery } from '../../http/pagination';
import { errors } from '../../http/route-schema';
import { agentBoardFor, BOARD_DENIED } from '../../policies';
import { OkResponse } from '../../presenters/common';
import { TaskCommentRead, TaskRead } from '../../presenters/tasks';
import { createBoardTask, createTaskComment, deleteBoardTask, listBoardTasks, listTaskComments, updateBoardTask } from './handlers';
import { BoardParams, TaskCommentCreate, TaskConflictResponse, TaskCreate, TaskListQuery, TaskParams, TaskUpdate } from './schemas';
import { CommentPage, TaskPage } from './user';

const BASE = '/api/v1/agent/boards/:board_id/tasks';

/**
 * The board guard of task changes: another board of the agent's own organization is refused with
 * the coded detail agents act on (`task_board_mismatch`, BR-18) instead of a bare 403; other
 * organizations stay a plain 404.
 */
async function taskBoardFor(request: FastifyRequest, boardId: string) {
  try {
    return await agentBoardFor(request, boardId);
  } catch (error) {
    if (error instanceof HttpError && error.statusCode === 403 && error.detail === BOARD_DENIED) {
      throw new HttpError(403, { code: 'task_board_mismatch', message: MSG.boardMismatch });
    }
    throw error;
  }
}
const AGENT_ERRORS = [401, 403, 404, 422, 429] as const;

export const agentTaskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    BASE,
    {
      schema: {
        ...agentOperation({
          operationId: 'list_tasks',
          intent: 'agent_board_task_discovery',
          roles: BOARD_AGENTS,
          tags: ['tasks'],
          description: "Lists your board's tasks, newest first, with dependencies, blocked state, tags and custom fields. Filter by status (comma-separated), assigned_agent_id or unassigned=true.",
          whenToUse: 'To find work: your assigned tasks, unassigned inbox tasks, or tasks in review.',
          whenNotToUse: 'To read one task you already know the id of when its comments are what you need (use the comments operation).',
        }),
        params: BoardParams,
        querystring: TaskListQuery,
        response: { 200: TaskPage, ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => {
      const { board } = await agentBoardFor(request, request.params.board_id);
      return listBoardTasks(request, board, request.query);
    },
  );

  app.post(
    BASE,
    {
      schema: {
        ...agentOperation({
          operationId: 'create_task',
          intent: 'delegate_work',
          roles: ['lead'],
          tags: ['tasks'],
          description: 'Creates a task on your board as its lead: in inbox, or in_progress together with a worker assignee (who is notified and woken).',
          whenToUse: 'To break the board goal into work and hand it to a worker agent.',
          whenNotToUse: 'As a worker (leads only), or to change an existing task (use the update operation).',
          sideEffects: 'Records task.created; notifies and wakes the assignee.',
        }),
        params: BoardParams,
        body: TaskCreate,
        response: { 200: TaskRead, ...errors(...AGENT_ERRORS), 409: TaskConflictResponse },
      },
    },
    async (request) => {
      const lead = await requireLead(request);
      const { board } = await agentBoardFor(request, request.params.board_id);
      return createBoardTask(request, board, { kind: 'lead', agent_id: lead.id, board_id: lead.boardId!, name: lead.name }, request.body);
    },
  );

  app.patch(
    `${BASE}/:task_id`,
    {
      schema: {
        ...agentOperation({
          operationId: 'update_task',
          intent: 'agent_task_update',
          roles: BOARD_AGENTS,
          tags: ['tasks'],
          description:
            'Updates a task. Workers: status (claim with in_progress, hand off with review plus a comment), comment, custom_field_values. ' +
            'Leads: assigned_agent_id, status (review → done or inbox, inbox → in_progress with an assignee), depends_on_task_ids, tag_ids, custom_field_values.',
          whenToUse: 'To claim, progress, hand off or review a task.',
          whenNotToUse: 'To post a comment only as a lead (use the comments operation).',
          sideEffects: 'Records activity; may notify and wake agents; reopening a done task sends started dependents back to the inbox.',
        }),
        params: TaskParams,
        body: TaskUpdate,
        response: { 200: TaskRead, ...errors(...AGENT_ERRORS), 409: TaskConflictResponse },
      },
    },
    async (request) => {
      return updateBoardTask(request, await taskBoardFor(request, request.params.board_id), request.params.task_id, request.body);
    },
  );

  app.delete(
    `${BASE}/:task_id`,
    {
      schema: {
        ...agentOperation({
          operationId: 'delete_task',
          intent: 'agent_task_delete',
          roles: BOARD_AGENTS,
          tags: ['tasks'],
          description: 'Deletes a task of your board with its comments, dependency edges, tags and custom field values. Board leads only.',
          whenToUse: 'To remove a duplicate or mistaken task.',
          whenNotToUse: 'To finish or abandon work (move it to done or back to inbox instead).',
          requiredActor: 'agent-lead',
          sideEffects: 'Records task.deleted.',
        }),
        params: TaskParams,
        response: { 200: OkResponse, ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => {
      const lead = await requireLead(request);
      const { board } = await agentBoardFor(request, request.params.board_id);
      return deleteBoardTask(request, board, request.params.task_id, lead.id);
    },
  );

  app.get(
    `${BASE}/:task_id/comments`,
    {
      schema: {
        ...agentOperation({
          operationId: 'list_task_comments',
          intent: 'agent_task_comment_discovery',
          roles: BOARD_AGENTS,
          tags: ['tasks'],
          description: "Lists a task's comments, oldest first.",
          whenToUse: 'Before working on or reviewing a task, to read its discussion and feedback.',
        }),
        params: TaskParams,
        querystring: PageQuery,
        response: { 200: CommentPage, ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => {
      const { board } = await agentBoardFor(request, request.params.board_id);
      return listTaskComments(request, board, request.params.task_id, request.query);
    },
  );

  app.post(
    `${BASE}/:task_id/comments`,
    {
      schema: {
        ...agentOperation({
          operationId: 'create_task_comment',
          intent: 'agent_task_comment_create',
          roles: BOARD_AGENTS,
          tags: ['tasks'],
          description:
            'Posts a comment on a task. @name mentions notify those agents (@lead: the board lead). Leads may comment on tasks in review, assigned to them, created by them, or where an earlier comment mentions them.',
          whenToUse: 'To report progress, ask a question, or give review feedback.',
          sideEffects: 'Records task.comment; notifies mentioned agents, else the assignee.',
        }),
        params: TaskParams,
        body: TaskCommentCreate,
        response: { 200: TaskCommentRead, ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => {
      return createTaskComment(request, await taskBoardFor(request, request.params.board_id), request.params.task_id, request.body.message);
    },
  );
};
