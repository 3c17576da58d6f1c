import { kpiDaily, measureNames, noLine, rowsOf, supervisionRead } from '@abfa/schema';
import { loadRegistry, type Registry } from '@abfa/tenants';
import { desc, sql } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { field } from '../support/graphql.js';

/**
 * The national supervision API over the real read path (national views, national roles, trail of reads): the
 * reference's worked example ranked end to end, the "<5" rule below company level, the national office's records,
 * the live board, a company's own standing — and who is refused what.
 */

let db: TestDatabase;
let t: TestApp;
let registry: Registry;
const supervisor = 'nwwec.supervisor';
/** Aban 1405 = 2026-10-23 … 2026-11-21; the rows below sit on one of its days. */
const period = '1405-08';
const day = '2026-11-01';

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; messageFa?: string } }[];
};

async function gql(user: string, query: string, variables?: Record<string, unknown>): Promise<Body> {
  const response = await supertest(t.app)
    .post('/graphql')
    .set(await t.bearer(user))
    .send({ query, variables });
  return response.body as Body;
}

/** The reference's worked example (shared national-ranking.md): SLA met x of n resolutions. */
const worked = {
  B: [340, 400],
  G: [70, 80],
  A: [8, 8],
  C: [45, 60],
  E: [3, 5],
  D: [900, 1200],
  F: [150, 220],
} as const;
const letters = Object.keys(worked) as (keyof typeof worked)[];
const companyOf: Record<
  string,
  { id: string; code: string; root: string; districts: string[]; unitByCode: Record<string, string> }
> = {};

/**
 * Writes rollup rows as the owner with the company set (rollups are derived data; this is the test's fixture), and
 * their company-level sums by day and by month as refreshRollups writes them (every row here is in Aban 1405).
 */
async function rollupRows(tenantId: string, rows: Partial<typeof kpiDaily.$inferInsert>[]) {
  const measures = sql.raw(measureNames.map((m) => kpiDaily[m].name).join(', '));
  const sums = sql.raw(measureNames.map((m) => `sum(${kpiDaily[m].name})`).join(', '));
  await db.owner.root.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    for (const row of rows)
      await tx.insert(kpiDaily).values({
        tenantId,
        day,
        unitId: companyOf[tenantId]?.root ?? '',
        categoryCode: '',
        lineId: noLine,
        channel: '',
        ...row,
      });
    await tx.execute(sql`delete from kpi_company_daily where tenant_id = ${tenantId}`);
    await tx.execute(sql`insert into kpi_company_daily (tenant_id, day, category_code, ${measures})
      select tenant_id, day, category_code, ${sums} from kpi_daily where tenant_id = ${tenantId}
      group by tenant_id, day, category_code`);
    await tx.execute(sql`delete from kpi_company_monthly where tenant_id = ${tenantId}`);
    await tx.execute(sql`insert into kpi_company_monthly (tenant_id, month, category_code, ${measures})
      select tenant_id, ${period}, category_code, ${sums} from kpi_company_daily where tenant_id = ${tenantId}
      group by tenant_id, category_code`);
  });
}

beforeAll(async () => {
  db = await createTestDatabase({ synced: true });
  t = await createTestApp(db);
  registry = await loadRegistry();
  // The units of every company (the owner may be a superuser, past row-level security: filtered by hand).
  for (const tenant of registry.tenants) {
    const units = await db.owner.root.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${tenant.id}, true)`);
      return rowsOf<{ unit_id: string; code: string; kind: string; parent_unit_id: string | null }>(
        await tx.execute(
          sql`select unit_id, code, kind, parent_unit_id from unit where tenant_id = ${tenant.id} order by code`,
        ),
      );
    });
    const root = units.find((u) => u.parent_unit_id === null)?.unit_id ?? '';
    companyOf[tenant.id] = {
      id: tenant.id,
      code: tenant.code,
      root,
      districts: units.filter((u) => u.kind === 'district' && u.parent_unit_id === root).map((u) => u.unit_id),
      unitByCode: Object.fromEntries(units.map((u) => [u.code, u.unit_id])),
    };
  }
  // Seven companies take the worked example's SLA figures, in the registry's order.
  const tenants = registry.tenants.filter((x) => x.status === 'active');
  for (const [i, letter] of letters.entries()) {
    const tenant = tenants[i];
    if (!tenant) throw new Error('the registry has fewer than 7 companies');
    const [x, n] = worked[letter];
    await rollupRows(tenant.id, [{ slaMet: x, slaBreached: n - x, requestsResolved: n, requestsRegistered: n }]);
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const tenantOfLetter = (letter: keyof typeof worked) => {
  const tenant = registry.tenants.filter((x) => x.status === 'active')[letters.indexOf(letter)];
  if (!tenant) throw new Error(letter);
  return tenant;
};

const comparison = `query($period: String!) { national { comparison(period: $period) {
  period { key labelFa from to }
  national { slaMet slaBreached slaCompliance }
  kpis { kpi nationalRate alpha beta target funnel { n lower95 upper95 } }
  companies { company { id code nameFa }
    standings { kpi x n rate score lower upper wilsonLower wilsonUpper rank performanceClass insufficientData funnel }
    overall { rank measuredClass performanceClass insufficientData override { performanceClass reason } } }
} } }`;

type Standing = {
  kpi: string;
  x: number;
  n: number;
  score: number | null;
  wilsonLower: number | null;
  wilsonUpper: number | null;
  rank: number | null;
  performanceClass: string;
  insufficientData: boolean;
};
type Row = {
  company: { id: string; code: string };
  standings: Standing[];
  overall: { measuredClass: string; performanceClass: string; override: { reason: string } | null };
};

describe('the national comparison', () => {
  it('ranks the worked example as the reference computes it by hand, every company of the registry listed', async () => {
    const body = await gql(supervisor, comparison, { period });
    expect(body.errors).toBeUndefined();
    const result = field<{
      period: { key: string; labelFa: string; from: string; to: string };
      national: { slaCompliance: number };
      kpis: { kpi: string; nationalRate: number | null; alpha: number | null; beta: number | null; target: number }[];
      companies: Row[];
    }>({ data: field<Record<string, unknown>>(body, 'national') }, 'comparison');
    expect(result.period).toEqual({ key: '1405-08', labelFa: 'آبان ۱۴۰۵', from: '2026-10-23', to: '2026-11-21' });
    expect(result.companies).toHaveLength(registry.tenants.filter((x) => x.status === 'active').length);

    const sla = result.kpis.find((k) => k.kpi === 'SLA_COMPLIANCE');
    expect(sla?.nationalRate).toBeCloseTo(0.768, 3);
    expect(sla?.alpha).toBeCloseTo(53.5, 0);
    expect(sla?.beta).toBeCloseTo(16.1, 0);
    expect(sla?.target).toBeCloseTo(0.768, 3);

    const slaOf = (letter: keyof typeof worked) => {
      const row = result.companies.find((c) => c.company.id === tenantOfLetter(letter).id);
      const standing = row?.standings.find((s) => s.kpi === 'SLA_COMPLIANCE');
      if (!standing) throw new Error(letter);
      return standing;
    };
    // EB scores and classes from the reference's table.
    const expected = {
      B: [0.838, 'STRONG'],
      G: [0.825, 'STRONG'],
      A: [0.792, 'MEDIUM'],
      C: [0.76, 'MEDIUM'],
      E: [0.757, 'MEDIUM'],
      D: [0.751, 'MEDIUM'],
      F: [0.703, 'WEAK'],
    } as const;
    for (const letter of letters) {
      expect(slaOf(letter).score, letter).toBeCloseTo(expected[letter][0], 3);
      expect(slaOf(letter).performanceClass, letter).toBe(expected[letter][1]);
    }
    expect(slaOf('B').wilsonLower).toBeCloseTo(0.812, 3);
    expect(slaOf('B').wilsonUpper).toBeCloseTo(0.882, 3);
    expect(slaOf('A').insufficientData).toBe(true);
    expect(slaOf('E').insufficientData).toBe(true);
    expect(slaOf('A').rank).toBeNull();
    // The EB order among the sufficient: B, G, C, D, F.
    const ranked = (['B', 'G', 'C', 'D', 'F'] as const).map((l) => slaOf(l).rank);
    expect(ranked).toEqual([1, 2, 3, 4, 5]);
    // A company with no cases at all: insufficient on everything, no score of its own, classed medium, listed last.
    const last = result.companies.at(-1);
    expect(last?.overall).toMatchObject({ measuredClass: 'MEDIUM', override: null });
    expect(last?.standings.find((s) => s.kpi === 'SLA_COMPLIANCE')).toMatchObject({ n: 0, score: null, rank: null });
  });

  it('an override changes the class shown and keeps the measured one beside it; a bad one names the field', async () => {
    const f = tenantOfLetter('F');
    const override = `mutation($input: OverrideNationalClassInput!) { overrideNationalClass(input: $input) {
      __typename ... on OverrideNationalClassSuccess { data { performanceClass reason } }
      ... on InputError { field messageFa } } }`;
    const bad = await gql(supervisor, override, {
      input: { companyId: f.id, period: '1405-13', performanceClass: 'MEDIUM', reason: 'x' },
    });
    expect(JSON.stringify(bad)).toContain('"field":"period"');
    const blank = await gql(supervisor, override, {
      input: { companyId: f.id, period, performanceClass: 'MEDIUM', reason: '   ' },
    });
    expect(JSON.stringify(blank)).toContain('"field":"reason"');
    const done = await gql(supervisor, override, {
      input: { companyId: f.id, period, performanceClass: 'MEDIUM', reason: 'بازدید میدانی: داده‌های مهر ناقص ثبت شده' },
    });
    expect(done.errors).toBeUndefined();
    const after = field<{ comparison: { companies: Row[] } }>(
      await gql(supervisor, comparison, { period }),
      'national',
    ).comparison.companies.find((c) => c.company.id === f.id);
    expect(after?.overall.performanceClass).toBe('MEDIUM');
    expect(after?.overall.override?.reason).toContain('بازدید میدانی');
    // Both kept: the national office's record of the override, and the measured figures unchanged.
    expect(after?.standings.find((s) => s.kpi === 'SLA_COMPLIANCE')?.performanceClass).toBe('WEAK');
  });

  it('records evaluation visits; a score out of range or a visit in the future is refused by field', async () => {
    const b = tenantOfLetter('B');
    const record = `mutation($input: RecordNationalEvaluationInput!) { recordNationalEvaluation(input: $input) {
      __typename ... on RecordNationalEvaluationSuccess { data { id visitedOn score performanceClass company { code } } }
      ... on InputError { field } } }`;
    const input = { companyId: b.id, visitedOn: '1405-08-10', score: 87.5, performanceClass: 'STRONG' };
    expect(JSON.stringify(await gql(supervisor, record, { input: { ...input, score: 120 } }))).toContain(
      '"field":"score"',
    );
    expect(JSON.stringify(await gql(supervisor, record, { input: { ...input, visitedOn: '1499-01-01' } }))).toContain(
      '"field":"visitedOn"',
    );
    expect(
      JSON.stringify(
        await gql(supervisor, record, { input: { ...input, companyId: '00000000-0000-4000-8000-000000000000' } }),
      ),
    ).toContain('"field":"companyId"');
    const done = await gql(supervisor, record, { input: { ...input, findings: 'پاسخ‌گویی منظم، مستندسازی کامل' } });
    expect(JSON.stringify(done)).toContain('"visitedOn":"1405-08-10"');
    const listed = await gql(supervisor, `{ national { evaluations { company { code } score findings } } }`);
    expect(JSON.stringify(listed)).toContain('مستندسازی کامل');
  });
});

describe('drill-down below company level', () => {
  it('shows a company by district office and unit: counts under 5 as «<5», and whatever would give one away withheld, level by level', async () => {
    const tehran = registry.tenants.find((x) => x.code === 'tehran');
    if (!tehran) throw new Error('tehran');
    const unit = (code: string) => {
      const id = companyOf[tehran.id]?.unitByCode[code];
      if (!id) throw new Error(`tehran has no unit ${code}`);
      return id;
    };
    const [incidents, repairs, eslamshahr, varamin, robatKarim] = [
      unit('team-eslamshahr-incidents'),
      unit('team-eslamshahr-repairs'),
      unit('district-eslamshahr'),
      unit('district-varamin'),
      unit('district-robat-karim'),
    ];
    const water = 'water.pipe_burst';
    const sla = (registered: number, met: number, breached: number) => ({
      categoryCode: water,
      requestsRegistered: registered,
      requestsResolved: met + breached,
      slaMet: met,
      slaBreached: breached,
    });
    await rollupRows(tehran.id, [
      { unitId: incidents, ...sla(3, 3, 0) },
      { unitId: repairs, ...sla(30, 20, 6) },
      { unitId: varamin, ...sla(20, 15, 2) },
      { unitId: robatKarim, ...sla(40, 30, 10) },
    ]);
    const counts =
      'requestsRegistered { value belowMinimum withheld } slaMet { value belowMinimum withheld } slaBreached { value belowMinimum withheld } incidentsOpened { value belowMinimum withheld }';
    const query = `query($c: ID!, $p: String!, $by: DrillDimension!, $u: ID) { national { drillDown(companyId: $c, period: $p, by: $by, parentUnitId: $u) {
      company { code } rows { key unitId hasChildren labelFa figures { ${counts} slaCompliance } }
      total { requestsRegistered slaBreached } unitFigures { ${counts} slaCompliance } } } }`;
    type Count = { value: number | null; belowMinimum: boolean; withheld: boolean };
    type Figures = Record<'requestsRegistered' | 'slaMet' | 'slaBreached' | 'incidentsOpened', Count> & {
      slaCompliance: number | null;
    };
    const drill = async (by: string, parent?: string) => {
      const body = await gql(supervisor, query, { c: tehran.id, p: period, by, u: parent });
      expect(body.errors).toBeUndefined();
      return field<{
        drillDown: {
          rows: { unitId: string | null; figures: Figures }[];
          total: { requestsRegistered: number; slaBreached: number } | null;
          unitFigures: Figures | null;
        };
      }>(body, 'national').drillDown;
    };
    const shown = (value: number): Count => ({ value, belowMinimum: false, withheld: false });
    const below: Count = { value: null, belowMinimum: true, withheld: false };
    const withheld: Count = { value: null, belowMinimum: false, withheld: true };

    // The company by district office. Varamin's 2 late resolutions are «<5»; the company's 18 is shown in full, so
    // Eslamshahr's 6 (the smallest other) is withheld, or 18 − 10 − 6 would give Varamin's away; and in each row
    // resolved = on time + late, so the on-time count is withheld beside them.
    const companyLevel = await drill('UNIT');
    const byUnit = (rows: { unitId: string | null; figures: Figures }[], id: string) =>
      rows.find((r) => r.unitId === id)?.figures;
    expect(companyLevel.total).toEqual({ requestsRegistered: 93, slaBreached: 18 });
    expect(companyLevel.unitFigures).toBeNull();
    expect(byUnit(companyLevel.rows, varamin)).toMatchObject({
      requestsRegistered: shown(20),
      slaBreached: below,
      slaMet: withheld,
      slaCompliance: null,
      // A zero is shown: it points at no one.
      incidentsOpened: shown(0),
    });
    expect(byUnit(companyLevel.rows, eslamshahr)).toMatchObject({
      requestsRegistered: shown(33),
      slaBreached: withheld,
      slaMet: withheld,
      slaCompliance: null,
    });
    expect(byUnit(companyLevel.rows, robatKarim)).toMatchObject({
      slaBreached: shown(10),
      slaMet: shown(30),
      slaCompliance: 0.75,
    });

    // Into Eslamshahr: its figures as its row showed them, no company total, and its units never add up to what
    // was withheld above (the repair team's 6 late resolutions would be Eslamshahr's withheld 6).
    const district = await drill('UNIT', eslamshahr);
    expect(district.total).toBeNull();
    expect(district.unitFigures).toMatchObject({
      requestsRegistered: shown(33),
      slaBreached: withheld,
      slaMet: withheld,
    });
    expect(byUnit(district.rows, incidents)).toMatchObject({ requestsRegistered: below, slaBreached: shown(0) });
    expect(byUnit(district.rows, repairs)).toMatchObject({ requestsRegistered: withheld, slaBreached: withheld });

    // By category, at company level: one category, its counts are the company's.
    const byCategory = await drill('CATEGORY');
    expect(byCategory.rows.map((r) => r.figures.requestsRegistered)).toEqual([shown(93)]);
  });

  it('refuses an unknown company or unit by field', async () => {
    const query = `query($c: ID!, $u: ID) { national { drillDown(companyId: $c, period: "1405-08", by: UNIT, parentUnitId: $u) { company { code } } } }`;
    const notUuid = await gql(supervisor, query, { c: 'tehran' });
    expect(notUuid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'companyId' });
    const tehran = registry.tenants.find((x) => x.code === 'tehran');
    const isfahan = registry.tenants.find((x) => x.code === 'isfahan');
    const foreignUnit = companyOf[isfahan?.id ?? '']?.root;
    const wrongUnit = await gql(supervisor, query, { c: tehran?.id, u: foreignUnit });
    expect(wrongUnit.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'parentUnitId' });
    const badPeriod = await gql(supervisor, `{ national { comparison(period: "1405-8-x") { period { key } } } }`);
    expect(badPeriod.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'period' });
  });
});

describe('who may read what', () => {
  it('records every supervisor read — who, which operation, which companies — in the platform’s trail', async () => {
    const before = new Date();
    await gql(supervisor, `{ national { comparison(period: "1405-08") { period { key } } } }`);
    const [entry] = await db.owner.root.select().from(supervisionRead).orderBy(desc(supervisionRead.at)).limit(1);
    expect(entry?.subject).toBe('demo-nwwec.supervisor');
    expect(entry?.operation).toBe('query national');
    expect(entry?.companyIds.length).toBe(registry.tenants.filter((x) => x.status === 'active').length);
    expect(entry?.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const tehran = registry.tenants.find((x) => x.code === 'tehran');
    await gql(
      supervisor,
      `query($c: ID!) { national { drillDown(companyId: $c, period: "1405-08", by: DAY) { total { requestsRegistered } } } }`,
      {
        c: tehran?.id,
      },
    );
    const [drill] = await db.owner.root.select().from(supervisionRead).orderBy(desc(supervisionRead.at)).limit(1);
    expect(drill?.companyIds).toEqual([tehran?.id]);
  });

  it('the platform’s administrators read the trail; the supervisor and a company’s staff cannot', async () => {
    await gql(supervisor, '{ national { companies { code } } }');
    const trail = await gql('platform.admin', '{ supervisionReads(first: 5) { at subject operation companyIds } }');
    expect(trail.errors).toBeUndefined();
    const reads = field<{ subject: string; operation: string; companyIds: string[] }[]>(trail, 'supervisionReads');
    expect(reads[0]).toMatchObject({ subject: 'demo-nwwec.supervisor', operation: 'query national' });
    for (const user of [supervisor, 'tehran.manager']) {
      const refused = await gql(user, '{ supervisionReads { subject } }');
      expect(refused.errors?.[0]?.extensions?.code, user).toBe('FORBIDDEN');
    }
    const tooMany = await gql('platform.admin', '{ supervisionReads(first: 1000) { subject } }');
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_INPUT', field: 'first' });
  });

  it('the supervisor has no tenant operation; a company’s staff have no national one', async () => {
    for (const query of ['{ centreOverview { total { open } } }', '{ units(first: 1) { nodes { id } } }']) {
      const body = await gql(supervisor, query);
      expect(body.data ?? null, query).toBeNull();
      expect(['FORBIDDEN', 'NO_TENANT']).toContain(body.errors?.[0]?.extensions?.code);
    }
    for (const user of ['tehran.manager', 'tehran.agent']) {
      const body = await gql(user, '{ national { companies { code } } }');
      expect(body.errors?.[0]?.extensions?.code, user).toBe('FORBIDDEN');
    }
    const evaluation = await gql(
      'tehran.manager',
      `mutation { recordNationalEvaluation(input: { companyId: "${tenantOfLetter('B').id}", visitedOn: "1405-08-01", score: 1, performanceClass: WEAK }) { __typename } }`,
    );
    expect(evaluation.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the PDF report for officials', () => {
  it('prints the month’s comparison for the national office, records the read, and refuses everyone else', async () => {
    const pdf = await supertest(t.app)
      .get('/national/report.pdf?period=1405-08')
      .set(await t.bearer(supervisor))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const [entry] = await db.owner.root.select().from(supervisionRead).orderBy(desc(supervisionRead.at)).limit(1);
    expect(entry).toMatchObject({ operation: 'report national/report.pdf', detail: { period: '1405-08' } });

    const bad = await supertest(t.app)
      .get('/national/report.pdf?period=1405-8x')
      .set(await t.bearer(supervisor));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_INPUT', field: 'period' });
    const manager = await supertest(t.app)
      .get('/national/report.pdf?period=1405-08')
      .set(await t.bearer('tehran.manager'));
    expect(manager.status).toBe(403);
    expect((await supertest(t.app).get('/national/report.pdf?period=1405-08')).status).toBe(401);
  }, 120_000);
});

describe('the live national incident board', () => {
  it('delivers the board when subscribed and again when a company opens an incident, with its district and calls', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.base}/graphql`, {
      method: 'POST',
      headers: { ...(await t.bearer(supervisor)), accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'subscription { nationalIncidentBoard { id company { code } categoryCode areaFa calls major } }',
      }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const boards: { id: string; company: { code: string }; areaFa: string; calls: number }[][] = [];
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const next = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('');
          if (block.includes('event: next') && data) {
            const parsed = JSON.parse(data) as Body;
            if (parsed.errors) throw new Error(JSON.stringify(parsed.errors));
            boards.push(parsed.data?.nationalIncidentBoard as (typeof boards)[number]);
            return boards.at(-1);
          }
          continue;
        }
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error('the stream ended');
        buffer += chunk.value;
      }
    };
    try {
      const first = await next();
      expect(Array.isArray(first)).toBe(true);
      // A Tehran agent opens an incident in a district: the board is delivered again with it.
      const units = field<{ nodes: { id: string; code: string; kind: string }[] }>(
        await gql('tehran.manager', '{ units(first: 50, kind: DISTRICT) { nodes { id code kind } } }'),
        'units',
      ).nodes;
      const opened = await gql(
        'tehran.agent',
        `mutation($input: OpenIncidentInput!) { openIncident(input: $input) { __typename ... on OpenIncidentSuccess { data { id } } } }`,
        {
          input: {
            categoryCode: 'water.pipe_burst',
            unitId: units[0]?.id,
            title: 'ترکیدگی لوله اصلی',
            address: 'خیابان آزمایشی',
          },
        },
      );
      expect(JSON.stringify(opened)).toContain('OpenIncidentSuccess');
      const second = await next();
      const tehranIncident = second?.find((i) => i.company.code === 'tehran');
      expect(tehranIncident).toMatchObject({ calls: 0 });
      expect(tehranIncident?.areaFa.length).toBeGreaterThan(0);
      // Nothing of the incident's own words reaches the board.
      expect(JSON.stringify(second)).not.toContain('خیابان آزمایشی');
      expect(JSON.stringify(second)).not.toContain('ترکیدگی لوله اصلی');
      // Each delivery is a recorded read.
      const [entry] = await db.owner.root.select().from(supervisionRead).orderBy(desc(supervisionRead.at)).limit(1);
      expect(entry?.operation).toBe('subscription nationalIncidentBoard');
    } finally {
      controller.abort();
    }
  }, 60_000);
});

describe('the national BI service account', () => {
  it('reads the national view with a national scope and no company, and nothing of a company’s', async () => {
    const token = await t.serviceToken('nwwec-bi', 'national:read');
    const as = (query: string) =>
      supertest(t.app)
        .post('/graphql')
        .set({ authorization: `Bearer ${token}` })
        .send({ query });
    const read = await as('{ national { companies { code } } }');
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.national.companies.length).toBeGreaterThan(30);
    const [entry] = await db.owner.root.select().from(supervisionRead).orderBy(desc(supervisionRead.at)).limit(1);
    expect(entry).toMatchObject({ clientId: 'nwwec-bi', operation: 'query national' });
    for (const query of ['{ units(first: 1) { nodes { id } } }', '{ tenant { code } }']) {
      const refused = await as(query);
      expect(refused.body.errors?.[0]?.extensions?.code, query).toMatch(/FORBIDDEN|NO_TENANT/);
    }
    // Evaluations are people's work: not a service scope.
    const evaluation = await as(
      `mutation { overrideNationalClass(input: { companyId: "${tenantOfLetter('B').id}", period: "1405-08", performanceClass: WEAK, reason: "x" }) { __typename } }`,
    );
    expect(evaluation.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a company’s own standing', () => {
  it('shows the centre manager its KPIs against the country, its rank, and the others anonymised', async () => {
    // Tehran: a demo company whose manager can sign in (its figures are the drill-down's above).
    const country = await gql(supervisor, comparison, { period });
    const nationalSla = field<{ comparison: { national: { slaCompliance: number } } }>(country, 'national').comparison
      .national.slaCompliance;
    const body = await gql(
      'tehran.manager',
      `query($p: String!) { benchmark(period: $p) { company { code } national { slaCompliance }
        standings { kpi rank score } overall { measuredClass } peers { label own } } }`,
      { p: period },
    );
    expect(body.errors).toBeUndefined();
    const benchmark = field<{
      company: { code: string };
      national: { slaCompliance: number };
      peers: { label: string; own: boolean }[];
    }>(body, 'benchmark');
    // The country's figure is the national office's, to the last digit.
    expect(benchmark.national.slaCompliance).toBe(nationalSla);
    expect(benchmark.peers.filter((p) => p.own)).toHaveLength(1);
    const others = benchmark.peers.filter((p) => !p.own);
    expect(others.every((p) => /^شرکت [۰-۹]+$/.test(p.label))).toBe(true);
    const agent = await gql('tehran.agent', `{ benchmark(period: "1405-08") { company { code } } }`);
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
