// POST /board-groups/{id}/heartbeat (spec 2.12): sets the heartbeat cadence of every agent on
// the group's boards (leads only when asked) and pushes it to their gateways.
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agents, boardGroups, boards, gateways } from '../../db/schema';
import { applyCadence } from '../../domain/agents/heartbeat-config';
import { requireActor } from '../../http/agent-auth';
import { agentOperation, USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { forbidden, HttpError, invalidField } from '../../http/errors';
import { NonEmpty } from '../../http/inputs';
import { AUTHED, errors } from '../../http/route-schema';
import { groupFor, orgAdmin } from '../../policies';

const GroupParams = z.object({ group_id: z.uuid() });
// The duration format is checked after authentication (a refused caller learns nothing from a 422).
const Every = NonEmpty('every is required', 20).meta({ description: 'A duration like 30s, 10m or 1h' });
const DURATION = /^\d{1,6}(ms|s|m|h|d)$/;
const GroupHeartbeat = z.object({ every: Every, include_board_leads: z.boolean().default(false) }).meta({ id: 'BoardGroupHeartbeatApply' });
const GroupHeartbeatResult = z
  .object({ board_group_id: z.uuid(), requested: GroupHeartbeat, updated_agent_ids: z.array(z.uuid()), failed_agent_ids: z.array(z.uuid()) })
  .meta({ id: 'BoardGroupHeartbeatApplyResult' });

export const boardGroupHeartbeatRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const { db } = services;

  app.post(
    '/api/v1/board-groups/:group_id/heartbeat',
    {
      schema: {
        ...agentOperation({
          operationId: 'apply_board_group_heartbeat',
          intent: 'board_group_heartbeat_apply',
          roles: ['lead'],
          tags: ['board-groups'],
          description: "Sets the heartbeat cadence (`every`) of the agents on the group's boards, leads included only when asked, and pushes it to their gateways. Org admins with group write, or a lead of a board in the group.",
          whenToUse: 'To make the agents of a board group check in more or less often.',
          requiredActor: 'org admin with group write, or agent-lead of a board in the group',
          sideEffects: "Changes the agents' heartbeat_config and patches their gateways' configuration.",
        }),
        security: USER_OR_AGENT_SECURITY,
        params: GroupParams,
        body: GroupHeartbeat,
        response: { 200: GroupHeartbeatResult, ...errors(...AUTHED, 403, 404, 429) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      let groupId: string;
      if (actor.kind === 'user') {
        const { group } = await groupFor(request, request.params.group_id, 'write');
        await orgAdmin(request);
        groupId = group.id;
      } else {
        const [gateway] = await db.select({ organizationId: gateways.organizationId }).from(gateways).where(eq(gateways.id, actor.agent.gatewayId));
        const [group] = await db.select().from(boardGroups).where(eq(boardGroups.id, request.params.group_id));
        if (!group || !gateway || group.organizationId !== gateway.organizationId) throw new HttpError(404, 'Not Found');
        const [own] = actor.agent.boardId ? await db.select({ groupId: boards.boardGroupId }).from(boards).where(eq(boards.id, actor.agent.boardId)) : [];
        if (!actor.agent.isBoardLead || own?.groupId !== group.id) throw forbidden('Only board leads of this group can change its heartbeat');
        groupId = group.id;
      }
      if (!DURATION.test(request.body.every)) throw invalidField(['body', 'every'], 'every must be a duration like 30s, 10m or 1h');
      const groupBoards = db.select({ id: boards.id }).from(boards).where(eq(boards.boardGroupId, groupId));
      const targets = await db
        .select()
        .from(agents)
        .where(and(inArray(agents.boardId, groupBoards), request.body.include_board_leads ? undefined : eq(agents.isBoardLead, false)));
      const { updated, failed } = await applyCadence(services, targets, request.body.every);
      return { board_group_id: groupId, requested: request.body, updated_agent_ids: updated, failed_agent_ids: failed };
    },
  );
};
