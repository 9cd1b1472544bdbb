import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { agentOnboardingUpdate, answerOnboarding, confirmOnboarding, latestSession, startOnboarding } from '../../domain/onboarding/operations';
import { answerText } from '../../domain/onboarding/rules';
import { agentOperation } from '../../http/agent-openapi';
import { notFound } from '../../http/errors';
import { AUTHED, errors } from '../../http/route-schema';
import { agentBoardFor, boardFor, orgMember } from '../../policies';
import { BoardRead, presentBoard } from '../../presenters/boards';
import { BoardOnboardingRead, presentOnboarding } from '../../presenters/onboarding';
import { BoardParams } from '../boards/schemas';
import { OnboardingAgentUpdate, OnboardingAnswer, OnboardingConfirm } from './schemas';

const tags = ['board-onboarding'];

/** Board onboarding (spec 2.17, 3.19): users start, answer and confirm; the gateway agent asks and completes. */
export const onboardingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  const agentUpdate = async (request: FastifyRequest<{ Params: { board_id: string }; Body: z.infer<typeof OnboardingAgentUpdate> }>) => {
    const { board, actor } = await agentBoardFor(request, request.params.board_id);
    return presentOnboarding(await agentOnboardingUpdate(services, board, actor.agent, request.body));
  };
  const agentSchema = {
    params: BoardParams,
    body: OnboardingAgentUpdate,
    response: { 200: BoardOnboardingRead, ...errors(401, 403, 404, 409, 429) },
  };

  app.get(
    '/api/v1/boards/:board_id/onboarding',
    { schema: { operationId: 'get_board_onboarding', tags, params: BoardParams, response: { 200: BoardOnboardingRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'read');
      const session = await latestSession(services, board.id);
      if (!session) throw notFound('Onboarding session not found');
      return presentOnboarding(session);
    },
  );

  app.post(
    '/api/v1/boards/:board_id/onboarding/start',
    {
      schema: {
        operationId: 'start_board_onboarding',
        tags,
        description: "Sends the onboarding prompt to the gateway agent's main session, or resumes the active conversation.",
        params: BoardParams,
        response: { 200: BoardOnboardingRead, ...errors(...AUTHED, 403, 404, 502) },
      },
    },
    async (request) => presentOnboarding(await startOnboarding(services, await boardFor(request, request.params.board_id, 'write'))),
  );

  app.post(
    '/api/v1/boards/:board_id/onboarding/answer',
    { schema: { operationId: 'answer_board_onboarding', tags, params: BoardParams, body: OnboardingAnswer, response: { 200: BoardOnboardingRead, ...errors(...AUTHED, 403, 404, 502) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'write');
      return presentOnboarding(await answerOnboarding(services, board, answerText(request.body.answer, request.body.other_text)));
    },
  );

  app.post(
    '/api/v1/boards/:board_id/onboarding/agent',
    { schema: { operationId: 'agent_update_board_onboarding_alias', tags, description: 'The same as POST /api/v1/agent/boards/{board_id}/onboarding (gateway agent only).', security: [{ agentToken: [] }], ...agentSchema } },
    agentUpdate,
  );

  app.post(
    '/api/v1/boards/:board_id/onboarding/confirm',
    { schema: { operationId: 'confirm_board_onboarding', tags, params: BoardParams, body: OnboardingConfirm, response: { 200: BoardRead, ...errors(...AUTHED, 403, 404, 502) } } },
    async (request) => {
      const board = await boardFor(request, request.params.board_id, 'write');
      const { user } = await orgMember(request);
      return presentBoard(await confirmOnboarding(services, board, user, request.body));
    },
  );

  app.post(
    '/api/v1/agent/boards/:board_id/onboarding',
    {
      schema: {
        ...agentOperation({
          operationId: 'agent_board_onboarding_update',
          intent: 'agent_board_onboarding_update',
          roles: ['main'],
          tags,
          description:
            'Posts the next onboarding question for the user ({question, options}) or the result ({status:"complete", board_type, objective, success_metrics, target_date, user_profile, lead_agent}).',
          whenToUse: 'While interviewing a user to set up a board, after Mission Control sent you a BOARD ONBOARDING request.',
          whenNotToUse: 'To talk to the user about anything else; once the onboarding is confirmed (409).',
          sideEffects: 'Appends your message to the onboarding conversation; a completion stores the draft for the user to confirm.',
        }),
        ...agentSchema,
      },
    },
    agentUpdate,
  );
};
