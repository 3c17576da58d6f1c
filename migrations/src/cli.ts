import { databaseEnvironment, databaseTarget, openDatabase, parseEnvironment } from '@abfa/schema';
import { migrate } from './migrate.js';

// `pnpm migrate`: applies pending migrations to DATABASE_URL, or to the embedded store under DATA_DIR.
const target = databaseTarget(parseEnvironment(databaseEnvironment));
const database = await openDatabase(target);
try {
  const applied = await migrate(database.root);
  const where = target.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${target.dataDir}`;
  console.log(
    applied.length === 0
      ? `Migrations: up to date (${where}).`
      : `Migrations: applied ${applied.length} to ${where}:\n${applied.map((n) => `  + ${n}`).join('\n')}`,
  );
} catch (error) {
  console.error(`Migrations failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
