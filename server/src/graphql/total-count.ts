import type { Tx } from '@abfa/schema';
import { relationsFilterToSQL, SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

type Filter = Parameters<typeof relationsFilterToSQL>[1];

/**
 * How many rows a connection's filter selects, counted in SQL: the same relational filter the page is read with,
 * in the same tenant transaction, so row-level security (the tenant, and a unit's reach) applies alike.
 */
export async function countRows(db: Tx, table: PgTable, filter: Filter): Promise<number> {
  const built = relationsFilterToSQL(table, filter);
  return Number(await db.$count(table, built.sql ? new SQL(built.sql) : undefined));
}

/**
 * One value per field resolution, made on first use: a connection's page and its `totalCount` are resolved with
 * the same `args` object, so they share one filter (and one "now" for what is overdue).
 */
export function perResolution<A extends object, C, T>(make: (args: A, ctx: C) => T): (args: A, ctx: C) => T {
  const made = new WeakMap<A, T>();
  return (args, ctx) => {
    const found = made.get(args);
    if (found !== undefined) return found;
    const value = make(args, ctx);
    made.set(args, value);
    return value;
  };
}
