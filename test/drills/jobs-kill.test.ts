import { spawn } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot, type Tx, tenantCounter, withTenant } from '@abfa/schema';
import { createJobRunner, createLogger, enqueue, type TaskDefinition } from '@abfa/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { cleanEnv, runCommand } from '../support/server-process.js';
import { rows } from '../support/sql.js';
import { sayWhySkipped, until } from './support.js';

/**
 * Drill: a job runner killed with -9 in the middle of a job. The job's transaction dies with its connection (its
 * effect is rolled back); its lease expires; another runner takes it up again (attempt 2) and finishes it; its effect
 * is in the database exactly once.
 */
sayWhySkipped('drill: kill -9 mid-job', {
  'no DATABASE_URL (the runner runs in a second process, which PGlite cannot share)': !process.env.DATABASE_URL,
});

describe.runIf(process.env.DATABASE_URL)('drill: kill -9 mid-job', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ synced: true });
  });
  afterAll(() => db?.close());

  it('takes the job up again after the lease and completes it once', async () => {
    const [tehran] = await rows<{ tenant_id: string }>(
      db.owner.root,
      sql`select tenant_id from tenant where code = 'tehran'`,
    );
    const tenantId = tehran?.tenant_id as string;
    const jobId = (await withTenant(db.api.root, { tenantId, actor: 'drill' }, (tx) =>
      enqueue(tx, { task: 'drill.slow', payload: { n: 1 } }),
    )) as string;

    // The runner's own process (node with tsx as a loader, so the pid killed is the runner's).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'drills', 'jobs-child.ts')], {
      cwd: repositoryRoot,
      env: { ...process.env, DRILL_DATABASE_URL: db.apiUrl, DRILL_LEASE_MS: '2000' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await until(() => output.includes(`started ${jobId} 1`), 60_000, 'the child runner to start the job').catch(
      (error: unknown) => {
        throw new Error(`${String(error)}; the child said: ${output}`);
      },
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Killed mid-job: still running under the dead runner's lease, and nothing of its effect committed.
    const [held] = await rows<{ state: string; attempts: number; locked_by: string }>(
      db.owner.root,
      sql`select state, attempts, locked_by from job where job_id = ${jobId}`,
    );
    expect(held).toMatchObject({ state: 'running', attempts: 1 });
    const effect = () =>
      rows<{ value: number }>(
        db.owner.root,
        sql`select value::int as value from tenant_counter where name = ${`drill:${jobId}`}`,
      );
    expect(await effect()).toEqual([]);

    // Another runner takes it up once the lease has expired, and finishes it.
    const attempts: number[] = [];
    const tasks = {
      'drill.slow': {
        handler: async (tx: Tx, _payload: unknown, ctx: { jobId: string; attempt: number }) => {
          attempts.push(ctx.attempt);
          await tx.insert(tenantCounter).values({ tenantId, name: `drill:${ctx.jobId}`, value: 1 });
        },
      },
    } as Record<string, TaskDefinition<never>>;
    const survivor = createJobRunner({ db: db.api.root, log: createLogger('silent'), tasks, pollMs: 50 });
    let ran = 0;
    await until(
      async () => {
        ran += await survivor.runOnce();
        return ran > 0;
      },
      60_000,
      'another runner to take the job up',
    );
    expect(attempts).toEqual([2]);
    expect(await effect()).toEqual([{ value: 1 }]);
    expect(await rows(db.owner.root, sql`select 1 from job where job_id = ${jobId}`)).toEqual([]);
    expect(held?.locked_by).not.toBe(survivor.id);
  });
});

describe('pnpm worker', () => {
  it('refuses embedded mode, saying why (the embedded database is one process’s; pnpm start runs the jobs)', async () => {
    const { code, output } = await runCommand([path.join('server', 'src', 'worker-main.ts')], cleanEnv({}));
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL: pnpm worker needs a PostgreSQL server');
  });

  it.runIf(process.env.DATABASE_URL)('polls with no HTTP and stops cleanly on SIGTERM', async () => {
    const db = await createTestDatabase({ synced: true });
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'src', 'worker-main.ts')], {
        cwd: repositoryRoot,
        env: cleanEnv({ DATABASE_URL: db.apiUrl ?? '', JOBS_POLL_MS: '100', LOG_LEVEL: 'info' }),
      });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += String(chunk);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await until(() => output.includes('job worker running'), 60_000, 'the worker to start');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('job runner stopped');
    } finally {
      await db.close();
    }
  });
});
