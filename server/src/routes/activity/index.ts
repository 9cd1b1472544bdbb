import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boards } from '../../db/schema';
import { activityFeed, taskCommentFeed } from '../../domain/activity/feed';
import { requireActor } from '../../http/agent-auth';
import { USER_OR_AGENT_SECURITY } from '../../http/agent-openapi';
import { forbidden } from '../../http/errors';
import { Page, PageQuery, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { boardsVisibleTo, orgMember } from '../../policies';
import { ActivityEventRead, ActivityTaskCommentFeedItemRead, presentActivityEvent, presentCommentFeedItem } from '../../presenters/activity';

const tags = ['activity'];
const CommentFeedQuery = PageQuery.extend({ board_id: z.uuid().optional() });

/** The audit feed (users: readable boards; agents: their own events) and the task-comment feed. */
export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    '/api/v1/activity',
    {
      schema: {
        operationId: 'list_activity',
        tags,
        description: 'Activity newest first, with a route hint per event. Users see the boards they can read; agents see their own events.',
        security: USER_OR_AGENT_SECURITY,
        querystring: PageQuery,
        response: { 200: Page(ActivityEventRead, 'LimitOffsetPage_ActivityEventRead'), ...errors(...AUTHED, 403) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const scope =
        actor.kind === 'agent'
          ? { kind: 'agent' as const, agentId: actor.agent.id }
          : { kind: 'boards' as const, visible: boardsVisibleTo((await orgMember(request)).member, 'read') };
      const { rows, total } = await activityFeed(db, scope, request.query);
      return page(rows.map(presentActivityEvent), total, request.query);
    },
  );

  app.get(
    '/api/v1/activity/task-comments',
    {
      schema: {
        operationId: 'list_task_comment_feed',
        tags,
        querystring: CommentFeedQuery,
        response: { 200: Page(ActivityTaskCommentFeedItemRead, 'LimitOffsetPage_ActivityTaskCommentFeedItemRead'), ...errors(...AUTHED, 403) },
      },
    },
    async (request) => {
      const { member } = await orgMember(request);
      const visible = boardsVisibleTo(member, 'read');
      const { board_id: boardId } = request.query;
      if (boardId) {
        const [readable] = await db.select({ id: boards.id }).from(boards).where(and(eq(boards.id, boardId), visible));
        if (!readable) throw forbidden('Board access denied');
      }
      const { rows, total } = await taskCommentFeed(db, and(visible, boardId ? eq(boards.id, boardId) : undefined)!, request.query);
      return page(rows.map(presentCommentFeedItem), total, request.query);
    },
  );
};
