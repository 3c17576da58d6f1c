import { databaseEnvironment, databaseTarget, openDatabase, parseEnvironment } from '@abfa/schema';
import { loadCalendarData, tenantCalendars } from './calendar.js';
import { loadRegistry } from './load.js';
import { describeChanges, syncRegistry } from './sync.js';

// `pnpm tenants:sync`: validates every registry file, then applies them all in one transaction.
// `--verbose` lists each change. Exit code 1 on a bad file, with nothing written.
const verbose = process.argv.includes('--verbose');
try {
  const registry = await loadRegistry();
  // The companies' own calendars too: one that leaves no working day is refused before anything is written.
  tenantCalendars(await loadCalendarData(), registry);
  const database = await openDatabase(databaseTarget(parseEnvironment(databaseEnvironment)));
  try {
    const changes = await syncRegistry(database.root, registry);
    console.log(describeChanges(changes));
    if (verbose)
      for (const c of changes)
        console.log(`  ${c.action} ${c.entity} ${c.key}${c.fields ? ` (${c.fields.join(', ')})` : ''}`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
