import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { installInviteMembershipSource } from '../../domain/organizations/invites';
import { createOrganization, deleteOrganization, getOrganization, listUserOrganizations, setActiveOrganization } from '../../domain/organizations/organizations';
import { requireUser } from '../../http/auth';
import { AUTHED, errors } from '../../http/route-schema';
import { orgMember, orgOwner } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { OrganizationListItem, OrganizationRead, presentOrganization } from '../../presenters/organizations';
import { inviteRoutes } from './invites';
import { memberRoutes } from './members';

const tags = ['organizations'];
const Name = z.string().trim().min(1, 'name is required').max(200);
const OrganizationCreate = z.object({ name: Name }).meta({ id: 'OrganizationCreate' });
const OrganizationActiveUpdate = z.object({ organization_id: z.uuid() }).meta({ id: 'OrganizationActiveUpdate' });

export const organizationRoutes: FastifyPluginAsyncZod = async (app) => {
  installInviteMembershipSource();
  const { db } = app.services;

  app.post(
    '/api/v1/organizations',
    { schema: { operationId: 'create_organization', tags, body: OrganizationCreate, response: { 200: OrganizationRead, ...errors(...AUTHED, 409) } } },
    async (request) => {
      const { user } = await requireUser(request);
      return presentOrganization(await createOrganization(db, user, request.body.name));
    },
  );

  app.get(
    '/api/v1/organizations/me/list',
    { schema: { operationId: 'list_my_organizations', tags, response: { 200: z.array(OrganizationListItem), ...errors(401) } } },
    async (request) => {
      const { user, organizationId } = await requireUser(request);
      return listUserOrganizations(db, user, organizationId);
    },
  );

  app.patch(
    '/api/v1/organizations/me/active',
    { schema: { operationId: 'set_active_org', tags, body: OrganizationActiveUpdate, response: { 200: OrganizationRead, ...errors(...AUTHED, 403) } } },
    async (request) => {
      const { user } = await requireUser(request);
      return presentOrganization(await setActiveOrganization(db, user, request.body.organization_id));
    },
  );

  app.get(
    '/api/v1/organizations/me',
    { schema: { operationId: 'get_my_org', tags, response: { 200: OrganizationRead, ...errors(401, 403, 404) } } },
    async (request) => {
      const { organizationId } = await orgMember(request);
      return presentOrganization(await getOrganization(db, organizationId));
    },
  );

  app.delete(
    '/api/v1/organizations/me',
    { schema: { operationId: 'delete_my_org', tags, response: { 200: OkResponse, ...errors(401, 403) } } },
    async (request) => {
      const { organizationId } = await orgOwner(request, 'Only organization owners can delete organizations');
      await deleteOrganization(db, organizationId);
      return ok;
    },
  );

  await app.register(memberRoutes);
  await app.register(inviteRoutes);
};
