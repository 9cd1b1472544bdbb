import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { safeParse, type $ZodType } from 'zod/v4/core';

/**
 * A response serializer for very large responses (the board snapshot): the same zod check as the
 * app's serializer, but with `parse` instead of `encode`, which is 2–3x faster on 10,000-element
 * arrays. Only for response schemas without codecs (where both directions are the same check).
 */
export const parseSerializerCompiler =
  ({ schema, method, url }: { schema: unknown; method: string; url: string }) =>
  (data: unknown): string => {
    const result = safeParse(schema as $ZodType, data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
