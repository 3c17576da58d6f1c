import { sql } from 'drizzle-orm';
import { pgPolicy, timestamp, uuid } from 'drizzle-orm/pg-core';
import { inList } from './enums.js';

/**
 * The tenant of the current transaction, read once per statement. `nullif(…, '')` matters: after a
 * transaction-local setting has been used on a pooled session the setting reads '' instead of NULL, and
 * '' must mean "no tenant" (fail closed), not a cast error or a match.
 */
export const currentTenant = sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;

/**
 * The one row-level policy every tenant-owned table carries: rows are visible and writable only when their
 * tenant_id equals the tenant set for the transaction. With no tenant set the predicate is NULL, so nothing is
 * visible and every write fails WITH CHECK. Applies to every role (owners included, because RLS is forced).
 */
export const tenantIsolation = () =>
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    to: 'public',
    using: sql`tenant_id = ${currentTenant}`,
    withCheck: sql`tenant_id = ${currentTenant}`,
  });

/** Columns every tenant-owned table starts with. */
export const tenantColumn = () => uuid('tenant_id').notNull();

export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** `column in ('a', 'b')` for CHECK constraints over a closed vocabulary (code constants, never user input). */
export const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} in (${inList(values)})`);
