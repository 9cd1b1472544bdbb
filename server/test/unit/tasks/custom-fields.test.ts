// Custom field values on tasks (spec 3.4).
import { describe, expect, it } from 'vitest';
import {
  customFieldValueProblem,
  decideCustomFieldValues,
  effectiveCustomFieldValues,
  type CustomFieldDefinition,
  type CustomFieldType,
} from '../../../src/domain/tasks';
import { ok, refused } from './fixtures';

const def = (field_key: string, field_type: CustomFieldType, over: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
  id: `def-${field_key}`, field_key, field_type, validation_regex: null, required: false, default_value: null, ...over,
});

describe('value type checks', () => {
  it.each([
    ['text', 'hello', null], ['text', 5, 'must be a string'],
    ['text_long', 'long text', null],
    ['integer', 3, null], ['integer', 3.5, 'must be an integer'], ['integer', true, 'must be an integer'], ['integer', '3', 'must be an integer'],
    ['decimal', 3.5, null], ['decimal', 2, null], ['decimal', false, 'must be a number'],
    ['boolean', false, null], ['boolean', 0, 'must be a boolean'],
    ['date', '2026-03-10', null], ['date', '2026-02-30', 'must be an ISO date (YYYY-MM-DD)'], ['date', '2026-03-10T00:00:00Z', 'must be an ISO date (YYYY-MM-DD)'],
    ['date_time', '2026-03-10T08:30:00Z', null], ['date_time', '2026-03-10T08:30:00+05:30', null], ['date_time', '2026-03-10T08:30:00', null],
    ['date_time', 'tomorrow', 'must be an ISO date-time'],
    ['url', 'https://example.com/x', null], ['url', 'ftp://example.com', 'must be an http(s) URL'], ['url', 'javascript:alert(1)', 'must be an http(s) URL'],
    ['json', { a: 1 }, null], ['json', [1, 2], null], ['json', 'str', 'must be a JSON object or array'], ['json', 4, 'must be a JSON object or array'],
    ['integer', null, null],
  ] as [CustomFieldType, unknown, string | null][])('%s %j → %s', (type, value, problem) => {
    expect(customFieldValueProblem(def('k', type), value)).toBe(problem);
  });

  it('validation_regex must match the whole string', () => {
    const d = def('code', 'text', { validation_regex: '[A-Z]{3}' });
    expect(customFieldValueProblem(d, 'ABC')).toBeNull();
    expect(customFieldValueProblem(d, 'xABCx')).toBe('does not match validation_regex');
    expect(customFieldValueProblem(d, null)).toBeNull();
  });
});

describe('decideCustomFieldValues', () => {
  const defs = [
    def('points', 'integer', { required: true, default_value: 1 }),
    def('note', 'text'),
    def('url', 'url', { default_value: 'https://example.com' }),
  ];

  it('422 unknown keys (sorted)', () => {
    refused(decideCustomFieldValues({ definitions: defs, provided: { zeta: 1, alpha: 2 } }), 422, {
      message: 'Unknown custom field keys for this board.', unknown_field_keys: ['alpha', 'zeta'],
    });
  });
  it('422 invalid value with key, type and reason', () => {
    refused(decideCustomFieldValues({ definitions: defs, provided: { points: 'x' } }), 422, {
      message: 'Invalid custom field value.', field_key: 'points', field_type: 'integer', reason: 'must be an integer',
    });
  });
  it('create: provided values and defaults become rows', () => {
    const r = ok(decideCustomFieldValues({ definitions: defs, provided: { note: 'n' } }));
    expect(r.upserts).toEqual([
      { definition_id: 'def-points', value: 1 },
      { definition_id: 'def-note', value: 'n' },
      { definition_id: 'def-url', value: 'https://example.com' },
    ]);
    expect(r.deletes).toEqual([]);
  });
  it('create: a required field cannot be nulled out', () => {
    refused(decideCustomFieldValues({ definitions: defs, provided: { points: null } }), 422, {
      message: 'Required custom fields must have values.', missing_field_keys: ['points'],
    });
  });
  it('update: only provided keys are written; null deletes the row', () => {
    const r = ok(decideCustomFieldValues({ definitions: defs, provided: { note: null, url: 'http://a.b' }, stored: { points: 3, note: 'old' } }));
    expect(r).toEqual({ ok: true, upserts: [{ definition_id: 'def-url', value: 'http://a.b' }], deletes: ['def-note'] });
  });
  it('update: required uses the stored value when not provided', () => {
    ok(decideCustomFieldValues({ definitions: defs, provided: {}, stored: { points: 3 } }));
    refused(decideCustomFieldValues({ definitions: defs, provided: {}, stored: {} }), 422);
  });
  it('reads fill gaps with defaults', () => {
    expect(effectiveCustomFieldValues(defs, { note: 'x' })).toEqual({ points: 1, note: 'x', url: 'https://example.com' });
  });
});
