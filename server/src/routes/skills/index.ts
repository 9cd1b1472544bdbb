import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changeInstall, deleteSkill, listMarketplace, upsertSkill } from '../../domain/skills/marketplace';
import { AUTHED, errors } from '../../http/route-schema';
import { orgAdmin } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { MarketplaceSkillCard, MarketplaceSkillRead, presentSkill, presentSkillCard, SkillInstallResult } from '../../presenters/skills';
import { skillPackRoutes } from './packs';
import { GatewayQuery, MarketplaceQuery, MarketplaceSkillCreate, SkillParams } from './schemas';

const tags = ['skills'];

/** The skills marketplace (org admins only): skills, their install state per gateway, and packs. */
export const skillRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const { db } = services;

  app.get(
    '/api/v1/skills/marketplace',
    {
      schema: {
        operationId: 'list_marketplace_skills',
        tags,
        description:
          "The organization's skills as cards for one gateway (installed or not), newest first. With `limit`, the page is cut and X-Total-Count, X-Limit and X-Offset are set.",
        querystring: MarketplaceQuery,
        response: { 200: z.array(MarketplaceSkillCard), ...errors(...AUTHED, 403, 404) },
      },
    },
    async (request, reply) => {
      const { organizationId } = await orgAdmin(request);
      const { rows, total } = await listMarketplace(db, organizationId, request.query);
      if (total !== null) {
        reply.header('X-Total-Count', String(total)).header('X-Limit', String(request.query.limit)).header('X-Offset', String(request.query.offset));
      }
      return rows.map((row) => presentSkillCard(row.skill, row.installedAt));
    },
  );

  app.post(
    '/api/v1/skills/marketplace',
    {
      schema: {
        operationId: 'create_marketplace_skill',
        tags,
        description: 'Adds a skill by source URL, or updates the name/description given for the skill with that exact URL.',
        body: MarketplaceSkillCreate,
        response: { 200: MarketplaceSkillRead, ...errors(...AUTHED, 403) },
      },
    },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const { source_url, name, description } = request.body;
      return presentSkill(await upsertSkill(db, organizationId, { sourceUrl: source_url, name: name ?? undefined, description }));
    },
  );

  app.delete(
    '/api/v1/skills/marketplace/:skill_id',
    { schema: { operationId: 'delete_marketplace_skill', tags, params: SkillParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      await deleteSkill(db, organizationId, request.params.skill_id);
      return ok;
    },
  );

  for (const action of ['install', 'uninstall'] as const) {
    app.post(
      `/api/v1/skills/marketplace/:skill_id/${action}`,
      {
        schema: {
          operationId: `${action}_marketplace_skill`,
          tags,
          description: `Asks the gateway's main agent to ${action} the skill (a message to its main session) and records it; a gateway error is a 502 and records nothing.`,
          params: SkillParams,
          querystring: GatewayQuery,
          response: { 200: SkillInstallResult, ...errors(...AUTHED, 403, 404, 502) },
        },
      },
      async (request) => {
        const { organizationId } = await orgAdmin(request);
        return changeInstall(services, organizationId, request.params.skill_id, request.query.gateway_id, action);
      },
    );
  }

  await app.register(skillPackRoutes);
};
