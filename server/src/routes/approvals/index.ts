// `/api/v1/boards/{board_id}/approvals` (spec 2.18) and the agent surface rows 15–16.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { agentOperation, BOARD_AGENTS } from '../../http/agent-openapi';
import { Page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { actorBoardFor, agentBoardFor } from '../../policies';
import { ApprovalRead } from '../../presenters/approvals';
import { createBoardApproval, getBoardApproval, listBoardApprovals, resolveBoardApproval } from './handlers';
import { ApprovalCreate, ApprovalListQuery, ApprovalParams, ApprovalUpdate, BoardParams } from './schemas';

const tags = ['approvals'];
const BASE = '/api/v1/boards/:board_id/approvals';
const AGENT_BASE = '/api/v1/agent/boards/:board_id/approvals';
const ApprovalPage = Page(ApprovalRead, 'LimitOffsetPage_ApprovalRead');
const AGENT_ERRORS = [401, 403, 404, 422, 429] as const;

export const approvalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    BASE,
    { schema: { operationId: 'list_approvals', tags, security: USER_OR_AGENT_SECURITY, params: BoardParams, querystring: ApprovalListQuery, response: { 200: ApprovalPage, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { board } = await actorBoardFor(request, request.params.board_id, 'read');
      return listBoardApprovals(request, board, request.query);
    },
  );

  app.post(
    BASE,
    { schema: { operationId: 'create_approval', tags, security: USER_OR_AGENT_SECURITY, params: BoardParams, body: ApprovalCreate, response: { 200: ApprovalRead, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => createBoardApproval(request, await actorBoardFor(request, request.params.board_id, 'write'), request.body),
  );

  app.get(
    `${BASE}/:approval_id`,
    { schema: { operationId: 'get_approval', tags, security: USER_OR_AGENT_SECURITY, params: ApprovalParams, response: { 200: ApprovalRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { board } = await actorBoardFor(request, request.params.board_id, 'read');
      return getBoardApproval(request, board, request.params.approval_id);
    },
  );

  app.patch(
    `${BASE}/:approval_id`,
    { schema: { operationId: 'update_approval', tags, security: USER_OR_AGENT_SECURITY, params: ApprovalParams, body: ApprovalUpdate, response: { 200: ApprovalRead, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      return resolveBoardApproval(request, await actorBoardFor(request, request.params.board_id, 'write'), request.params.approval_id, request.body.status);
    },
  );

  app.get(
    AGENT_BASE,
    {
      schema: {
        ...agentOperation({
          operationId: 'list_approvals',
          intent: 'agent_board_approval_discovery',
          roles: BOARD_AGENTS,
          tags,
          description: "Lists your board's approvals, newest first; filter with status=pending|approved|rejected.",
          whenToUse: 'To check whether an approval you requested was approved before moving a task to done.',
        }),
        params: BoardParams,
        querystring: ApprovalListQuery,
        response: { 200: ApprovalPage, ...errors(...AGENT_ERRORS) },
      },
    },
    async (request) => {
      const { board } = await agentBoardFor(request, request.params.board_id);
      return listBoardApprovals(request, board, request.query);
    },
  );

  app.post(
    AGENT_BASE,
    {
      schema: {
        ...agentOperation({
          operationId: 'create_approval',
          intent: 'agent_board_approval_request',
          roles: BOARD_AGENTS,
          tags,
          description:
            'Requests a human approval for an action on one or more tasks of your board: action_type, task_ids, confidence 0–100, payload with a reason. ' +
            'Each task can have only one pending approval (409 lists the conflicts). You are recorded as the author.',
          whenToUse: 'Before moving a task to done on a board that requires approval, or before a risky action.',
          whenNotToUse: 'To approve or reject (only users resolve approvals).',
          sideEffects: 'Records approval.created.',
        }),
        params: BoardParams,
        body: ApprovalCreate,
        response: { 200: ApprovalRead, ...errors(...AGENT_ERRORS, 409) },
      },
    },
    async (request) => {
      return createBoardApproval(request, await agentBoardFor(request, request.params.board_id), request.body);
    },
  );
};
