import { z } from 'zod';
import type { Tag } from '../db/schema';
import { iso, Timestamp, Uuid } from './common';

export const TagRead = z
  .object({
    id: Uuid,
    organization_id: Uuid,
    name: z.string(),
    slug: z.string(),
    color: z.string(),
    description: z.string().nullable(),
    task_count: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'TagRead' });

export const TagRef = z.object({ id: Uuid, name: z.string(), slug: z.string(), color: z.string() }).meta({ id: 'TagRef' });

export function presentTag(tag: Tag, taskCount: number): z.infer<typeof TagRead> {
  return {
    id: tag.id,
    organization_id: tag.organizationId,
    name: tag.name,
    slug: tag.slug,
    color: tag.color,
    description: tag.description,
    task_count: taskCount,
    created_at: iso(tag.createdAt)!,
    updated_at: iso(tag.updatedAt)!,
  };
}

export const presentTagRef = (tag: Pick<Tag, 'id' | 'name' | 'slug' | 'color'>): z.infer<typeof TagRef> => ({ id: tag.id, name: tag.name, slug: tag.slug, color: tag.color });
