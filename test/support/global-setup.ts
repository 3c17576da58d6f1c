import { migrate } from '@abfa/migrations';
import { openDatabase } from '@abfa/schema';
import { loadRegistry, syncRegistry } from '@abfa/tenants';
import postgres from 'postgres';
import { adminUrl, templates, withDatabaseName } from './database.js';

/**
 * On PostgreSQL, migrates two template databases once per run (one bare, one with the registry synced), so each
 * test file clones a fresh database in milliseconds. Roles are cluster-wide: creating them once here also avoids
 * test files racing to create them.
 */
export async function setup() {
  const admin = adminUrl();
  if (!admin) return;
  const control = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    for (const name of Object.values(templates)) {
      await control.unsafe(`drop database if exists ${name} with (force)`);
      await control.unsafe(`create database ${name}`);
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

export async function teardown() {
  const admin = adminUrl();
  if (!admin) return;
  const control = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    const leftovers = await control<
      { datname: string }[]
    >`select datname from pg_database where datname like 'abfa_t\\_%'`;
    for (const { datname } of leftovers) await control.unsafe(`drop database if exists ${datname} with (force)`);
  } finally {
    await control.end();
  }
}
