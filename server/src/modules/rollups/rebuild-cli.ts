import { parseArgs } from 'node:util';
import { databaseEnvironment, databaseTarget, openDatabase, parseEnvironment } from '@abfa/schema';
import { loadRegistry } from '@abfa/tenants';
import { parseDayOption, rebuildRollups } from './refresh.js';

/**
 * `pnpm rollups:rebuild [--tenant <code>]… --from YYYY-MM-DD --to YYYY-MM-DD`: recomputes the KPI rollups of a
 * period from the base tables, for one company or (without --tenant) every company of the registry, in DATABASE_URL
 * or the embedded store. Idempotent: each day is deleted and inserted afresh. Days are Gregorian; a Jalali date
 * (year below 1700, Persian digits welcome: ۱۴۰۵/۰۹/۱۶) is read as Jalali.
 */

try {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  const from = parseDayOption('from', values.from);
  const to = parseDayOption('to', values.to);
  if (to < from) throw new Error(`--to ${to} is before --from ${from} / --to پیش از --from است`);
  const registry = await loadRegistry();
  const wanted = values.tenant ?? [];
  const unknown = wanted.filter((code) => !registry.tenants.some((t) => t.code === code));
  if (unknown.length > 0)
    throw new Error(`--tenant ${unknown.join(', ')}: not in the registry / --tenant در فهرست شرکت‌ها نیست`);
  const tenants = registry.tenants.filter((t) => wanted.length === 0 || wanted.includes(t.code));
  const database = await openDatabase(databaseTarget(parseEnvironment(databaseEnvironment)));
  try {
    const started = Date.now();
    for (const t of tenants) {
      const result = await rebuildRollups(database.root, { tenantId: t.id, from, to });
      console.log(`${t.code}: ${result.days} days, ${result.rows} rollup rows`);
    }
    console.log(`Rollups rebuilt from ${from} to ${to} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
