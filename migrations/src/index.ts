export { schemaMigrations } from './ledger.js';
export {
  loadMigrations,
  type Migration,
  MigrationChangedError,
  migrate,
  migrationsFolder,
  needsSuperuser,
  pendingMigrations,
  SuperuserRequiredError,
} from './migrate.js';
