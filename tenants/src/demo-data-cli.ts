import { parseArgs } from 'node:util';
import { databaseEnvironment, databaseTarget, openDatabase, parseEnvironment } from '@abfa/schema';
import { demoDataDefaults, seedDemoData } from './demo-data.js';
import { loadRegistry } from './load.js';

// `pnpm --filter @abfa/tenants demo:seed [--requests N] [--other-requests N] [--demo-only] [--seed N]`: seeds the
// companies of the registry (already synced: `pnpm tenants:sync`) in DATABASE_URL, or in the embedded store when it is
// unset — the demo tenants with --requests each, every other active company with --other-requests scaled by its size
// (none with --demo-only). A tenant that already has requests is skipped, so running it twice changes nothing.
// Embedded mode's `pnpm start` does this itself.
try {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: String(demoDataDefaults.requestsPerTenant) },
      'other-requests': { type: 'string', default: String(demoDataDefaults.requestsPerOtherTenant) },
      'demo-only': { type: 'boolean', default: false },
      seed: { type: 'string', default: String(demoDataDefaults.seed) },
    },
  });
  const requestsPerTenant = Number(values.requests);
  const requestsPerOtherTenant = Number(values['other-requests']);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(requestsPerTenant) || requestsPerTenant < 0)
    throw new Error('--requests must be a whole number ≥ 0');
  if (!Number.isSafeInteger(requestsPerOtherTenant) || requestsPerOtherTenant < 0)
    throw new Error('--other-requests must be a whole number ≥ 0');
  if (!Number.isSafeInteger(seed)) throw new Error('--seed must be a whole number');

  const registry = await loadRegistry();
  const database = await openDatabase(databaseTarget(parseEnvironment(databaseEnvironment)));
  try {
    const started = Date.now();
    const result = await seedDemoData(database.root, registry, {
      requestsPerTenant,
      requestsPerOtherTenant,
      companies: values['demo-only'] ? 'demo' : 'all',
      seed,
    });
    for (const t of result.tenants) {
      const c = t.counts;
      console.log(
        t.seeded
          ? `${t.code}: seeded ${c.subscribers} subscribers, ${c.requests} requests (${c.requestEvents} history events), ${c.contacts} contacts, ${c.incidents} incidents, ${c.plannedOutages} planned outages, ${c.knowledgeArticles} knowledge articles, ${c.staffProfiles} staff profiles`
          : `${t.code}: already has requests, left as it is`,
      );
    }
    console.log(
      result.seeded
        ? `Demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`
        : 'Demo data: nothing to do.',
    );
  } finally {
    await database.close();
  }
} catch (error) {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  console.error(`${error instanceof Error ? error.message : String(error)}${cause}`);
  if (cause)
    console.error(
      'The database needs its migrations and the tenant registry first: pnpm migrate, then pnpm tenants:sync.',
    );
  process.exitCode = 1;
}
