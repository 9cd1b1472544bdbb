import { z } from 'zod';
import type { User } from '../db/schema';
import { Uuid } from './common';

export const UserRead = z
  .object({
    id: Uuid,
    clerk_user_id: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    preferred_name: z.string().nullable(),
    pronouns: z.string().nullable(),
    timezone: z.string().nullable(),
    notes: z.string().nullable(),
    context: z.string().nullable(),
    is_super_admin: z.boolean(),
  })
  .meta({ id: 'UserRead' });

export function presentUser(user: User): z.infer<typeof UserRead> {
  return {
    id: user.id,
    clerk_user_id: user.clerkUserId,
    email: user.email,
    name: user.name,
    preferred_name: user.preferredName,
    pronouns: user.pronouns,
    timezone: user.timezone,
    notes: user.notes,
    context: user.context,
    // Kept for API compatibility; nothing grants super-admin rights.
    is_super_admin: false,
  };
}
