// Task custom field definitions (spec 2.5, 3.4): type and visibility names, regex and default
// validation, and the value check the tasks area applies. Pure functions.
import { CUSTOM_FIELD_TYPES, CUSTOM_FIELD_VISIBILITIES, type CustomFieldType, type CustomFieldVisibility } from '../../db/schema';
import { compilePattern, fullMatch } from './regex';

const TYPE_ALIASES: Record<string, CustomFieldType> = {
  'text (long)': 'text_long',
  long_text: 'text_long',
  'true/false': 'boolean',
  'date & time': 'date_time',
  datetime: 'date_time',
};

/** A field type by name or alias, case-insensitively; null when unknown. */
export function parseFieldType(value: string): CustomFieldType | null {
  const key = value.trim().toLowerCase();
  if ((CUSTOM_FIELD_TYPES as readonly string[]).includes(key)) return key as CustomFieldType;
  return TYPE_ALIASES[key] ?? null;
}

export function parseVisibility(value: string): CustomFieldVisibility | null {
  const key = value.trim().toLowerCase();
  if (key === 'if set') return 'if_set';
  return (CUSTOM_FIELD_VISIBILITIES as readonly string[]).includes(key) ? (key as CustomFieldVisibility) : null;
}

/** Types whose values are strings and may carry a validation regex. */
export const REGEX_TYPES: readonly CustomFieldType[] = ['text', 'text_long', 'date', 'date_time', 'url'];

export interface FieldRule {
  fieldType: CustomFieldType;
  validationRegex: string | null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function realDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function typeReason(type: CustomFieldType, value: unknown): string | null {
  switch (type) {
    case 'text':
    case 'text_long':
      return typeof value === 'string' ? null : 'must be a string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? null : 'must be an integer';
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be a boolean';
    case 'date': {
      const m = typeof value === 'string' ? DATE.exec(value) : null;
      return m && realDate(m[1], m[2], m[3]) ? null : 'must be an ISO date (YYYY-MM-DD)';
    }
    case 'date_time': {
      const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
      const ok = m && realDate(m[1], m[2], m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[7] ?? 0) < 60;
      return ok ? null : 'must be an ISO date-time';
    }
    case 'url': {
      if (typeof value !== 'string') return 'must be an http(s) URL';
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? null : 'must be an http(s) URL';
      } catch {
        return 'must be an http(s) URL';
      }
    }
    case 'json':
      return value !== null && typeof value === 'object' ? null : 'must be a JSON object or array';
  }
}

/**
 * Why a value is not acceptable for the field, or null when it is. null values are always
 * acceptable (a missing value); `required` is checked separately.
 */
export function valueProblem(rule: FieldRule, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const reason = typeReason(rule.fieldType, value);
  if (reason) return reason;
  if (rule.validationRegex && REGEX_TYPES.includes(rule.fieldType)) {
    const compiled = compilePattern(rule.validationRegex);
    if ('error' in compiled) return compiled.error;
    const matched = fullMatch(compiled.regex, value as string);
    if (matched === 'timeout') return 'does not match validation_regex (matching took too long)';
    if (!matched) return 'does not match validation_regex';
  }
  return null;
}

/**
 * The definition-level check of a (type, regex, default) triple: the regex only for string
 * types and it must compile; the default must be a valid value. Returns the 422 message or null.
 */
export function definitionProblem(rule: FieldRule, defaultValue: unknown): string | null {
  if (rule.validationRegex !== null) {
    if (!REGEX_TYPES.includes(rule.fieldType)) return `validation_regex is only supported for ${REGEX_TYPES.join(', ')} fields`;
    const compiled = compilePattern(rule.validationRegex);
    if ('error' in compiled) return compiled.error;
  }
  const reason = valueProblem(rule, defaultValue);
  return reason ? `default_value ${reason}` : null;
}
