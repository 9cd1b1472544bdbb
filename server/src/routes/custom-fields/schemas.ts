import { z } from 'zod';
import { CUSTOM_FIELD_TYPES, CUSTOM_FIELD_VISIBILITIES } from '../../db/schema';
import { parseFieldType, parseVisibility } from '../../domain/custom-fields/rules';
import { NonEmpty } from '../../http/inputs';

const FieldType = z
  .string()
  .max(50)
  .transform((value, ctx) => {
    const type = parseFieldType(value);
    if (!type) {
      ctx.addIssue({ code: 'custom', message: `field_type must be one of ${CUSTOM_FIELD_TYPES.join(', ')}` });
      return z.NEVER;
    }
    return type;
  });
const Visibility = z
  .string()
  .max(50)
  .transform((value, ctx) => {
    const visibility = parseVisibility(value);
    if (!visibility) {
      ctx.addIssue({ code: 'custom', message: `ui_visibility must be one of ${CUSTOM_FIELD_VISIBILITIES.join(', ')}` });
      return z.NEVER;
    }
    return visibility;
  });
/** Blank means "no regex". */
const Regex = z
  .string()
  .max(1000)
  .nullable()
  .transform((value) => (value?.trim() ? value.trim() : null));
const BoardIds = z.array(z.uuid()).max(1000);
const JsonValue = z.unknown();

export const DefinitionCreate = z
  .object({
    field_key: NonEmpty('field_key is required', 100),
    label: NonEmpty('label must not be blank', 200).optional(),
    field_type: FieldType.default('text'),
    ui_visibility: Visibility.default('always'),
    validation_regex: Regex.optional(),
    description: z.string().trim().max(10_000).nullable().optional(),
    required: z.boolean().default(false),
    default_value: JsonValue.optional(),
    board_ids: BoardIds,
  })
  .meta({ id: 'TaskCustomFieldDefinitionCreate' });

export const DefinitionUpdate = z
  .object({
    field_key: z.unknown().optional(),
    label: NonEmpty('label must not be blank', 200).optional(),
    field_type: FieldType.optional(),
    ui_visibility: Visibility.optional(),
    validation_regex: Regex.optional(),
    description: z.string().trim().max(10_000).nullable().optional(),
    required: z.boolean().optional(),
    default_value: JsonValue.optional(),
    board_ids: BoardIds.optional(),
  })
  .meta({ id: 'TaskCustomFieldDefinitionUpdate' });

export const DefinitionParams = z.object({ task_custom_field_definition_id: z.uuid() });
