/** True when a database error is a UNIQUE constraint violation (SQLite or PostgreSQL). */
export const isUniqueViolation = (error: unknown) => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof message === 'string' && /UNIQUE constraint failed/i.test(message))
  );
};
