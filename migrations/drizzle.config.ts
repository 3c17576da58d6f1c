import { defineConfig } from 'drizzle-kit';

// drizzle-kit writes tables, indexes, ENABLE RLS and policies from the schema package. It writes neither
// FORCE ROW LEVEL SECURITY nor roles nor grants: those live in hand-written migrations (`pnpm db:generate --custom`).
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    '../schema/src/tables/core.ts',
    '../schema/src/tables/requests.ts',
    '../schema/src/tables/jobs.ts',
    '../schema/src/tables/messaging.ts',
    '../schema/src/tables/followup.ts',
    '../schema/src/tables/surveys.ts',
    '../schema/src/tables/rollups.ts',
    '../schema/src/tables/national.ts',
  ],
  out: './versions',
});
