import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { proportionKpiKeys } from '@abfa/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { RegistryError, type RegistryProblem, tenantsFolder } from './load.js';
import { loadNationalConfig, nationalConfigFileName, rankingOptionsOf } from './national-config.js';

const shipped = readFileSync(path.join(tenantsFolder, nationalConfigFileName), 'utf8');

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A tenants folder holding only `national/ranking.yaml` with this text. */
function folderWith(text: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'national-config-'));
  folders.push(folder);
  mkdirSync(path.join(folder, 'national'));
  writeFileSync(path.join(folder, nationalConfigFileName), text);
  return folder;
}

/** The shipped file, edited. */
function edited(edit: (doc: Record<string, unknown> & { kpis: Record<string, unknown>[] }) => void): string {
  const doc = parse(shipped);
  edit(doc);
  return stringify(doc);
}

async function problemsOf(text: string): Promise<RegistryProblem[]> {
  try {
    await loadNationalConfig(folderWith(text));
  } catch (error) {
    if (error instanceof RegistryError) return error.problems;
    throw error;
  }
  throw new Error('the file loaded');
}

/** Exactly one problem, at this field, with a reason in both languages. */
async function expectProblem(text: string, field: string, reason: RegExp) {
  const problems = await problemsOf(text);
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  expect(problem).toMatchObject({ file: nationalConfigFileName, field });
  expect(problem?.reason).toMatch(reason);
  expect(problem?.reasonFa).toMatch(/[\u0600-\u06FF]/);
  return problem;
}

describe('the shipped national ranking configuration', () => {
  it('loads: versioned, every proportion KPI once, weights with a positive sum, ordered cut-offs', async () => {
    const config = await loadNationalConfig();
    expect(config.version).toBeGreaterThanOrEqual(1);
    expect(config.effectiveFrom).toMatch(/^14\d\d-\d\d-\d\d$/);
    expect(config.changedBy.length).toBeGreaterThan(1);
    expect(config.reason.length).toBeGreaterThan(1);
    expect(['named', 'anonymised']).toContain(config.peers);
    expect(config.minimumShownCount).toBe(5);
    expect(config.composite.weakAt).toBeLessThan(config.composite.strongAt);
    expect(config.kpis.map((k) => k.key).sort()).toEqual([...proportionKpiKeys].sort());
    expect(config.kpis.reduce((s, k) => s + k.weight, 0)).toBeGreaterThan(0);
    expect(config.kpis.every((k) => k.minimumCases === 30)).toBe(true);
  });

  it('turns a KPI entry into ranking options: a policy target, or none for the national rate', async () => {
    const config = await loadNationalConfig();
    const sl = config.kpis.find((k) => k.key === 'serviceLevel');
    const reopen = config.kpis.find((k) => k.key === 'reopenRate');
    if (!sl || !reopen) throw new Error('missing KPI');
    expect(rankingOptionsOf(sl)).toEqual({ key: 'serviceLevel', target: 0.8, minimumCases: 30, lowerIsBetter: false });
    expect(rankingOptionsOf(reopen)).toEqual({ key: 'reopenRate', minimumCases: 30, lowerIsBetter: true });
  });

  it('defaults the minimum volume to 30 and the shown-count minimum to 5', async () => {
    const text = edited((doc) => {
      delete doc.minimumShownCount;
      for (const k of doc.kpis) delete k.minimumCases;
    });
    const config = await loadNationalConfig(folderWith(text));
    expect(config.minimumShownCount).toBe(5);
    expect(config.kpis.every((k) => k.minimumCases === 30)).toBe(true);
  });
});

describe('a bad national configuration is refused, naming the field in English and Persian', () => {
  it('an unknown KPI key', async () => {
    const text = edited((doc) => {
      if (doc.kpis[0]) doc.kpis[0].key = 'nps';
    });
    await expectProblem(text, 'kpis[0].key', /must be one of the proportion KPIs/);
  });

  it('a KPI listed twice', async () => {
    const text = edited((doc) => {
      doc.kpis.push({ key: 'serviceLevel', target: 'national', weight: 1 });
    });
    const problem = await expectProblem(text, 'kpis[10].key', /"serviceLevel" is listed twice \(first at kpis\[1\]\)/);
    expect(problem?.reasonFa).toContain('دو بار');
  });

  it('a negative weight', async () => {
    const text = edited((doc) => {
      if (doc.kpis[2]) doc.kpis[2].weight = -1;
    });
    const problem = await expectProblem(text, 'kpis[2].weight', /≥ 0/);
    expect(problem?.reasonFa).toBe('باید عددی بزرگ‌تر یا مساوی ۰ باشد');
  });

  it('weights that add up to 0', async () => {
    const text = edited((doc) => {
      for (const k of doc.kpis) k.weight = 0;
    });
    await expectProblem(text, 'kpis', /add up to more than 0/);
  });

  it('a target that is neither a rate nor "national"', async () => {
    for (const target of [1.5, -0.1, 'policy']) {
      const text = edited((doc) => {
        if (doc.kpis[1]) doc.kpis[1].target = target;
      });
      await expectProblem(text, 'kpis[1].target', /between 0 and 1, or "national"/);
    }
  });

  it('a minimum volume that is not a whole number from 1', async () => {
    const text = edited((doc) => {
      if (doc.kpis[0]) doc.kpis[0].minimumCases = 2.5;
    });
    await expectProblem(text, 'kpis[0].minimumCases', /whole number/);
  });

  it('cut-offs out of order', async () => {
    const text = edited((doc) => {
      doc.composite = { strongAt: -0.5, weakAt: 0.5 };
    });
    await expectProblem(text, 'composite.weakAt', /below composite\.strongAt/);
  });

  it('a missing cut-off', async () => {
    const text = edited((doc) => {
      doc.composite = { strongAt: 0.5 };
    });
    await expectProblem(text, 'composite.weakAt', /must be a number/);
  });

  it('an effective date that is not a Jalali date', async () => {
    const text = edited((doc) => {
      doc.effectiveFrom = '1405-07-31'; // Mehr has 30 days
    });
    const problem = await expectProblem(text, 'effectiveFrom', /not a date of the Jalali calendar/);
    expect(problem?.reasonFa).toBe('روزی از تقویم شمسی نیست');
    await expectProblem(
      edited((doc) => {
        doc.effectiveFrom = '۱۴۰۵-۰۹-۰۱';
      }),
      'effectiveFrom',
      /ASCII digits/,
    );
  });

  it('no version, an unknown peer display, an unknown field', async () => {
    await expectProblem(
      edited((doc) => {
        delete doc.version;
      }),
      'version',
      /whole number/,
    );
    await expectProblem(
      edited((doc) => {
        doc.peers = 'hidden';
      }),
      'peers',
      /named or anonymised/,
    );
    const problem = await expectProblem(
      edited((doc) => {
        doc.tercile = true;
      }),
      '',
      /Unrecognized key/,
    );
    expect(problem?.reasonFa).toContain('tercile'); // zod's Persian locale names the key
  });

  it('no KPI at all', async () => {
    await expectProblem(
      edited((doc) => {
        doc.kpis = [];
      }),
      'kpis',
      /at least one KPI/,
    );
  });

  it('a file that is not YAML, or missing', async () => {
    const problems = await problemsOf('version: 1\nkpis: [\n');
    expect(problems[0]).toMatchObject({ file: nationalConfigFileName, field: '' });
    expect(problems[0]?.reason).toMatch(/not valid YAML/);
    expect(problems[0]?.reasonFa).toMatch(/YAML نامعتبر است/);
    const empty = mkdtempSync(path.join(os.tmpdir(), 'national-config-'));
    folders.push(empty);
    await expect(loadNationalConfig(empty)).rejects.toThrow(/national\/ranking\.yaml: cannot be read/);
  });

  it('lists every problem at once in the error message, with both languages', async () => {
    const text = edited((doc) => {
      if (doc.kpis[0]) doc.kpis[0].weight = -2;
      doc.peers = 'hidden';
    });
    await expect(loadNationalConfig(folderWith(text))).rejects.toThrow(
      /national\/ranking\.yaml → kpis\[0\]\.weight: must be a number ≥ 0 — باید عددی/,
    );
    expect(await problemsOf(text)).toHaveLength(2);
  });
});
