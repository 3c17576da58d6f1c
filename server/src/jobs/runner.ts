import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Db, dbRoles, job, jobSchedule, rowsOf, type Tx, tenant, withTenant } from '@abfa/schema';
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Counter } from 'prom-client';
import type { Logger } from '../logger.js';
import { uniqueViolation } from '../modules/customers/input.js';
import type { TaskDefinition } from './queue.js';
import { nextSlot, type Schedule } from './schedule.js';

export interface JobRunnerOptions {
  db: Db;
  log: Logger;
  tasks: Record<string, TaskDefinition<never>>;
  schedules?: readonly Schedule[];
  /** How often an idle runner looks for due jobs (ms). */
  pollMs?: number;
  /** Jobs claimed at once. */
  batchSize?: number;
  /** How long a claim holds without a heartbeat (ms): after a kill -9, the job waits this long to be taken up again. */
  leaseMs?: number;
  /** Back-off after the n-th failure: base × 2^(n-1), at most max (ms). */
  backoff?: { baseMs: number; maxMs: number };
  /** Counts jobs by task and outcome (done, failed, dead, lost): the app's prom-client counter. */
  counter?: Counter<'task' | 'outcome'>;
}

export interface JobRunner {
  readonly id: string;
  /** Polls until stop(). */
  start(): void;
  /** Finishes the job in flight, hands back the ones claimed but not started, and stops polling. */
  stop(): Promise<void>;
  /** One pass: materialise due schedule slots, then claim and run due jobs until none is left. Returns how many ran. */
  runOnce(): Promise<number>;
}

interface Claimed {
  tenantId: string;
  jobId: string;
  task: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** Thrown inside a job's transaction when its lease was taken by another runner: the transaction rolls back. */
class LeaseLost extends Error {}

/** Short and without personal data: the error's class and first line, cut (payloads and values are not echoed). */
function describeError(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  return `${e.name}: ${e.message.split('\n')[0] ?? ''}`.slice(0, 500);
}

/**
 * The runner of background jobs (README: Background jobs). The same code in embedded mode (PGlite: one connection,
 * so claims, heartbeats and jobs queue behind each other) and server mode (any number of runners in any number of
 * processes). A claim is `FOR UPDATE SKIP LOCKED` plus a lease (locked_by, locked_until): two runners never claim one
 * job, and a runner killed mid-job leaves a lease that expires, after which another runner takes the job up again.
 * Claims, heartbeats and failures run as `app_worker`; the job itself runs in its tenant's transaction as app_user,
 * and the job row is deleted in that same transaction — only if this runner still holds the lease, else the whole
 * transaction rolls back — so a job's database effect commits exactly once.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, log, tasks, schedules = [], counter } = options;
  const pollMs = options.pollMs ?? 2_000;
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 60_000;
  const backoff = options.backoff ?? { baseMs: 10_000, maxMs: 3_600_000 };
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<number> | undefined;
  /** The job this runner is running now (its lease is the one the heartbeat renews). */
  let inFlight: Claimed | undefined;

  /** A transaction as the runners' role: every tenant's jobs, nothing else of theirs. */
  const asWorker = <T>(work: (tx: Tx) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', ${dbRoles.worker}, true)`);
      return work(tx);
    });

  async function materialiseSchedules(): Promise<void> {
    if (schedules.length === 0) return;
    await asWorker(async (tx) => {
      const [clock] = rowsOf<{ now: string | Date }>(await tx.execute(sql`select now() as now`));
      const now = new Date(clock?.now ?? Date.now());
      await tx
        .insert(jobSchedule)
        .values(schedules.map((s) => ({ name: s.name, nextRunAt: nextSlot(s, now) })))
        .onConflictDoNothing();
      for (const s of schedules) {
        // The row lock makes a slot one runner's: a second runner's update waits, then finds the slot moved on.
        const due = await tx
          .update(jobSchedule)
          .set({ nextRunAt: nextSlot(s, now) })
          .where(and(eq(jobSchedule.name, s.name), lte(jobSchedule.nextRunAt, now)))
          .returning();
        if (due.length === 0) continue;
        // One job per active company; a slot whose previous job is still pending adds nothing (same key).
        await tx.execute(sql`
          insert into job (tenant_id, task, payload, job_key)
          select tenant_id, ${s.task}, ${JSON.stringify(s.payload ?? {})}::jsonb, ${`schedule:${s.name}`}
          from tenant where ${tenant.status} = 'active'
          on conflict (tenant_id, job_key) where state = 'pending' do nothing`);
      }
    });
  }

  async function claim(): Promise<Claimed[]> {
    return asWorker(async (tx) => {
      // A job whose runner died on its last attempt is not run again: it is dead.
      await tx.execute(sql`
        update job set state = 'dead', locked_by = null, locked_until = null,
          last_error = 'the runner stopped during its last attempt (lease expired)'
        where state = 'running' and locked_until < now() and attempts >= max_attempts`);
      const claimed = await tx.execute(sql`
        with due as (
          select tenant_id, job_id from job
          where (state = 'pending' and run_at <= now()) or (state = 'running' and locked_until < now())
          order by priority, run_at limit ${batchSize}
          for update skip locked)
        update job set state = 'running', attempts = job.attempts + 1, locked_by = ${id},
          locked_until = now() + ${leaseMs} * interval '1 millisecond'
        from due where job.tenant_id = due.tenant_id and job.job_id = due.job_id
        returning job.tenant_id as "tenantId", job.job_id as "jobId", job.task, job.payload,
          job.attempts, job.max_attempts as "maxAttempts"`);
      return rowsOf<Claimed>(claimed);
    });
  }

  const mine = (j: Claimed) =>
    and(
      eq(job.tenantId, j.tenantId),
      eq(job.jobId, j.jobId),
      eq(job.lockedBy, id),
      eq(job.attempts, j.attempts),
      eq(job.state, 'running'),
    );

  /** In the job's tenant transaction, as the runners' role: the job ends (deleted) or is kept, if still this runner's. */
  async function holdOrFinish(tx: Tx, j: Claimed, finish: boolean): Promise<void> {
    await tx.execute(sql`select set_config('role', ${dbRoles.worker}, true)`);
    const held = finish
      ? await tx.delete(job).where(mine(j)).returning({ jobId: job.jobId })
      : await tx
          .update(job)
          .set({ lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'` })
          .where(mine(j))
          .returning({ jobId: job.jobId });
    if (held.length === 0) throw new LeaseLost();
  }

  async function run(j: Claimed): Promise<void> {
    const definition = tasks[j.task];
    const started = Date.now();
    try {
      if (!definition) throw new Error(`no task named ${j.task} in this version (server/src/jobs/tasks.ts)`);
      const scope = { tenantId: j.tenantId, actor: `job:${j.task}`, requestId: j.jobId };
      const options = definition.statementTimeoutMs ? { statementTimeoutMs: definition.statementTimeoutMs } : {};
      const ctx = { jobId: j.jobId, tenantId: j.tenantId, attempt: j.attempts };
      const payload = j.payload as never;
      if ('handler' in definition) {
        await withTenant(
          db,
          scope,
          async (tx) => {
            await definition.handler(tx, payload, ctx);
            // Done: the job goes with its effect, if the lease is still this runner's.
            await holdOrFinish(tx, j, true);
          },
          options,
        );
      } else {
        // The claim commits (the lease renewed with it) before the call; nothing claimed: the job ends with it.
        const claimed = await withTenant(
          db,
          scope,
          async (tx) => {
            const made = await definition.claim(tx, payload, ctx);
            await holdOrFinish(tx, j, made === null);
            return made;
          },
          options,
        );
        if (claimed !== null) {
          const result = await definition.call(claimed, ctx);
          await withTenant(
            db,
            scope,
            async (tx) => {
              await definition.record(tx, claimed, result, ctx);
              await holdOrFinish(tx, j, true);
            },
            options,
          );
        }
      }
      counter?.inc({ task: j.task, outcome: 'done' });
      log.debug({ job: j.jobId, task: j.task, attempt: j.attempts, ms: Date.now() - started }, 'job done');
    } catch (error) {
      if (error instanceof LeaseLost) {
        counter?.inc({ task: j.task, outcome: 'lost' });
        log.warn({ job: j.jobId, task: j.task }, 'job lease lost to another runner; its work here was rolled back');
        return;
      }
      await fail(j, error);
    }
  }

  async function fail(j: Claimed, error: unknown): Promise<void> {
    const dead = j.attempts >= j.maxAttempts;
    const delayMs = Math.min(backoff.baseMs * 2 ** (j.attempts - 1), backoff.maxMs);
    const lastError = describeError(error);
    const changes = dead
      ? { state: 'dead' as const, lastError, lockedBy: null, lockedUntil: null }
      : {
          state: 'pending' as const,
          runAt: sql`now() + ${delayMs} * interval '1 millisecond'`,
          lastError,
          lockedBy: null,
          lockedUntil: null,
        };
    try {
      await asWorker((tx) => tx.update(job).set(changes).where(mine(j)));
    } catch (updateError) {
      // Back to pending while a newer job with the same key is pending: that one does the same work.
      if (uniqueViolation(updateError) !== 'job_key_pending_idx') throw updateError;
      await asWorker((tx) => tx.delete(job).where(mine(j)));
    }
    counter?.inc({ task: j.task, outcome: dead ? 'dead' : 'failed' });
    log[dead ? 'error' : 'warn'](
      {
        job: j.jobId,
        task: j.task,
        tenant: j.tenantId,
        attempt: j.attempts,
        error: lastError,
        retryInMs: dead ? undefined : delayMs,
      },
      dead ? 'job failed its last attempt: dead (retry it through the API)' : 'job failed; retrying later',
    );
  }

  /**
   * Keeps the lease of the job in flight alive while it runs (a dead runner stops renewing it). Only that one: the
   * batch's jobs not yet started let their leases run out behind a slow job, so an idle runner takes them up
   * instead of waiting (a customer's SMS behind a slow provider call). Reached later here, such a job still runs if no
   * other runner took it (`mine` does not look at the lease's end), and rolls back if one did.
   */
  async function heartbeat(): Promise<void> {
    const current = inFlight;
    if (!current) return;
    await asWorker((tx) =>
      tx
        .update(job)
        .set({ lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'` })
        .where(mine(current)),
    );
  }

  /** Hands back jobs claimed but not started (at stop), so another runner needs not wait for their lease. */
  async function release(jobs: Claimed[]): Promise<void> {
    for (const j of jobs)
      await asWorker((tx) =>
        tx
          .update(job)
          .set({ state: 'pending', attempts: sql`${job.attempts} - 1`, lockedBy: null, lockedUntil: null })
          .where(mine(j)),
      );
  }

  async function runOnce(): Promise<number> {
    let ran = 0;
    await materialiseSchedules();
    const beat = setInterval(
      () => {
        heartbeat().catch((error: unknown) => log.warn({ err: error }, 'job heartbeat failed'));
      },
      Math.max(leaseMs / 3, 50),
    );
    try {
      while (!stopping) {
        const batch = await claim();
        for (const [i, claimed] of batch.entries()) {
          if (stopping) {
            await release(batch.slice(i));
            break;
          }
          inFlight = claimed;
          try {
            await run(claimed);
          } finally {
            inFlight = undefined;
          }
          ran += 1;
        }
        // A full batch may mean more are due.
        if (batch.length < batchSize) break;
      }
    } finally {
      clearInterval(beat);
    }
    return ran;
  }

  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => {
      pass = runOnce()
        .catch((error: unknown) => {
          log.warn({ err: error }, 'job runner pass failed; trying again at the next poll');
          return 0;
        })
        .finally(() => {
          pass = undefined;
          schedule();
        });
    }, pollMs);
  }

  return {
    id,
    start() {
      stopping = false;
      log.info({ runner: id, pollMs, leaseMs }, 'job runner started');
      schedule();
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await pass;
      log.info({ runner: id }, 'job runner stopped');
    },
    runOnce: () => {
      const current = runOnce();
      pass = current;
      return current;
    },
  };
}
