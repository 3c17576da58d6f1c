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
 * A task whose work is all in the database: its handler runs inside the job's tenant transaction (`withTenant`, as
 * app_user), and the job is deleted in that same transaction, so the handler's database effect commits exactly once.
 */
export interface DatabaseTask<P = Record<string, unknown>> {
  handler: (tx: Tx, payload: P, ctx: JobContext) => Promise<void>;
  /** How long one statement of its transaction may run (default STATEMENT_TIMEOUT, as for a request). */
  statementTimeoutMs?: number;
}

/**
 * A task that calls out of the database (an SMS provider): no transaction may stay open across the call. `claim`
 * runs in a first tenant transaction, committed before `call` (with the lease checked: one runner calls at a time);
 * null means nothing is left to do and the job ends there. `call` runs outside any transaction. `record` runs in a
 * second tenant transaction, in which the job is deleted. A runner killed between them leaves the claim committed and
 * the job's lease expiring: the next run's `claim` sees what the last one claimed and must find out (ask the
 * provider) before doing it again.
 */
export interface CallingOutTask<P = Record<string, unknown>, C = unknown, R = unknown> {
  claim: (tx: Tx, payload: P, ctx: JobContext) => Promise<C | null>;
  call: (claimed: C, ctx: JobContext) => Promise<R>;
  record: (tx: Tx, claimed: C, result: R, ctx: JobContext) => Promise<void>;
  statementTimeoutMs?: number;
}

export type TaskDefinition<P = Record<string, unknown>> = DatabaseTask<P> | CallingOutTask<P, never, never>;

/** A calling-out task, its claim's and call's types checked here and erased for the task table. */
export const callingOut = <P, C, R>(task: CallingOutTask<P, C, R>): TaskDefinition<P> =>
  task as unknown as CallingOutTask<P, never, never>;

export interface EnqueueOptions {
  task: string;
  /** Ids and parameters only — never personal data (administrators see it, logs may carry it). */
  payload?: Record<string, unknown>;
  runAt?: Date;
  /** At most one pending job per key and tenant: enqueueing a key already pending adds nothing. */
  key?: string;
  /** Runs before the job is dead (default 8). */
  maxAttempts?: number;
  /** Lower runs first among due jobs (default 100). */
  priority?: number;
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
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    })
    .onConflictDoNothing({ target: [job.tenantId, job.jobKey], where: sql`state = 'pending'` })
    .returning({ jobId: job.jobId });
  return inserted[0]?.jobId ?? null;
}

export type { JobState };
