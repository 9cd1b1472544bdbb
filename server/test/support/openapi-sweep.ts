// Helpers for sweeps over every operation of the app's own OpenAPI document, so routes added
// later are covered without anyone listing them.

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  tags: string[];
  params: string[];
  /** Public by design (no tenant data behind it, or its own authentication, like webhook ingest). */
  security: unknown[] | undefined;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minItems?: number;
  minLength?: number;
  pattern?: string;
  default?: unknown;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { operationId: string; tags?: string[]; security?: unknown[]; requestBody?: Operation['requestBody'] }>>;
  components?: { schemas?: Record<string, Schema> };
}

export function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        tags: op.tags ?? [],
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        security: op.security,
        requestBody: op.requestBody,
      });
    }
  }
  return out;
}

export function fillPath(op: Operation, ids: Record<string, string>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => ids[name]);
}

/**
 * A body that passes schema validation: every required property filled by its type (uuids from
 * `ids` by property name when known); optional properties only when they name a known resource.
 */
export function exampleBody(doc: OpenApiDoc, op: Operation, ids: Record<string, string>): unknown {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  return schema ? example(doc, schema, ids, '', 0) : undefined;
}

function resolve(doc: OpenApiDoc, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) s = doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? {};
  return s;
}

function example(doc: OpenApiDoc, raw: Schema, ids: Record<string, string>, name: string, depth: number): unknown {
  const schema = resolve(doc, raw);
  if (depth > 6) return null;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return example(doc, variants.find((v) => resolve(doc, v).type !== 'null') ?? variants[0], ids, name, depth + 1);
  if (schema.allOf?.length) return example(doc, schema.allOf[0], ids, name, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = example(doc, schema.properties?.[key] ?? {}, ids, key, depth + 1);
      // Optional references to known resources are filled too, to probe foreign ids in bodies.
      for (const key of Object.keys(schema.properties ?? {})) {
        const single = key.endsWith('_ids') ? ids[key.slice(0, -1)] : undefined;
        if (single) out[key] = [single];
        else if (!(key in out) && ids[key]) out[key] = ids[key];
      }
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => example(doc, schema.items ?? {}, ids, name, depth + 1));
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uuid') return ids[name] ?? ids.board_id;
      if (schema.format === 'email' || /email/.test(name)) return 'sweep@example.test';
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      return 'sweep';
    default:
      return 'sweep';
  }
}
