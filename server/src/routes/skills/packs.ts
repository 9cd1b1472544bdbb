import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deletePack, listPacks, packWithCount, replacePack, syncPack, upsertPack } from '../../domain/skills/packs';
import { AUTHED, errors } from '../../http/route-schema';
import { orgAdmin } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { presentPack, SkillPackRead, SkillPackSyncResult } from '../../presenters/skills';
import { PackParams, SkillPackBody } from './schemas';

const tags = ['skills'];

export const skillPackRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const { db } = services;

  app.get(
    '/api/v1/skills/packs',
    { schema: { operationId: 'list_skill_packs', tags, response: { 200: z.array(SkillPackRead), ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      return (await listPacks(db, organizationId)).map((row) => presentPack(row.pack, row.skillCount));
    },
  );

  app.get(
    '/api/v1/skills/packs/:pack_id',
    { schema: { operationId: 'get_skill_pack', tags, params: PackParams, response: { 200: SkillPackRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const row = await packWithCount(db, organizationId, request.params.pack_id);
      return presentPack(row.pack, row.skillCount);
    },
  );

  app.post(
    '/api/v1/skills/packs',
    {
      schema: {
        operationId: 'create_skill_pack',
        tags,
        description: 'Adds a pack (https://github.com/<owner>/<repo>; anything else is a 400 with the reason), or updates the pack with the same normalized URL.',
        body: SkillPackBody,
        response: { 200: SkillPackRead, ...errors(...AUTHED, 400, 403) },
      },
    },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const pack = await upsertPack(db, organizationId, request.body);
      return presentPack(pack, (await packWithCount(db, organizationId, pack.id)).skillCount);
    },
  );

  app.patch(
    '/api/v1/skills/packs/:pack_id',
    {
      schema: {
        operationId: 'update_skill_pack',
        tags,
        description: 'Replaces the pack (omitted name: from the URL; omitted description: cleared). Another pack with the same URL is a 409.',
        params: PackParams,
        body: SkillPackBody,
        response: { 200: SkillPackRead, ...errors(...AUTHED, 400, 403, 404, 409) },
      },
    },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const pack = await replacePack(db, organizationId, request.params.pack_id, request.body);
      return presentPack(pack, (await packWithCount(db, organizationId, pack.id)).skillCount);
    },
  );

  app.delete(
    '/api/v1/skills/packs/:pack_id',
    { schema: { operationId: 'delete_skill_pack', tags, params: PackParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      await deletePack(db, organizationId, request.params.pack_id);
      return ok;
    },
  );

  app.post(
    '/api/v1/skills/packs/:pack_id/sync',
    {
      schema: {
        operationId: 'sync_skill_pack',
        tags,
        description: "Shallow-clones the pack's branch (default branch if it is missing), discovers its skills (skills_index.json or SKILL.md files) and upserts them by source URL. Clone failures are a 502 with the reason.",
        params: PackParams,
        response: { 200: SkillPackSyncResult, ...errors(...AUTHED, 400, 403, 404, 502) },
      },
    },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      return syncPack(services, organizationId, request.params.pack_id);
    },
  );
};
