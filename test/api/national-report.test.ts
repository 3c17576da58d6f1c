import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  normalizePersian,
  type ProportionKpiKey,
  parseRollupPeriod,
  type RollupMeasures,
  repositoryRoot,
  sumMeasures,
} from '@abfa/schema';
import { loadNationalConfig, type NationalConfig } from '@abfa/tenants';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClassOverride, compareCompanies } from '../../server/src/modules/national/comparison.js';
import type { CompanyMeasures, NationalCompanyRow } from '../../server/src/modules/national/read.js';
import {
  ChromiumNotInstalledError,
  closeReportBrowser,
  type NationalReport,
  printPdf,
  renderNationalReportHtml,
  reportTitleFa,
} from '../../server/src/modules/national/report/index.js';

/**
 * The national report printed by the real Chromium, read back with poppler's pdftotext: the Persian comes out as
 * the right words in the right order, with Persian digits. The PDFs and their page 1 as PNG are kept under
 * test-results/national-report/ for a person to look at.
 */

const run = promisify(execFile);
const chromiumPath = process.env.CHROMIUM_PATH;
const artifacts = path.resolve(repositoryRoot, 'test-results/national-report');

// ---------------------------------------------------------------------------------------------------------------
// Fixture comparisons: made-up monthly counts of a few companies, compared by the national office's own
// `compareCompanies` with the published configuration (tenants/national/ranking.yaml).
// ---------------------------------------------------------------------------------------------------------------

/** A company's month in the counts the ranked KPIs are made of. */
interface Month {
  offered: number;
  answered: number;
  /** Answered within 20 s. */
  quick: number;
  firstContact: number;
  slaMet: number;
  slaBreached: number;
  reopened: number;
  returned: number;
}

function measuresOf(m: Month): RollupMeasures {
  const resolved = m.slaMet + m.slaBreached;
  return sumMeasures([
    {
      contactsOffered: m.offered,
      contactsAnswered: m.answered,
      contactsAbandoned: m.offered - m.answered,
      contactsAnsweredInThreshold: m.quick,
      firstContactResolutions: m.firstContact,
      slaMet: m.slaMet,
      slaBreached: m.slaBreached,
      requestsResolved: resolved,
      requestsRegistered: Math.round(resolved * 1.06),
      requestsReopened: m.reopened,
      requestsReturned: m.returned,
    },
  ]);
}

interface FixtureCompany {
  nameFa: string;
  province: string;
  month: Month;
}

const fiveCompanies: FixtureCompany[] = [
  {
    nameFa: 'آب و فاضلاب استان تهران',
    province: 'تهران',
    month: {
      offered: 5400,
      answered: 5150,
      quick: 4620,
      firstContact: 3600,
      slaMet: 2790,
      slaBreached: 310,
      reopened: 140,
      returned: 190,
    },
  },
  {
    nameFa: 'آب و فاضلاب استان اصفهان',
    province: 'اصفهان',
    month: {
      offered: 1900,
      answered: 1760,
      quick: 1510,
      firstContact: 1300,
      slaMet: 930,
      slaBreached: 120,
      reopened: 60,
      returned: 70,
    },
  },
  {
    nameFa: 'آب و فاضلاب خراسان رضوی',
    province: 'خراسان رضوی',
    month: {
      offered: 2100,
      answered: 1850,
      quick: 1480,
      firstContact: 1150,
      slaMet: 930,
      slaBreached: 270,
      reopened: 110,
      returned: 130,
    },
  },
  {
    nameFa: 'آب و فاضلاب استان فارس',
    province: 'فارس',
    month: {
      offered: 1500,
      answered: 1290,
      quick: 980,
      firstContact: 760,
      slaMet: 610,
      slaBreached: 210,
      reopened: 85,
      returned: 95,
    },
  },
  {
    // A small company: too few requests in the month for the request KPIs (n < 30).
    nameFa: 'آب و فاضلاب کهگیلویه و بویراحمد',
    province: 'کهگیلویه و بویراحمد',
    month: {
      offered: 180,
      answered: 170,
      quick: 150,
      firstContact: 120,
      slaMet: 20,
      slaBreached: 2,
      reopened: 1,
      returned: 2,
    },
  },
];

/** Every province's company with made-up but steady counts (a seeded generator), for a table of several pages. */
function allProvinces(): FixtureCompany[] {
  const provinces =
    'آذربایجان شرقی،آذربایجان غربی،اردبیل،اصفهان،البرز،ایلام،بوشهر،تهران،چهارمحال و بختیاری،خراسان جنوبی،خراسان رضوی،خراسان شمالی،خوزستان،زنجان،سمنان،سیستان و بلوچستان،فارس،قزوین،قم،کردستان،کرمان،کرمانشاه،کهگیلویه و بویراحمد،گلستان،گیلان،لرستان،مازندران،مرکزی،هرمزگان،همدان،یزد'.split(
      '،',
    );
  let seed = 1405;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const share = (n: number, p: number, spread: number) =>
    Math.round(n * Math.min(0.99, Math.max(0.01, p + (random() - 0.5) * spread)));
  return provinces.map((province) => {
    const offered = Math.round(40 + random() * 3000);
    const answered = share(offered, 0.9, 0.12);
    const requests = Math.round(offered * (0.3 + random() * 0.4));
    const slaMet = share(requests, 0.85, 0.2);
    return {
      nameFa: `آب و فاضلاب استان ${province}`,
      province,
      month: {
        offered,
        answered,
        quick: share(answered, 0.85, 0.2),
        firstContact: share(answered, 0.7, 0.2),
        slaMet,
        slaBreached: requests - slaMet,
        reopened: share(requests, 0.06, 0.06),
        returned: share(requests, 0.08, 0.08),
      },
    };
  });
}

let config: NationalConfig;

/** The comparison of the companies for Aban 1405, the third company's class overridden by the supervisor. */
function fixtureReport(fixture: FixtureCompany[]): NationalReport {
  const companies: NationalCompanyRow[] = fixture.map((c, i) => ({
    id: `company-${i + 1}`,
    code: `c${i + 1}`,
    nameFa: c.nameFa,
    nameEn: `Company ${i + 1}`,
    province: c.province,
  }));
  const measures = new Map<string, CompanyMeasures>(
    fixture.map((c, i) => {
      const total = measuresOf(c.month);
      return [`company-${i + 1}`, { total, byCategory: new Map([['water-leak', total]]) }];
    }),
  );
  // The reason holds markup, which must print as text.
  const override: ClassOverride = {
    performanceClass: 'strong',
    reason: 'بازدید میدانی: سامانهٔ تلفن نو شد <img src=x onerror=alert(1)> & آموزش کارکنان',
    recordedByName: 'ناظر ملی',
    recordedAt: new Date('2026-11-20T08:30:00Z'),
  };
  const period = parseRollupPeriod('1405-08');
  if (!period) throw new Error('1405-08 is a period');
  const comparison = compareCompanies({
    period,
    config,
    companies,
    measures,
    overrides: new Map([['company-3', override]]),
  });
  return { ...comparison, generatedAt: new Date('2026-12-07T06:00:00Z') };
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Text for comparing what we wrote with what pdftotext reads back. Plain pdftotext (not -layout) gives each line's
 * words in logical (reading) order, right-to-left runs included; -layout gives the same order, padded with spaces.
 * What it does not give back exactly, and how both sides are folded so the comparison still means "same words in
 * the same order":
 * - it wraps runs in bidi embedding controls (U+202A…U+202C): removed;
 * - ZWNJ (نیم‌فاصله) is not a character in the PDF, only a change of glyph joining, and line breaks fall where the
 *   layout put them: every space, ZWNJ and line break becomes one space;
 * - a glyph standing for two letters comes out with them reversed (poppler reverses the characters of an RTL run,
 *   including the two of the mandatory lam-alef ligature «لا» → «ال», and a letter's combining hamza «هٔ» → «ٔه»):
 *   «لا» is folded to «ال» and combining marks are dropped, on both sides;
 * - neutral punctuation between a word and a number (the colon in «تاریخ تهیه: ۱۶ آذر») can land on the other side
 *   of the number, and so can the space next to it («۱۲۲ و» → «۱۲۲و»): punctuation becomes a space and every
 *   number is set apart by spaces.
 */
const comparable = (text: string) =>
  normalizePersian(text)
    .replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g, '')
    .replace(/[\u064B-\u065F\u0670]/g, '')
    .replace(/لا/g, 'ال')
    .replace(/[:،؛.«»()*·]/g, ' ')
    .replace(/[\u06F0-\u06F90-9][\u06F0-\u06F90-9\u066B\u066C\u066A]*/g, ' $& ')
    .replace(/[\u200C\u200B\s]+/g, ' ')
    .trim();

interface Printed {
  html: string;
  pdf: Buffer;
  /** pdftotext's text, page by page. */
  pages: string[];
}

/** Renders and prints a report, keeps the PDF, its HTML and page 1 as PNG, and reads its text back per page. */
async function printed(report: NationalReport, name: string): Promise<Printed> {
  const html = renderNationalReportHtml(report);
  const pdf = await printPdf(html, { chromiumPath });
  mkdirSync(artifacts, { recursive: true });
  const pdfFile = path.join(artifacts, `${name}.pdf`);
  writeFileSync(pdfFile, pdf);
  writeFileSync(path.join(artifacts, `${name}.html`), html);
  const text = (await run('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { maxBuffer: 16 * 1024 * 1024 })).stdout;
  await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfFile, path.join(artifacts, `${name}-page`)]);
  // pdftotext ends each page with a form feed.
  return { html, pdf, pages: text.split('\f').filter((page) => page.trim() !== '') };
}

let report: NationalReport;
let html = '';
let pdf: Buffer = Buffer.alloc(0);
let text = '';
let pages = 0;

beforeAll(async () => {
  config = await loadNationalConfig();
  report = fixtureReport(fiveCompanies);
  const result = await printed(report, 'report');
  ({ html, pdf } = result);
  text = result.pages.join('\n');
  pages = result.pages.length;
});

afterAll(async () => {
  await closeReportBrowser();
});

describe('the national report PDF', () => {
  it('is a PDF of at least one page', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBeGreaterThanOrEqual(1);
  });

  it('reads back the Persian title and period as words in reading order', () => {
    const flat = comparable(text);
    expect(flat).toContain(comparable('گزارش مقایسه‌ای'));
    expect(flat).toContain(comparable(reportTitleFa));
    expect(flat).toContain(comparable('آبان ۱۴۰۵'));
  });

  it('lists the companies in their overall rank order', () => {
    const flat = comparable(text);
    const positions = report.companies.map((c) => flat.indexOf(comparable(c.company.nameFa)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('writes numbers with Persian digits', () => {
    expect(text).toMatch(/[\u06F0-\u06F9]{2,}/);
    // The generation date (16 Azar 1405) and a percentage with the Persian decimal separator and percent sign.
    expect(comparable(text)).toContain(comparable('۱۶ آذر ۱۴۰۵'));
    expect(text).toMatch(/[\u06F0-\u06F9]+\u066B[\u06F0-\u06F9]\u066A/);
    // No ASCII digit anywhere (the page numbers included), but for the one written in the override's reason.
    expect(text.replace('alert(1', '')).not.toMatch(/[0-9]/);
  });

  it('prints text from the data as text, never as markup', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; آموزش');
    // The reason is printed as text (its Latin run reordered by pdftotext among the Persian words).
    expect(comparable(text)).toContain('img src=x onerror=alert');
  });
});

describe('the report of every company', () => {
  it('repeats the table header on each page of the table and keeps the rank order across pages', async () => {
    // Charts of a KPI of a few percent, where lower is better, too.
    const large = { ...fixtureReport(allProvinces()), chartKpis: ['reopenRate', 'serviceLevel'] as ProportionKpiKey[] };
    const result = await printed(large, 'report-all');
    expect(result.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The pages before the first chart (its caption is on chart pages only).
    const firstChart = result.pages.findIndex((page) =>
      comparable(page).includes(comparable('نرخ خام در برابر شمار موارد')),
    );
    const tablePages = result.pages.slice(0, firstChart);
    expect(tablePages.length).toBeGreaterThanOrEqual(2);
    for (const page of tablePages) expect(comparable(page)).toContain(comparable('امتیاز ترکیبی'));
    // Company names in the table only (the charts list them again, in each KPI's own order).
    const flat = comparable(tablePages.join('\n'));
    const positions = large.companies.map((c) => flat.indexOf(comparable(c.company.nameFa)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

describe('printing', () => {
  it('prints reports asked for at the same time, each whole', async () => {
    const [a, b] = await Promise.all([
      printPdf('<html lang="fa" dir="rtl"><body>الف</body></html>', { chromiumPath }),
      printPdf('<html lang="fa" dir="rtl"><body>ب</body></html>', { chromiumPath }),
    ]);
    for (const pdf of [a, b]) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    }
  });
});

describe('printing without Chromium', () => {
  it('fails with an error naming CHROMIUM_PATH', async () => {
    const missing = '/nonexistent/chromium';
    const attempt = printPdf('<p>x</p>', { chromiumPath: missing });
    await expect(attempt).rejects.toBeInstanceOf(ChromiumNotInstalledError);
    await expect(attempt).rejects.toThrow(/CHROMIUM_PATH: no Chromium executable at \/nonexistent\/chromium/);
  });
});
