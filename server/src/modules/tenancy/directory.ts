import type { WorkingCalendar } from '@abfa/schema';
import { loadCalendarData, loadRegistry, type Registry, tenantCalendars } from '@abfa/tenants';

/**
 * The tenant registry and every company's working calendar, in memory: read from tenants/ once per process, or
 * the registry given. They change with a deploy (and `pnpm tenants:sync`), like the rest of tenants/.
 */
export interface TenantDirectory {
  registry(): Promise<Registry>;
  /** The working calendar the business SLA clock of a company's requests runs on. */
  calendarOf(tenantId: string): Promise<WorkingCalendar>;
}

export function tenantDirectory(given?: Registry): TenantDirectory {
  const registry = once(() => (given ? Promise.resolve(given) : loadRegistry()));
  const calendars = once(async () => tenantCalendars(await loadCalendarData(), await registry()));
  return { registry, calendarOf: async (tenantId) => (await calendars())(tenantId) };
}

/** A promise made on first use and kept, unless it failed: the next use then tries again. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}
