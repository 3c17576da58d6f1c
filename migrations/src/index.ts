export { schemaMigrations } from './ledger.js';
export {
  loadMigrations,
  type Migration,
  MigrationChangedError,
  migrate,
  migrationsFolder,
  pendingMigrations,
} from './migrate.js';
