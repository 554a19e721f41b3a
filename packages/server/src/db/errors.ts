/**
 * Database errors by SQLSTATE. Drizzle wraps the driver's error (PostgreSQL's or PGlite's), so the
 * code is looked for along the cause chain.
 */
export function hasSqlState(error: unknown, sqlState: string): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === sqlState) return true;
  }
  return false;
}

/** 23505: a unique index refused the row. */
export const isUniqueViolation = (error: unknown): boolean => hasSqlState(error, '23505');

/** 55P03: a lock was not had within lock_timeout. */
export const isLockNotAvailable = (error: unknown): boolean => hasSqlState(error, '55P03');
