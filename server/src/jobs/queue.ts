import { type JobState, job, type Tx } from '@abfa/schema';
import { sql } from 'drizzle-orm';

/** What a task's handler gets besides its tenant transaction. */
export interface JobContext {
  jobId: string;
  tenantId: string;
  /** 1 on the first run; a job taken up again after a crash or a failure has a higher one. */
  attempt: number;
}

/**
 * A task: its handler runs inside the job's tenant transaction (`withTenant`, as app_user), and the job is deleted
 * in that same transaction, so the handler's database effect commits exactly once. Effects outside the database
 * (an SMS, say) can happen again after a crash: they key their idempotency on `ctx.jobId`.
 */
export interface TaskDefinition<P = Record<string, unknown>> {
  handler: (tx: Tx, payload: P, ctx: JobContext) => Promise<void>;
  /** How long one statement of its transaction may run (default STATEMENT_TIMEOUT, as for a request). */
  statementTimeoutMs?: number;
}

export interface EnqueueOptions {
  task: string;
  /** Ids and parameters only — never personal data (administrators see it, logs may carry it). */
  payload?: Record<string, unknown>;
  runAt?: Date;
  /** At most one pending job per key and tenant: enqueueing a key already pending adds nothing. */
  key?: string;
  /** Runs before the job is dead (default 8). */
  maxAttempts?: number;
}

/**
 * Adds a job for the transaction's tenant, inside that transaction: rolled back, there is no job; committed, it is
 * in the table until it has run. Returns the job's id, or null when a pending job with the same key already exists.
 */
export async function enqueue(tx: Tx, options: EnqueueOptions): Promise<string | null> {
  const inserted = await tx
    .insert(job)
    .values({
      // The tenant is the transaction's: a job can only be enqueued for the tenant that is acting.
      tenantId: sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`,
      task: options.task,
      payload: options.payload ?? {},
      runAt: options.runAt ?? sql`now()`,
      jobKey: options.key ?? null,
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    })
    .onConflictDoNothing({ target: [job.tenantId, job.jobKey], where: sql`state = 'pending'` })
    .returning({ jobId: job.jobId });
  return inserted[0]?.jobId ?? null;
}

export type { JobState };
