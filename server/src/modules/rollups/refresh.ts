/**
 * KPI rollups: the one place measures are computed from the base tables into `kpi_daily` (schema/src/tables/
 * rollups.ts), and from those rows into their company-level sums by day (`kpi_company_daily`) and by Jalali month
 * (`kpi_company_monthly`). `refreshRollups` recomputes whole days of one company inside its tenant transaction; the background
 * jobs call it for the days a change touched (`rollupDaysOf`, `requestRollupDays`), `pnpm rollups:rebuild` for any
 * period. Rates are never stored: schema/src/rules/kpis.ts computes them from sums of these rows.
 *
 * Later sections add their measures (surveys next) here: a column of `kpi_daily` and a
 * source in sources.ts.
 */
import {
  type Db,
  jalaliPeriodOf,
  jalaliToGregorian,
  kpiCompanyDaily,
  kpiCompanyMonthly,
  kpiDaily,
  parseJalali,
  parseRollupPeriod,
  rowsOf,
  type Tx,
  withTenant,
} from '@abfa/schema';
import { sql } from 'drizzle-orm';
import { measureColumns, rollupSources, type SourceParameters } from './sources.js';

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of a real Gregorian day, else a RangeError naming it. */
export function checkDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (!dayPattern.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day)
    throw new RangeError(`${day} is not a day (YYYY-MM-DD)`);
  return day;
}

/** A day from the command line, Gregorian or Jalali, as `YYYY-MM-DD` Gregorian; an error names the option. */
export function parseDayOption(option: string, text: string | undefined): string {
  if (!text) throw new Error(`--${option} is required (YYYY-MM-DD) / --${option} لازم است (سال-ماه-روز)`);
  const jalali = parseJalali(text);
  if (jalali && jalali.year < 1700) {
    const g = jalaliToGregorian(jalali);
    return `${g.year}-${String(g.month).padStart(2, '0')}-${String(g.day).padStart(2, '0')}`;
  }
  try {
    return checkDay(text.trim());
  } catch {
    throw new Error(`--${option} ${text} is not a day (YYYY-MM-DD) / --${option} ${text} تاریخ معتبری نیست`);
  }
}

/** The calendar day (`YYYY-MM-DD`) of an instant in a time zone. */
export function rollupDayOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The days a change touches: today (in the company's time zone) and the day of every instant it set or moved — a
 * late change to an old day (a resolution entered for last week, a cancelled water cut) names that day too.
 */
export function rollupDaysOf(
  instants: readonly (Date | null | undefined)[],
  options: { timeZone: string; now?: Date },
): string[] {
  const days = new Set([rollupDayOf(options.now ?? new Date(), options.timeZone)]);
  for (const instant of instants) if (instant) days.add(rollupDayOf(instant, options.timeZone));
  return [...days].sort();
}

/** The company's time zone and root unit (the contact centre's unit in the rollups). */
async function companyOf(tx: Tx, tenantId: string): Promise<{ timeZone: string; rootUnitId: string }> {
  const found = await tx.execute(
    sql`select t.time_zone, u.unit_id from tenant t join unit u on u.tenant_id = t.tenant_id and u.parent_unit_id is null
        where t.tenant_id = ${tenantId}`,
  );
  const row = rowsOf<{ time_zone: string; unit_id: string }>(found)[0];
  if (!row) throw new Error(`tenant ${tenantId} is not visible in this transaction or has no root unit`);
  return { timeZone: row.time_zone, rootUnitId: row.unit_id };
}

/**
 * Every day a change to these requests touches: a request is counted under its current unit, category, line and
 * channel on each day of its history (registration, every status change) and so are its follow-up cases (opened,
 * closed, escalated), so all of them, and today.
 */
export async function requestRollupDays(
  tx: Tx,
  tenantId: string,
  requestIds: readonly string[],
  now = new Date(),
): Promise<string[]> {
  const { timeZone } = await companyOf(tx, tenantId);
  if (requestIds.length === 0) return rollupDaysOf([], { timeZone, now });
  const ids = `{${requestIds.join(',')}}`;
  const result = await tx.execute(
    sql`select distinct (r.registered_at at time zone ${timeZone})::date::text as day from request r
          where r.request_id = any (${ids}::uuid[])
        union select distinct (e.occurred_at at time zone ${timeZone})::date::text from request_event e
          where e.request_id = any (${ids}::uuid[]) and e.kind = 'status_changed'
        union select distinct (t at time zone ${timeZone})::date::text
          from followup_case c, unnest(array[c.opened_at, c.closed_at]) t
          where c.request_id = any (${ids}::uuid[]) and t is not null
        union select distinct (a.occurred_at at time zone ${timeZone})::date::text from followup_action a
          join followup_case c on c.tenant_id = a.tenant_id and c.case_id = a.case_id
          where c.request_id = any (${ids}::uuid[]) and a.kind = 'escalate'`,
  );
  const days = new Set(rollupDaysOf([], { timeZone, now }));
  for (const { day } of rowsOf<{ day: string }>(result)) days.add(day);
  return [...days].sort();
}

export interface RefreshResult {
  days: number;
  rows: number;
}

/**
 * Recomputes the given days of one company from the base tables: deletes the days' rollup rows and inserts them
 * afresh, so running it again gives the same rows; two at once for one company take turns (an advisory lock).
 * Must run in that company's tenant transaction (`withTenant`, company-wide: no `requestReach`, else it refuses):
 * row-level security decides what is read and written.
 */
export async function refreshRollups(
  tx: Tx,
  { tenantId, days }: { tenantId: string; days: readonly string[] },
): Promise<RefreshResult> {
  const wanted = [...new Set(days.map(checkDay))].sort();
  if (wanted.length === 0) return { days: 0, rows: 0 };
  // A transaction narrowed to one unit's requests (operational-unit staff) would count only those: refuse it.
  const [reach] = rowsOf<{ reach: string | null }>(
    await tx.execute(sql`select current_setting('app.unit_reach', true) as reach`),
  );
  if (reach?.reach !== '*')
    throw new Error('refreshRollups needs a company-wide tenant transaction (withTenant without requestReach)');
  const { timeZone, rootUnitId } = await companyOf(tx, tenantId);
  const first = wanted[0] as string;
  const last = wanted[wanted.length - 1] as string;
  const bounds = rowsOf<{ start: Date | string; end: Date | string }>(
    await tx.execute(
      sql`select (${first}::date::timestamp at time zone ${timeZone}) as start,
                 ((${last}::date + 1)::timestamp at time zone ${timeZone}) as end`,
    ),
  )[0];
  if (!bounds) throw new Error('no day bounds');
  const p: SourceParameters = {
    timeZone,
    rootUnitId,
    start: new Date(bounds.start),
    end: new Date(bounds.end),
    days: wanted,
  };
  const dayList = `{${wanted.join(',')}}`;
  // Two refreshes of one company (two job workers, a rebuild beside a job) take turns: otherwise the second's delete
  // misses the first's fresh rows and its insert collides with them.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kpi_daily:${tenantId}`}, 0))`);
  await tx.execute(sql`delete from ${kpiDaily} where tenant_id = ${tenantId} and day = any (${dayList}::date[])`);

  const dimensions = sql.raw('day, unit_id, category_code, line_id, channel');
  const parts = rollupSources.map((source) => {
    const columns = measureColumns.map((m) => sql.raw(source.measures.includes(m) ? m : `0 as ${m}`));
    return sql`select ${dimensions}, ${sql.join(columns, sql`, `)} from (${source.select(p)}) ${sql.raw(`"${source.name}"`)}`;
  });
  const sums = measureColumns.map((m) => sql.raw(`sum(${m})`));
  const inserted = await tx.execute(
    sql`insert into ${kpiDaily} (tenant_id, ${dimensions}, ${sql.raw(measureColumns.join(', '))})
        select ${tenantId}::uuid, ${dimensions}, ${sql.join(sums, sql`, `)}
        from (${sql.join(parts, sql` union all `)}) events
        group by ${dimensions}
        returning 1`,
  );
  // The same days summed per company and category (what comparisons of companies read), in the same transaction.
  await tx.execute(
    sql`delete from ${kpiCompanyDaily} where tenant_id = ${tenantId} and day = any (${dayList}::date[])`,
  );
  await tx.execute(
    sql`insert into ${kpiCompanyDaily} (tenant_id, day, category_code, ${sql.raw(measureColumns.join(', '))})
        select tenant_id, day, category_code, ${sql.join(sums, sql`, `)} from ${kpiDaily}
        where tenant_id = ${tenantId} and day = any (${dayList}::date[])
        group by tenant_id, day, category_code`,
  );
  // And every Jalali month those days fall in, recomputed whole from the company's days (what a year reads).
  for (const month of new Set(wanted.map((day) => jalaliPeriodOf(day, 'month')))) {
    const bounds = parseRollupPeriod(month);
    if (!bounds) throw new Error(`no Jalali month ${month}`);
    await tx.execute(sql`delete from ${kpiCompanyMonthly} where tenant_id = ${tenantId} and month = ${month}`);
    await tx.execute(
      sql`insert into ${kpiCompanyMonthly} (tenant_id, month, category_code, ${sql.raw(measureColumns.join(', '))})
          select tenant_id, ${month}, category_code, ${sql.join(sums, sql`, `)} from ${kpiCompanyDaily}
          where tenant_id = ${tenantId} and day between ${bounds.from} and ${bounds.to}
          group by tenant_id, category_code`,
    );
  }
  return { days: wanted.length, rows: rowsOf(inserted).length };
}

/** Every day from `from` to `to` inclusive (`YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${checkDay(from)}T00:00:00Z`);
  const end = Date.parse(`${checkDay(to)}T00:00:00Z`);
  if (end < start) throw new RangeError(`${to} is before ${from}`);
  const days: string[] = [];
  for (let t = start; t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Days recomputed per transaction by `rebuildRollups`: a month keeps each transaction short. */
const daysPerTransaction = 31;

/**
 * Recomputes a period of one company, a month per tenant transaction (idempotent; what `pnpm rollups:rebuild` and
 * the demo start run). `db` is the root connection; every transaction runs as `app_user` with the tenant set.
 */
export async function rebuildRollups(
  db: Db,
  { tenantId, from, to }: { tenantId: string; from: string; to: string },
): Promise<RefreshResult> {
  const days = daysBetween(from, to);
  const total: RefreshResult = { days: 0, rows: 0 };
  for (let i = 0; i < days.length; i += daysPerTransaction) {
    const chunk = days.slice(i, i + daysPerTransaction);
    const result = await withTenant(
      db,
      { tenantId, actor: 'system:rollups' },
      (tx) => refreshRollups(tx, { tenantId, days: chunk }),
      { statementTimeoutMs: 300_000 },
    );
    total.days += result.days;
    total.rows += result.rows;
  }
  return total;
}

/**
 * The span of days a company's base tables cover (first contact, request, incident or water cut … the last one, or
 * today if later), or null when it has none: what to rebuild after loading data in bulk (the demo seeder).
 */
export async function dataSpan(db: Db, tenantId: string): Promise<{ from: string; to: string } | null> {
  return withTenant(
    db,
    { tenantId, actor: 'system:rollups' },
    async (tx) => {
      const { timeZone } = await companyOf(tx, tenantId);
      const [span] = rowsOf<{ first: Date | string | null; last: Date | string | null }>(
        await tx.execute(
          sql`select min(t) as first, max(t) as last from (
                select min(registered_at) as t from request union all select max(registered_at) from request
                union all select min(started_at) from contact union all select max(started_at) from contact
                union all select min(occurred_at) from request_event union all select max(occurred_at) from request_event
                union all select min(opened_at) from incident union all select max(opened_at) from incident
                union all select min(starts_at) from planned_outage union all select max(starts_at) from planned_outage) s`,
        ),
      );
      if (!span?.first || !span.last) return null;
      const today = rollupDayOf(new Date(), timeZone);
      const last = rollupDayOf(new Date(span.last), timeZone);
      return { from: rollupDayOf(new Date(span.first), timeZone), to: last.localeCompare(today) > 0 ? last : today };
    },
    { readOnly: true },
  );
}

/**
 * After the demo seeder (embedded start): rebuilds the rollups of every demo company it seeded, or that has none yet
 * (a data folder from before the rollups), over the span its data covers, so figures exist from the first start.
 */
export async function rebuildDemoRollups(
  db: Db,
  tenants: readonly { tenantId: string; seeded: boolean }[],
): Promise<{ tenants: number; days: number; rows: number }> {
  const total = { tenants: 0, days: 0, rows: 0 };
  for (const t of tenants) {
    if (!t.seeded) {
      const [existing] = await withTenant(
        db,
        { tenantId: t.tenantId, actor: 'system:rollups' },
        async (tx) => rowsOf<{ any: boolean }>(await tx.execute(sql`select exists (select 1 from ${kpiDaily}) as any`)),
        { readOnly: true },
      );
      if (existing?.any) continue;
    }
    const span = await dataSpan(db, t.tenantId);
    if (!span) continue;
    const result = await rebuildRollups(db, { tenantId: t.tenantId, ...span });
    total.tenants += 1;
    total.days += result.days;
    total.rows += result.rows;
  }
  return total;
}
