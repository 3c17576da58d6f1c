import type { Db, Tx } from '@abfa/schema';
import type { SQL } from 'drizzle-orm';

/** Rows of a raw query, whichever driver runs it (postgres.js returns an array, PGlite an object with rows). */
export async function rows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The SQLSTATE of a failed query (drizzle wraps driver errors; the code is on the cause). */
export async function sqlState(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    let e: unknown = error;
    while (e && typeof e === 'object') {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
      e = (e as { cause?: unknown }).cause;
    }
    throw new Error(`expected a database error with a SQLSTATE, got: ${String(error)}`);
  }
  throw new Error('expected the statement to fail, but it succeeded');
}

/** Runs `work` in a transaction that is always rolled back, returning what it returned: for tests that change DDL. */
export async function rolledBack<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const sentinel = new Error('rolled back on purpose');
  let value: T | undefined;
  let done = false;
  await db
    .transaction(async (tx) => {
      value = await work(tx);
      done = true;
      throw sentinel;
    })
    .catch((error: unknown) => {
      if (error !== sentinel) throw error;
    });
  if (!done) throw new Error('work did not complete');
  return value as T;
}
