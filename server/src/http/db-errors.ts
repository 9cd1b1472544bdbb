/** PostgreSQL's unique_violation, looked for through Drizzle's wrapping (error.cause). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === '23505') return !constraint || e.constraint === constraint || String((e as { message?: string }).message ?? '').includes(constraint);
  }
  return false;
}
