/**
 * A job runner in a process of its own, for the kill -9 drill (jobs-kill.test.ts): its one task writes its effect,
 * says "started <job id> <attempt>" and then never finishes — the drill kills the process mid-job.
 */

import { openDatabase, type Tx, tenantCounter } from '@abfa/schema';
import { createJobRunner, createLogger } from '@abfa/server';
import { sql } from 'drizzle-orm';

const url = process.env.DRILL_DATABASE_URL;
if (!url) throw new Error('DRILL_DATABASE_URL is required');
const database = await openDatabase({ kind: 'postgres', url, poolMax: 3 });
const runner = createJobRunner({
  db: database.root,
  log: createLogger('silent'),
  pollMs: 50,
  leaseMs: Number(process.env.DRILL_LEASE_MS ?? 2000),
  tasks: {
    'drill.slow': {
      handler: async (tx: Tx, _payload: unknown, ctx: { jobId: string; attempt: number }) => {
        await tx.insert(tenantCounter).values({
          tenantId: sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`,
          name: `drill:${ctx.jobId}`,
          value: 1,
        });
        process.stdout.write(`started ${ctx.jobId} ${ctx.attempt}\n`);
        await new Promise(() => {});
      },
    },
  },
});
runner.start();
