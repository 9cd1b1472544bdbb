import { z } from 'zod';

/** `limit` (1–200, default 200) and `offset` (≥ 0, default 0); out of range is a 422. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** The paginated envelope: `{items, total, limit, offset}` where total counts the whole filter. */
export function Page<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
    .meta({ id });
}

export function page<T>(items: T[], total: number, query: PageQuery) {
  return { items, total, limit: query.limit, offset: query.offset };
}
