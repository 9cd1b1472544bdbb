// Custom field values on tasks (spec 3.4): unknown keys, value checks, required fields, and
// what to write.
// Value checks live in one place, the custom-field module (time-bounded regex matching, real
// calendar dates and times); this module decides what a task create or update writes.
import type { CustomFieldType } from '../../db/schema';
import { valueProblem } from '../custom-fields/rules';
import { refuse } from './errors';
import type { RuleError } from './types';

export { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../../db/schema';

/** A definition bound to the task's board (and in the board's organization). */
export interface CustomFieldDefinition {
  id: string;
  field_key: string;
  field_type: CustomFieldType;
  validation_regex: string | null;
  required: boolean;
  default_value: unknown;
}

/** Why `value` does not fit the definition, or null when it does (null values always fit). */
export function customFieldValueProblem(def: CustomFieldDefinition, value: unknown): string | null {
  return valueProblem({ fieldType: def.field_type, validationRegex: def.validation_regex }, value);
}

export interface CustomFieldWrite {
  /** Rows to insert or update: (definition id, value). */
  upserts: { definition_id: string; value: unknown }[];
  /** Definition ids whose row is deleted (a null value is stored as no row). */
  deletes: string[];
}

/**
 * Validates provided values against the board's definitions and decides the writes.
 * Create: a row for each definition whose provided-or-default value is non-null.
 * Update (`stored` given): provided null → delete, provided value → upsert, others untouched.
 */
export function decideCustomFieldValues(input: {
  definitions: readonly CustomFieldDefinition[];
  provided: Readonly<Record<string, unknown>>;
  /** Values stored for the task, by field key; omit on create. */
  stored?: Readonly<Record<string, unknown>>;
}): ({ ok: true } & CustomFieldWrite) | RuleError {
  const byKey = new Map(input.definitions.map((d) => [d.field_key, d]));
  const providedKeys = Object.keys(input.provided).filter((k) => input.provided[k] !== undefined);
  const unknown = providedKeys.filter((k) => !byKey.has(k)).sort();
  if (unknown.length > 0) {
    return refuse(422, { message: 'Unknown custom field keys for this board.', unknown_field_keys: unknown });
  }
  for (const key of providedKeys) {
    const def = byKey.get(key)!;
    const reason = customFieldValueProblem(def, input.provided[key]);
    if (reason) {
      return refuse(422, { message: 'Invalid custom field value.', field_key: key, field_type: def.field_type, reason });
    }
  }
  const isCreate = input.stored === undefined;
  const effective = (def: CustomFieldDefinition): unknown => {
    if (providedKeys.includes(def.field_key)) return input.provided[def.field_key];
    return isCreate ? (def.default_value ?? null) : (input.stored?.[def.field_key] ?? null);
  };
  const missing = input.definitions
    .filter((d) => d.required && effective(d) === null)
    .map((d) => d.field_key)
    .sort();
  if (missing.length > 0) {
    return refuse(422, { message: 'Required custom fields must have values.', missing_field_keys: missing });
  }
  const out: CustomFieldWrite = { upserts: [], deletes: [] };
  for (const def of input.definitions) {
    if (isCreate) {
      const v = effective(def);
      if (v !== null) out.upserts.push({ definition_id: def.id, value: v });
    } else if (providedKeys.includes(def.field_key)) {
      const v = input.provided[def.field_key];
      if (v === null) out.deletes.push(def.id);
      else out.upserts.push({ definition_id: def.id, value: v });
    }
  }
  return { ok: true, ...out };
}

/** Values shown on reads: stored values, with definition defaults filling the gaps. */
export function effectiveCustomFieldValues(
  definitions: readonly CustomFieldDefinition[],
  stored: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of definitions) out[def.field_key] = stored[def.field_key] ?? def.default_value ?? null;
  return out;
}
