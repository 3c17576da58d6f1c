import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { categoryFamilies } from '@abfa/schema';
import {
  type Change,
  describeChanges,
  loadRegistry,
  provinceCodes,
  type Registry,
  RegistryError,
  type RegistryProblem,
  syncRegistry,
  tenantsFolder,
} from '@abfa/tenants';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rows, sqlState } from '../support/sql.js';

const CHECK_VIOLATION = '23514';

/** Row counts of the registry's tables, read with the owner's rights (superuser: sees every tenant's rows). */
async function counts(db: TestDatabase) {
  const [result] = await rows<{ tenants: number; units: number; lines: number; categories: number }>(
    db.owner.root,
    sql`select (select count(*)::int from tenant) as tenants, (select count(*)::int from unit) as units,
               (select count(*)::int from line) as lines, (select count(*)::int from category) as categories`,
  );
  if (!result) throw new Error('no counts');
  return result;
}

describe('the shipped registry', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await loadRegistry();
  });

  it('covers all 31 provinces', () => {
    expect(provinceCodes).toHaveLength(31);
    expect(new Set(registry.tenants.map((t) => t.province))).toEqual(new Set(provinceCodes));
  });

  it('includes Mashhad as a city company', () => {
    const mashhad = registry.tenants.find((t) => t.code === 'mashhad');
    expect(mashhad?.kind).toBe('city');
  });

  it('gives every tenant the 122 and 1523 lines', () => {
    for (const t of registry.tenants) {
      const codes = t.lines.map((l) => l.code);
      expect(codes, t.code).toContain('122');
      expect(codes, t.code).toContain('1523');
    }
  });

  it('gives the demo tenants (tehran, isfahan, mashhad) at least 3 district units', () => {
    const demo = registry.tenants.filter((t) => t.demo);
    expect(demo.map((t) => t.code).sort()).toEqual(['isfahan', 'mashhad', 'tehran']);
    for (const t of demo) expect(t.units.filter((u) => u.kind === 'district').length, t.code).toBeGreaterThanOrEqual(3);
  });

  it('has catalog categories of every family, and every emergency on the calendar clock', () => {
    expect(new Set(registry.categories.map((c) => c.family))).toEqual(new Set(categoryFamilies));
    const emergencies = registry.categories.filter((c) => c.emergency);
    expect(emergencies.length).toBeGreaterThan(0);
    for (const c of emergencies) expect(c.slaClock, c.code).toBe('calendar');
  });
});

describe('tenants:sync on a fresh migrated database', () => {
  let db: TestDatabase;
  let registry: Registry;
  beforeAll(async () => {
    db = await createTestDatabase();
    registry = await loadRegistry();
  });
  afterAll(() => db?.close());

  it('adds every tenant on the first run', async () => {
    expect(await counts(db)).toMatchObject({ tenants: 0, categories: 0 });
    const changes = await syncRegistry(db.owner.root, registry);
    expect(changes.length).toBeGreaterThan(0);
    const addedTenants = changes.filter((c) => c.entity === 'tenant' && c.action === 'added');
    expect(addedTenants).toHaveLength(registry.tenants.length);
    expect(changes.filter((c) => c.entity === 'category' && c.action === 'added')).toHaveLength(
      registry.categories.length,
    );
    expect(describeChanges(changes)).toContain(`${registry.tenants.length} tenant added`);
  });

  it('changes nothing on a second run', async () => {
    const changes = await syncRegistry(db.owner.root, registry);
    expect(changes).toEqual([]);
    expect(describeChanges(changes)).toContain('no changes');
  });

  it('leaves the database matching the registry', async () => {
    const c = await counts(db);
    expect(c.tenants).toBe(registry.tenants.length);
    expect(c.categories).toBe(registry.categories.length);
    expect(c.units).toBe(registry.tenants.reduce((n, t) => n + t.units.length, 0));
    expect(c.lines).toBe(registry.tenants.reduce((n, t) => n + t.lines.length, 0));
    const tenants = await rows<{ tenant_id: string; code: string; kind: string; province: string }>(
      db.owner.root,
      sql`select tenant_id, code, kind, province from tenant`,
    );
    expect(new Set(tenants.map((t) => `${t.tenant_id} ${t.code} ${t.kind} ${t.province}`))).toEqual(
      new Set(registry.tenants.map((t) => `${t.id} ${t.code} ${t.kind} ${t.province}`)),
    );
  });

  it('applies exactly the edits made to the registry, then nothing more', async () => {
    const edited = structuredClone(registry);
    const t = edited.tenants.find((x) => x.code === 'tehran');
    if (!t) throw new Error('no tehran tenant');
    const parents = new Set(t.units.map((u) => u.parent));
    const leaves = t.units.filter((u) => u.parent !== undefined && !parents.has(u.code));
    const [renamed, dropped] = leaves;
    if (!renamed || !dropped) throw new Error('tehran needs two leaf units for this test');
    renamed.nameFa = 'واحد با نام تازه';
    t.units = t.units.filter((u) => u !== dropped);
    const cat = edited.categories[0];
    if (!cat) throw new Error('no category');
    cat.slaMinutes += 15;

    const changes = await syncRegistry(db.owner.root, edited);
    const expected: Change[] = [
      { entity: 'category', key: cat.code, action: 'changed', fields: ['slaMinutes'] },
      { entity: 'unit', key: `tehran/${renamed.code}`, action: 'changed', fields: ['nameFa'] },
      { entity: 'unit', key: `tehran/${dropped.code}`, action: 'deactivated' },
    ];
    expect(changes).toHaveLength(expected.length);
    expect(changes).toEqual(expect.arrayContaining(expected));

    expect(await syncRegistry(db.owner.root, edited)).toEqual([]);

    const units = await rows<{ code: string; name_fa: string; active: boolean }>(
      db.owner.root,
      sql`select code, name_fa, active from unit where tenant_id = ${t.id} and code in (${renamed.code}, ${dropped.code})`,
    );
    expect(units).toEqual(
      expect.arrayContaining([
        { code: renamed.code, name_fa: 'واحد با نام تازه', active: true },
        expect.objectContaining({ code: dropped.code, active: false }),
      ]),
    );
    expect(units).toHaveLength(2);
    const [category] = await rows<{ sla_minutes: number }>(
      db.owner.root,
      sql`select sla_minutes from category where code = ${cat.code}`,
    );
    expect(category?.sla_minutes).toBe(cat.slaMinutes);
  });
});

describe('bad registry files are refused with a precise message', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'abfa-registry-'));
    for (const dir of ['catalog', 'registry'])
      cpSync(path.join(tenantsFolder, dir), path.join(folder, dir), { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const file = (name: string) => path.join(folder, name);
  type Doc = Record<string, unknown> & { units: Record<string, unknown>[]; categoryOverrides?: { category: string }[] };
  const edit = (name: string, change: (doc: Doc) => void) => {
    const doc = parse(readFileSync(file(name), 'utf8')) as Doc;
    change(doc);
    writeFileSync(file(name), stringify(doc));
  };

  /** Loads the temp folder, expecting a RegistryError; returns it. */
  async function refused(): Promise<RegistryError> {
    const error = await loadRegistry(folder).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  function expectProblem(error: RegistryError, problem: Partial<RegistryProblem>) {
    expect(error.problems).toEqual(expect.arrayContaining([expect.objectContaining(problem)]));
    if (problem.file) expect(error.message).toContain(problem.file);
    if (problem.field) expect(error.message).toContain(`${problem.file} → ${problem.field}`);
  }

  it('loads the untouched copy (the baseline of these cases)', async () => {
    const registry = await loadRegistry(folder);
    expect(registry.tenants.length).toBeGreaterThan(0);
  });

  it('(a) an unknown province', async () => {
    edit('registry/tehran.yaml', (doc) => {
      doc.province = 'atlantis';
    });
    const error = await refused();
    expectProblem(error, { file: 'registry/tehran.yaml', field: 'province' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('province codes');
  });

  it('(b) a unit whose parent is an unknown code', async () => {
    let index = -1;
    edit('registry/isfahan.yaml', (doc) => {
      index = doc.units.findIndex((u) => u.parent !== undefined);
      const u = doc.units[index];
      if (u) u.parent = 'no-such-unit';
    });
    expect(index).toBeGreaterThan(0);
    const error = await refused();
    expectProblem(error, { file: 'registry/isfahan.yaml', field: `units[${index}].parent` });
    const problem = error.problems.find((p) => p.field === `units[${index}].parent`);
    expect(problem?.reason).toContain('no-such-unit');
  });

  it('(c) invalid YAML syntax names the file and says it is not YAML', async () => {
    writeFileSync(file('registry/qom.yaml'), `${readFileSync(file('registry/qom.yaml'), 'utf8')}\nunits: [unclosed\n`);
    const error = await refused();
    const problem = error.problems.find((p) => p.file === 'registry/qom.yaml');
    expect(problem?.reason).toMatch(/YAML/);
    expect(error.message).toContain('registry/qom.yaml');
    expect(error.message).toMatch(/YAML/);
  });

  it('(c) invalid YAML syntax: the reason gives the line', async () => {
    writeFileSync(file('registry/qom.yaml'), 'id: 1\ncode: [unclosed\nnameFa: x\n');
    const error = await refused();
    const problem = error.problems.find((p) => p.file === 'registry/qom.yaml');
    expect(problem?.reason).toMatch(/YAML/);
    expect(problem?.reason).toMatch(/line \d+/);
  });

  it('(d) two files with the same id', async () => {
    const tehranId = (parse(readFileSync(file('registry/tehran.yaml'), 'utf8')) as { id: string }).id;
    edit('registry/isfahan.yaml', (doc) => {
      doc.id = tehranId;
    });
    const error = await refused();
    // Files load in name order: isfahan first, so tehran is the one reported as repeating it.
    expectProblem(error, { file: 'registry/tehran.yaml', field: 'id' });
    expect(error.problems.find((p) => p.field === 'id')?.reason).toContain('registry/isfahan.yaml');
  });

  it('(e) a category override naming an unknown category', async () => {
    edit('registry/mashhad.yaml', (doc) => {
      doc.categoryOverrides = [{ category: 'water.no_such_category' }];
    });
    const error = await refused();
    expectProblem(error, { file: 'registry/mashhad.yaml', field: 'categoryOverrides[0].category' });
    expect(error.message).toContain('water.no_such_category');
  });

  it('(f) a file name that does not match its code', async () => {
    renameSync(file('registry/qom.yaml'), file('registry/qom-old.yaml'));
    const error = await refused();
    expectProblem(error, { file: 'registry/qom-old.yaml', field: 'code' });
    expect(error.message).toContain('registry/qom.yaml');
  });

  it('(h) a unit routing a category or family that does not exist, or one twice', async () => {
    let index = -1;
    edit('registry/mashhad.yaml', (doc) => {
      index = doc.units.findIndex((u) => Array.isArray(u.routes) && (u.routes as string[]).length > 0);
      const u = doc.units[index];
      if (u) u.routes = ['water.pipe_burst', 'water.no_such_thing', 'plumbing', 'water.pipe_burst'];
    });
    expect(index).toBeGreaterThan(0);
    const error = await refused();
    expect(error.problems).toEqual([
      expect.objectContaining({
        field: `units[${index}].routes[1]`,
        reason: expect.stringContaining('water.no_such_thing'),
      }),
      expect.objectContaining({ field: `units[${index}].routes[2]`, reason: expect.stringContaining('plumbing') }),
      expect.objectContaining({ field: `units[${index}].routes[3]`, reason: '"water.pipe_burst" is listed twice' }),
    ]);
  });

  it('(g) a company calendar with a bad day, bad hours or closed days out of order', async () => {
    edit('registry/isfahan.yaml', (doc) => {
      doc.calendar = {
        week: { thursday: { start: '12:00', end: '07:30' }, someday: null },
        holidays: [
          { date: '1405-09-10', nameFa: 'تعطیلی استانی' },
          { date: '1405-09-03', nameFa: 'تعطیلی زودتر' },
          { date: '1405-09-03', nameFa: 'همان روز' },
          { date: '1405-13-01', nameFa: 'روز ناموجود' },
        ],
      };
    });
    const error = await refused();
    const at = (field: string) => expect.objectContaining({ file: 'registry/isfahan.yaml', field });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'registry/isfahan.yaml',
          field: 'calendar.week.thursday.end',
          reason: 'the day must open before it closes',
        }),
        at('calendar.week'), // someday is not a day of the week
        expect.objectContaining({
          field: 'calendar.holidays[3].date',
          reason: 'is not a date of the Jalali calendar',
        }),
      ]),
    );
    // Out of order and twice: checked once every entry is valid (here in a copy without the impossible day).
    edit('registry/isfahan.yaml', (doc) => {
      const calendar = doc.calendar as { week: unknown; holidays: unknown[] };
      calendar.week = {};
      calendar.holidays.pop();
    });
    const order = await refused();
    expect(order.problems).toEqual([
      expect.objectContaining({
        field: 'calendar.holidays[1].date',
        reason: expect.stringMatching(/keep the dates in order/),
      }),
      expect.objectContaining({ field: 'calendar.holidays[2].date', reason: '1405-09-03 is listed twice' }),
    ]);
  });
});

describe('a sync that fails half-way', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it('leaves nothing behind: the whole transaction is rolled back', async () => {
    const registry = await loadRegistry();
    const last = registry.tenants.at(-1);
    if (!last) throw new Error('empty registry');
    const broken: Registry = {
      ...registry,
      tenants: [
        ...registry.tenants,
        { ...structuredClone(last), id: randomUUID(), code: 'zz-broken', kind: 'no-such-kind' as never },
      ],
    };
    expect(await sqlState(syncRegistry(db.owner.root, broken))).toBe(CHECK_VIOLATION);
    expect(await counts(db)).toEqual({ tenants: 0, units: 0, lines: 0, categories: 0 });
    const [audit] = await rows<{ n: number }>(db.owner.root, sql`select count(*)::int as n from audit_event`);
    expect(audit?.n).toBe(0);
  });
});
