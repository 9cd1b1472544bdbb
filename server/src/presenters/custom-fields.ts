import { z } from 'zod';
import type { TaskCustomFieldDefinition } from '../db/schema';
import { iso, Timestamp, Uuid } from './common';

export const TaskCustomFieldDefinitionRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    field_key: z.string(),
    label: z.string(),
    field_type: z.string(),
    ui_visibility: z.string(),
    validation_regex: z.string().nullable(),
    description: z.string().nullable(),
    required: z.boolean(),
    default_value: z.unknown(),
    board_ids: z.array(Uuid),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'TaskCustomFieldDefinitionRead' });

export function presentDefinition(def: TaskCustomFieldDefinition, boardIds: string[]): z.infer<typeof TaskCustomFieldDefinitionRead> {
  return {
    id: def.id,
    organization_id: def.organizationId,
    field_key: def.fieldKey,
    label: def.label,
    field_type: def.fieldType,
    ui_visibility: def.uiVisibility,
    validation_regex: def.validationRegex,
    description: def.description,
    required: def.required,
    default_value: def.defaultValue ?? null,
    board_ids: [...boardIds].sort(),
    created_at: iso(def.createdAt)!,
    updated_at: iso(def.updatedAt)!,
  };
}
