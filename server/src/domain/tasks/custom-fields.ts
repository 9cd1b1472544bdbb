// Custom field values on tasks (spec 3.4): type checks, required fields, and what to write.
import { refuse } from './errors';
import type { RuleError } from './types';

export const CUSTOM_FIELD_TYPES = [
  'text',
  'text_long',
  'integer',
  'decimal',
  'boolean',
  'date',
  'date_time',
  'url',
  'json',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A definition bound to the task's board (and in the board's organization). */
export interface CustomFieldDefinition {
  id: string;
  field_key: string;
  field_type: CustomFieldType;
  validation_regex: string | null;
  required: boolean;
  default_value: unknown;
}

const STRING_TYPES: ReadonlySet<CustomFieldType> = new Set(['text', 'text_long', 'date', 'date_time', 'url']);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d)
  );
}

/** Why `value` does not fit the definition, or null when it does (null values always fit). */
export function customFieldValueProblem(def: CustomFieldDefinition, value: unknown): string | null {
  if (value === null) return null;
  switch (def.field_type) {
    case 'text':
    case 'text_long':
      if (typeof value !== 'string') return 'must be a string';
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
      break;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return 'must be a boolean';
      break;
    case 'date': {
      const m = typeof value === 'string' ? DATE.exec(value) : null;
      if (!m || !validDate(m[1], m[2], m[3])) return 'must be an ISO date (YYYY-MM-DD)';
      break;
    }
    case 'date_time': {
      const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
      if (!m || !validDate(m[1], m[2], m[3]) || Number.isNaN(Date.parse(value as string))) {
        return 'must be an ISO datetime';
      }
      break;
    }
    case 'url': {
      let url: URL | null = null;
      try {
        url = typeof value === 'string' ? new URL(value) : null;
      } catch {
        url = null;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
        return 'must be an http or https URL';
      }
      break;
    }
    case 'json':
      if (typeof value !== 'object') return 'must be a JSON object or array';
      break;
  }
  if (def.validation_regex && STRING_TYPES.has(def.field_type)) {
    if (typeof value !== 'string') return 'must be a string';
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${def.validation_regex})$`, 'u');
    } catch {
      return 'has an invalid validation_regex';
    }
    if (!re.test(value)) return 'does not match validation_regex';
  }
  return null;
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
