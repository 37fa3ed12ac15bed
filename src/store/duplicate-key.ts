// One test for "a unique index refused this write": MongoDB and FerretDB inserts say 11000, FerretDB's SQLite
// backend sometimes only says so in the message (database.md §6).
export const isDuplicateKey = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && ((e as { code?: unknown }).code === 11000 || /duplicate key|E11000|UNIQUE constraint/i.test(String((e as Error).message)));
