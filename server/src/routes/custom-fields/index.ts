import { asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { taskCustomFieldDefinitions as definitions, type TaskCustomFieldDefinition } from '../../db/schema';
import {
  bindingsOf,
  definitionInOrg,
  replaceBindings,
  requireBindableBoards,
  requireValidDefinition,
  requireValuesFit,
  valueCount,
} from '../../domain/custom-fields/definitions';
import { isUniqueViolation } from '../../http/db-errors';
import { conflict, HttpError } from '../../http/errors';
import { AUTHED, errors } from '../../http/route-schema';
import { orgAdmin, orgMember } from '../../policies';
import { OkResponse, ok } from '../../presenters/common';
import { presentDefinition, TaskCustomFieldDefinitionRead } from '../../presenters/custom-fields';
import { DefinitionCreate, DefinitionParams, DefinitionUpdate } from './schemas';

const tags = ['custom-fields'];
const BASE = '/api/v1/organizations/me/custom-fields';
const KEY_TAKEN = 'Field key already exists in this organization.';

async function saving<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // Any unique violation here is the (organization, field_key) one, whatever its name (bug 23).
    if (isUniqueViolation(error)) throw conflict(KEY_TAKEN);
    throw error;
  }
}

export const customFieldRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.services;

  app.get(
    BASE,
    { schema: { operationId: 'list_org_custom_fields', tags, response: { 200: z.array(TaskCustomFieldDefinitionRead), ...errors(401, 403) } } },
    async (request) => {
      const { organizationId } = await orgMember(request);
      const rows = await db
        .select()
        .from(definitions)
        .where(eq(definitions.organizationId, organizationId))
        .orderBy(sql`lower(${definitions.label})`, asc(definitions.createdAt), asc(definitions.id));
      const bindings = await bindingsOf(db, rows.map((row) => row.id));
      return rows.map((row) => presentDefinition(row, bindings.get(row.id) ?? []));
    },
  );

  app.post(
    BASE,
    { schema: { operationId: 'create_org_custom_field', tags, body: DefinitionCreate, response: { 200: TaskCustomFieldDefinitionRead, ...errors(...AUTHED, 403, 409) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const body = request.body;
      const rule = { fieldType: body.field_type, validationRegex: body.validation_regex ?? null };
      requireValidDefinition(rule, body.default_value ?? null);
      const boardIds = await requireBindableBoards(db, organizationId, body.board_ids);
      const def = await saving(() =>
        db.transaction(async (tx) => {
          const [row] = await tx
            .insert(definitions)
            .values({
              organizationId,
              fieldKey: body.field_key,
              label: body.label ?? body.field_key,
              fieldType: rule.fieldType,
              uiVisibility: body.ui_visibility,
              validationRegex: rule.validationRegex,
              description: body.description || null,
              required: body.required,
              defaultValue: body.default_value ?? null,
            })
            .returning();
          await replaceBindings(tx, row.id, boardIds);
          return row;
        }),
      );
      return presentDefinition(def, boardIds);
    },
  );

  app.patch(
    `${BASE}/:task_custom_field_definition_id`,
    { schema: { operationId: 'update_org_custom_field', tags, params: DefinitionParams, body: DefinitionUpdate, response: { 200: TaskCustomFieldDefinitionRead, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      const body = request.body;
      const current = await definitionInOrg(db, organizationId, request.params.task_custom_field_definition_id);
      if (body.field_key !== undefined) throw new HttpError(422, 'field_key cannot be changed after creation.');
      const present = Object.entries(body).filter(([, value]) => value !== undefined);
      if (!present.length) throw new HttpError(422, 'At least one field is required');
      const patch: Partial<TaskCustomFieldDefinition> = {};
      if (body.label !== undefined) patch.label = body.label;
      if (body.field_type !== undefined) patch.fieldType = body.field_type;
      if (body.ui_visibility !== undefined) patch.uiVisibility = body.ui_visibility;
      if (body.validation_regex !== undefined) patch.validationRegex = body.validation_regex;
      if (body.description !== undefined) patch.description = body.description || null;
      if (body.required !== undefined) patch.required = body.required;
      if (body.default_value !== undefined) patch.defaultValue = body.default_value;
      const rule = { fieldType: patch.fieldType ?? current.fieldType, validationRegex: patch.validationRegex !== undefined ? patch.validationRegex : current.validationRegex };
      requireValidDefinition(rule, patch.defaultValue !== undefined ? patch.defaultValue : current.defaultValue);
      const boardIds = body.board_ids ? await requireBindableBoards(db, organizationId, body.board_ids) : null;
      const def = await saving(() =>
        db.transaction(async (tx) => {
          if (rule.fieldType !== current.fieldType || rule.validationRegex !== current.validationRegex) await requireValuesFit(tx, current.id, rule);
          const [row] = Object.keys(patch).length ? await tx.update(definitions).set(patch).where(eq(definitions.id, current.id)).returning() : [current];
          if (boardIds) await replaceBindings(tx, current.id, boardIds);
          return row;
        }),
      );
      const bindings = await bindingsOf(db, [def.id]);
      return presentDefinition(def, bindings.get(def.id) ?? []);
    },
  );

  app.delete(
    `${BASE}/:task_custom_field_definition_id`,
    { schema: { operationId: 'delete_org_custom_field', tags, params: DefinitionParams, response: { 200: OkResponse, ...errors(...AUTHED, 403, 404, 409) } } },
    async (request) => {
      const { organizationId } = await orgAdmin(request);
      await db.transaction(async (tx) => {
        const def = await definitionInOrg(tx, organizationId, request.params.task_custom_field_definition_id);
        await tx.select({ id: definitions.id }).from(definitions).where(eq(definitions.id, def.id)).for('update');
        if ((await valueCount(tx, def.id)) > 0) throw conflict('Cannot delete a custom field definition while task values exist.');
        // Bindings go with the definition (ON DELETE CASCADE).
        await tx.delete(definitions).where(eq(definitions.id, def.id));
      });
      return ok;
    },
  );
};
