import { randomBytes } from 'node:crypto';
import { migrate } from '@abfa/migrations';
import { openDatabase } from '@abfa/schema';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { adminUrl, runDatabases, withDatabaseName } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's id: every database the run makes is named `abfa_test_<run>_…`, so two runs never touch each other's. */
    testRun: string;
  }
}

/** A run that has not cleaned up after this long was killed: its databases are swept by the next run's setup. */
const staleAfterHours = 12;

/**
 * Vitest calls setup once per project that has tests, all in this one process; the state is kept on globalThis so
 * the templates are made once per run and dropped after the last project's teardown.
 */
interface RunState {
  run: string;
  projects: number;
  ready?: Promise<void>;
}
const shared = globalThis as { __abfaTestRun?: RunState };
shared.__abfaTestRun ??= { run: randomBytes(4).toString('hex'), projects: 0 };
const state = shared.__abfaTestRun;

/**
 * On PostgreSQL, migrates two template databases once per run (one bare, one with the registry synced), so each
 * test file clones a fresh database in milliseconds. Roles are cluster-wide: creating them once here also avoids
 * test files racing to create them.
 */
export async function setup(project: TestProject) {
  state.projects += 1;
  project.provide('testRun', state.run);
  const admin = adminUrl();
  if (!admin) return;
  state.ready ??= makeTemplates(admin, state.run);
  await state.ready;
}

export async function teardown() {
  state.projects -= 1;
  const admin = adminUrl();
  if (!admin || state.projects > 0) return;
  await dropDatabases(admin, `${runDatabases(state.run).prefix}%`);
}

async function makeTemplates(admin: string, run: string) {
  await sweepStaleRuns(admin);
  const { templates } = runDatabases(run);
  const control = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    for (const name of Object.values(templates)) {
      await control.unsafe(`create database ${name}`);
      // The run's start, read by a later run's sweep should this one be killed before its teardown.
      if (name === templates.migrated)
        await control.unsafe(`comment on database ${name} is '${new Date().toISOString()}'`);
      const db = await openDatabase({ kind: 'postgres', url: withDatabaseName(admin, name), poolMax: 1 });
      try {
        await migrate(db.root);
        if (name === templates.synced) await syncRegistry(db.root, await loadRegistry());
      } finally {
        await db.close();
      }
    }
  } finally {
    await control.end();
  }
}

async function sweepStaleRuns(admin: string) {
  const control = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    const runs = await control<{ datname: string; started: string | null }[]>`
      select datname, shobj_description(oid, 'pg_database') as started
      from pg_database where datname like 'abfa\\_test\\_%\\_migrated'`;
    const cutoff = Date.now() - staleAfterHours * 3_600_000;
    for (const { datname, started } of runs) {
      if (started && Date.parse(started) < cutoff) await dropDatabases(admin, datname.replace(/migrated$/, '%'));
    }
  } finally {
    await control.end();
  }
}

async function dropDatabases(admin: string, pattern: string) {
  const control = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    const names = await control<{ datname: string }[]>`
      select datname from pg_database where datname like ${pattern.replaceAll('_', '\\_')}
      order by datname like '%\\_migrated' or datname like '%\\_synced'`;
    for (const { datname } of names) await control.unsafe(`drop database if exists ${datname} with (force)`);
  } finally {
    await control.end();
  }
}
