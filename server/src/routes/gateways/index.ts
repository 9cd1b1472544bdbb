import { and, count, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { boards, gateways, type Gateway } from '../../db/schema';
import { ensureMainAgent } from '../../domain/agents/main-agent';
import { checkCompatibility } from '../../domain/gateways/compatibility';
import { identityOf, newStoredIdentity } from '../../domain/gateways/connections';
import { HttpError } from '../../http/errors';
import { Page, PageQuery, page } from '../../http/pagination';
import { AUTHED, errors } from '../../http/route-schema';
import { orgAdmin } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { GatewayConnectionRead, GatewayRead, presentConnection, presentGateway } from '../../presenters/gateways';
import type { Services } from '../../services';
import { registerGateway } from '../../domain/gateways/register';
import { syncTemplates } from '../../domain/gateways/template-sync';
import { GatewayCreate, GatewayParams, GatewayUpdate, TemplateSyncQuery, TemplateSyncResult } from './schemas';

const tags = ['gateways'];

async function gatewayIn(services: Services, organizationId: string, gatewayId: string): Promise<Gateway> {
  const [gateway] = await services.db
    .select()
    .from(gateways)
    .where(and(eq(gateways.id, gatewayId), eq(gateways.organizationId, organizationId)));
  if (!gateway) throw new HttpError(404, 'Gateway not found');
  return gateway;
}


export const gatewayRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.get(
    '/api/v1/gateways',
    { schema: { operationId: 'list_gateways', tags, querystring: PageQuery, response: { 200: Page(GatewayRead, 'LimitOffsetPage_GatewayRead'), ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const where = eq(gateways.organizationId, organizationId);
      const [rows, [{ total }]] = await Promise.all([
        services.db.select().from(gateways).where(where).orderBy(desc(gateways.createdAt), desc(gateways.id)).limit(request.query.limit).offset(request.query.offset),
        services.db.select({ total: count() }).from(gateways).where(where),
      ]);
      return page(rows.map(presentGateway), total, request.query);
    },
  );

  app.post(
    '/api/v1/gateways',
    { schema: { operationId: 'create_gateway', tags, body: GatewayCreate, response: { 200: GatewayRead, ...errors(...AUTHED, 403, 502) } } },
    async (request) => {
      const { organizationId, user } = await orgAdmin(request);
      // The main agent is provisioned by a durable job; its progress and errors show on the agent.
      const gateway = await registerGateway(services, organizationId, request.body, user.id);
      return presentGateway(gateway);
    },
  );

  app.get(
    '/api/v1/gateways/:gateway_id',
    { schema: { operationId: 'get_gateway', tags, params: GatewayParams, response: { 200: GatewayRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => presentGateway(await gatewayIn(services, (await orgAdmin(request)).organizationId, request.params.gateway_id)),
  );

  app.get(
    '/api/v1/gateways/:gateway_id/connection',
    { schema: { operationId: 'get_gateway_connection', tags, params: GatewayParams, response: { 200: GatewayConnectionRead, ...errors(...AUTHED, 403, 404) } } },
    async (request) => {
      const gateway = await gatewayIn(services, (await orgAdmin(request)).organizationId, request.params.gateway_id);
      return presentConnection(gateway.id, services.gateways.status(gateway.id));
    },
  );

  app.patch(
    '/api/v1/gateways/:gateway_id',
    { schema: { operationId: 'update_gateway', tags, params: GatewayParams, body: GatewayUpdate, response: { 200: GatewayRead, ...errors(...AUTHED, 403, 404, 502) } } },
    async (request) => {
      const { organizationId, user } = await orgAdmin(request);
      const gateway = await gatewayIn(services, organizationId, request.params.gateway_id);
      const body = request.body;
      const connectionChanged = ['url', 'token', 'allow_insecure_tls', 'disable_device_pairing'].some((k) => k in body && body[k as keyof typeof body] !== undefined);
      // An absent token keeps the stored one; an explicit null or blank clears it.
      const token = body.token === undefined ? services.secrets.openOptional(gateway.token) : body.token;
      const disable = body.disable_device_pairing ?? gateway.disableDevicePairing;
      const stored = disable ? gateway.deviceIdentity : (gateway.deviceIdentity ?? newStoredIdentity(services.secrets));
      if (connectionChanged) {
        await checkCompatibility(
          {
            url: body.url ?? gateway.url,
            token,
            disableDevicePairing: disable,
            allowInsecureTls: body.allow_insecure_tls ?? gateway.allowInsecureTls,
            identity: stored ? identityOf({ deviceIdentity: stored }, services.secrets) : null,
            deviceToken: services.secrets.openOptional(gateway.deviceToken),
          },
          services.config.gatewayMinVersion,
        );
      }
      const [updated] = await services.db
        .update(gateways)
        .set({
          name: body.name ?? gateway.name,
          url: body.url ?? gateway.url,
          workspaceRoot: body.workspace_root?.replace(/\/+$/, '') ?? gateway.workspaceRoot,
          token: body.token === undefined ? gateway.token : services.secrets.sealOptional(body.token),
          allowInsecureTls: body.allow_insecure_tls ?? gateway.allowInsecureTls,
          disableDevicePairing: disable,
          deviceIdentity: stored,
        })
        .where(eq(gateways.id, gateway.id))
        .returning();
      await ensureMainAgent(services, updated, { userId: user.id, action: 'update' });
      return presentGateway(updated);
    },
  );

  app.post(
    '/api/v1/gateways/:gateway_id/templates/sync',
    {
      schema: {
        operationId: 'sync_gateway_templates',
        tags,
        description:
          "Rewrites the workspace files of the gateway's agents from the current templates (no wake-up). Per-agent problems are listed in `errors`; the agents' own notes (USER.md, MEMORY.md) are kept unless `overwrite=true`.",
        params: GatewayParams,
        querystring: TemplateSyncQuery,
        response: { 200: TemplateSyncResult, ...errors(...AUTHED, 403, 404) },
      },
    },
    async (request) => {
      const { organizationId, user } = await orgAdmin(request);
      const gateway = await gatewayIn(services, organizationId, request.params.gateway_id);
      const q = request.query;
      return syncTemplates(services, gateway, {
        includeMain: q.include_main,
        leadOnly: q.lead_only,
        resetSessions: q.reset_sessions,
        rotateTokens: q.rotate_tokens,
        forceBootstrap: q.force_bootstrap,
        overwrite: q.overwrite,
        boardId: q.board_id ?? null,
        agentId: q.agent_id ?? null,
        userId: user.id,
      });
    },
  );

  app.delete(
    '/api/v1/gateways/:gateway_id',
    { schema: { operationId: 'delete_gateway', tags, params: GatewayParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      const gateway = await gatewayIn(services, (await orgAdmin(request)).organizationId, request.params.gateway_id);
      const [{ used }] = await services.db.select({ used: count() }).from(boards).where(eq(boards.gatewayId, gateway.id));
      if (used) throw new HttpError(409, `Gateway is used by ${used} board(s); move or delete them first.`);
      // Its main agent goes with it (ON DELETE CASCADE); no board agent can be left on it.
      await services.db.delete(gateways).where(eq(gateways.id, gateway.id));
      await services.gateways.remove(gateway.id);
      return ok;
    },
  );
};
