import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { boards, gateways, type Gateway } from '../../db/schema';
import { describeGatewayError, isGatewayError } from '../../gateway/errors';
import { gatewayMainAgentKey, mainSessionKey } from '../../gateway/session-keys';
import { HttpError } from '../../http/errors';
import { NonEmpty } from '../../http/inputs';
import { AUTHED, errors } from '../../http/route-schema';
import { orgAdmin } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';

const tags = ['gateways'];
const Target = z.object({ gateway_id: z.uuid().optional(), board_id: z.uuid().optional() });
const SessionParams = z.object({ session_id: z.string().min(1).max(500) });
const Json = z.record(z.string(), z.unknown());

/** The gateway a runtime route names: `gateway_id`, or the gateway of `board_id`, in the admin's organization. */
async function targetGateway(request: FastifyRequest, query: z.infer<typeof Target>): Promise<Gateway> {
  const { organizationId } = await orgAdmin(request);
  const { db } = request.server.services;
  let gatewayId = query.gateway_id;
  if (!gatewayId && query.board_id) {
    const [board] = await db.select({ organizationId: boards.organizationId, gatewayId: boards.gatewayId }).from(boards).where(eq(boards.id, query.board_id));
    if (!board) throw new HttpError(404, 'Board not found');
    // As the reference: a board of another organization is refused outright (BR-15).
    if (board.organizationId !== organizationId) throw new HttpError(403, 'The board belongs to another organization');
    if (!board.gatewayId) throw new HttpError(422, 'Board gateway_id is required');
    gatewayId = board.gatewayId;
  }
  if (!gatewayId) throw new HttpError(422, 'board_id or gateway_id is required');
  const [gateway] = await db.select().from(gateways).where(and(eq(gateways.id, gatewayId), eq(gateways.organizationId, organizationId)));
  if (!gateway) throw new HttpError(404, 'Gateway not found');
  return gateway;
}

/** Runs a gateway call; a gateway failure is a 502 naming it (never a 500). */
async function onGateway<T>(request: FastifyRequest, gateway: Gateway, call: (rpc: Awaited<ReturnType<FastifyRequest['server']['services']['gateways']['handle']>>) => Promise<T>): Promise<T> {
  try {
    return await call(await request.server.services.gateways.handle(gateway));
  } catch (error) {
    if (isGatewayError(error)) throw new HttpError(502, describeGatewayError(error));
    throw error;
  }
}

export const gatewayRuntimeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;

  app.get(
    '/api/v1/gateways/status',
    {
      schema: {
        operationId: 'gateway_status',
        tags,
        description: 'Live state of a gateway: connection, version, protocol, granted scopes and its sessions. Never fails on gateway errors.',
        querystring: Target,
        response: { 200: Json, ...errors(...AUTHED, 403, 404) },
      },
    },
    async (request) => {
      const gateway = await targetGateway(request, request.query);
      const base = { gateway_id: gateway.id, gateway_url: gateway.url };
      try {
        const { rpc, protocol, serverVersion } = await services.gateways.handle(gateway);
        const status = services.gateways.status(gateway.id);
        const { sessions } = await rpc.sessionsList();
        return { ...base, connected: true, server_version: serverVersion, protocol, scopes: status?.scopes ?? [], missing_scopes: status?.missing_scopes ?? [], sessions_count: sessions.length, sessions, error: null };
      } catch (error) {
        const status = services.gateways.status(gateway.id);
        return { ...base, connected: false, server_version: status?.server_version ?? null, protocol: status?.protocol ?? null, error: isGatewayError(error) ? describeGatewayError(error) : String((error as Error).message), pairing: status?.pairing ?? null };
      }
    },
  );

  app.get(
    '/api/v1/gateways/sessions',
    { schema: { operationId: 'list_gateway_sessions', tags, querystring: Target, response: { 200: Json, ...errors(...AUTHED, 403, 404, 502) } } },
    async (request) => {
      const gateway = await targetGateway(request, request.query);
      const { sessions } = await onGateway(request, gateway, ({ rpc }) => rpc.sessionsList());
      const mainKey = mainSessionKey(gatewayMainAgentKey(gateway.id));
      return { sessions, main_session: sessions.find((s) => s.key === mainKey) ?? null };
    },
  );

  app.get(
    '/api/v1/gateways/sessions/:session_id',
    { schema: { operationId: 'get_gateway_session', tags, params: SessionParams, querystring: Target, response: { 200: Json, ...errors(...AUTHED, 403, 404, 502) } } },
    async (request) => {
      const gateway = await targetGateway(request, request.query);
      const session = await onGateway(request, gateway, ({ rpc }) => rpc.sessionGet(request.params.session_id));
      if (!session) throw new HttpError(404, 'Session not found');
      return { session };
    },
  );

  app.get(
    '/api/v1/gateways/sessions/:session_id/history',
    { schema: { operationId: 'get_gateway_session_history', tags, params: SessionParams, querystring: Target, response: { 200: Json, ...errors(...AUTHED, 403, 404, 502) } } },
    async (request) => {
      const gateway = await targetGateway(request, request.query);
      const history = await onGateway(request, gateway, ({ rpc }) => rpc.chatHistory(request.params.session_id, 200));
      return { history: history.messages ?? [] };
    },
  );

  app.post(
    '/api/v1/gateways/sessions/:session_id/message',
    {
      schema: {
        operationId: 'send_gateway_session_message',
        tags,
        params: SessionParams,
        querystring: Target,
        body: z.object({ content: NonEmpty('content is required', 100_000) }).meta({ id: 'GatewaySessionMessage' }),
        response: { 200: OkResponse, ...errors(...AUTHED, 403, 404, 502) },
      },
    },
    async (request) => {
      const gateway = await targetGateway(request, request.query);
      await onGateway(request, gateway, ({ rpc }) =>
        rpc.chatSend({ sessionKey: request.params.session_id, message: request.body.content, idempotencyKey: randomUUID(), deliver: false }),
      );
      return ok;
    },
  );

  app.get(
    '/api/v1/gateways/commands',
    {
      schema: {
        operationId: 'gateway_commands',
        tags,
        description: 'The methods and events the connected gateway advertises in its handshake.',
        querystring: Target,
        response: { 200: z.object({ protocol_version: z.number(), methods: z.array(z.string()), events: z.array(z.string()) }), ...errors(...AUTHED, 403, 404, 502) },
      },
    },
    async (request) => {
      const gateway = await targetGateway(request, request.query);
      await onGateway(request, gateway, async () => undefined);
      const hello = services.gateways.manager.connection(gateway.id)?.status().hello;
      return { protocol_version: hello?.protocol ?? 0, methods: hello?.methods ?? [], events: hello?.events ?? [] };
    },
  );

};
