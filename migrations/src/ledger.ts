import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Which migrations have been applied. Created by the runner itself, so it is not part of drizzle-kit's schema. */
export const schemaMigrations = pgTable('schema_migrations', {
  name: text('name').primaryKey(),
  checksum: text('checksum').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});

export const createLedgerSql = `create table if not exists schema_migrations (
  name text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;
