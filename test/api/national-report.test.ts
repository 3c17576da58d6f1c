import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { normalizePersian, repositoryRoot } from '@abfa/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChromiumNotInstalledError,
  type CompanyComparison,
  closeReportBrowser,
  type KpiFigures,
  type KpiRanking,
  type KpiStanding,
  type NationalReport,
  type PerformanceClass,
  printPdf,
  type RankedKpi,
  renderNationalReportHtml,
  reportTitleFa,
} from '../../server/src/modules/national/report/index.js';

/**
 * The national report printed by the real Chromium, read back with poppler's pdftotext: the Persian comes out as
 * the right words in the right order, with Persian digits. The PDF and page 1 as PNG are kept under
 * test-results/national-report/ for a person to look at.
 */

const run = promisify(execFile);
const chromiumPath = process.env.CHROMIUM_PATH;
const artifacts = path.resolve(repositoryRoot, 'test-results/national-report');

// ---------------------------------------------------------------------------------------------------------------
// A fixture comparison of five companies, computed the way the national method does (shrinkage by a Beta prior
// fitted by moments, Wilson intervals against targets, funnel limits), so the charts show plausible shapes.
// ---------------------------------------------------------------------------------------------------------------

interface KpiSpec {
  kpi: RankedKpi;
  nameFa: string;
  nameEn: string;
  higherIsBetter: boolean;
  target: number;
  weight: number;
}
const kpiSpecs: KpiSpec[] = [
  { kpi: 'SERVICE_LEVEL', nameFa: 'سطح خدمت', nameEn: 'Service level', higherIsBetter: true, target: 0.8, weight: 0.3 },
  { kpi: 'ANSWER_RATE', nameFa: 'نرخ پاسخ‌گویی', nameEn: 'Answer rate', higherIsBetter: true, target: 0.9, weight: 0.1 },
  {
    kpi: 'FIRST_CONTACT_RESOLUTION',
    nameFa: 'حل در نخستین تماس',
    nameEn: 'First contact resolution',
    higherIsBetter: true,
    target: 0.7,
    weight: 0.2,
  },
  {
    kpi: 'SLA_COMPLIANCE',
    nameFa: 'رعایت مهلت',
    nameEn: 'SLA compliance',
    higherIsBetter: true,
    target: 0.85,
    weight: 0.25,
  },
  {
    kpi: 'REOPEN_RATE',
    nameFa: 'نرخ بازگشایی',
    nameEn: 'Reopen rate',
    higherIsBetter: false,
    target: 0.06,
    weight: 0.1,
  },
  {
    kpi: 'RETURN_RATE',
    nameFa: 'نرخ ارجاع برگشتی',
    nameEn: 'Return rate',
    higherIsBetter: false,
    target: 0.08,
    weight: 0.05,
  },
];

/** Company, province, and per KPI (in kpiSpecs order) successes x of cases n. */
interface CompanyData {
  nameFa: string;
  province: string;
  counts: [number, number][];
}
const fiveCompanies: CompanyData[] = [
  {
    nameFa: 'آب و فاضلاب استان تهران',
    province: 'تهران',
    counts: [
      [4620, 5400],
      [5150, 5400],
      [2300, 3100],
      [2790, 3100],
      [140, 3100],
      [190, 3300],
    ],
  },
  {
    nameFa: 'آب و فاضلاب استان اصفهان',
    province: 'اصفهان',
    counts: [
      [1510, 1900],
      [1760, 1900],
      [760, 1050],
      [930, 1050],
      [60, 1050],
      [70, 1100],
    ],
  },
  {
    nameFa: 'آب و فاضلاب خراسان رضوی',
    province: 'خراسان رضوی',
    counts: [
      [1480, 2100],
      [1850, 2100],
      [690, 1200],
      [930, 1200],
      [110, 1200],
      [130, 1250],
    ],
  },
  {
    nameFa: 'آب و فاضلاب استان فارس',
    province: 'فارس',
    counts: [
      [980, 1500],
      [1290, 1500],
      [480, 820],
      [610, 820],
      [85, 820],
      [95, 860],
    ],
  },
  {
    nameFa: 'آب و فاضلاب کهگیلویه و بویراحمد',
    province: 'کهگیلویه و بویراحمد',
    counts: [
      [150, 180],
      [170, 180],
      [17, 22],
      [20, 22],
      [1, 22],
      [2, 24],
    ],
  },
];

const z95 = 1.959964;
function wilson(x: number, n: number): [number, number] {
  const p = x / n;
  const d = 1 + (z95 * z95) / n;
  const c = (p + (z95 * z95) / (2 * n)) / d;
  const h = (z95 * Math.sqrt((p * (1 - p)) / n + (z95 * z95) / (4 * n * n))) / d;
  return [c - h, c + h];
}

/** Every province's company with made-up but steady counts (a seeded generator), for a table of several pages. */
function allProvinces(): CompanyData[] {
  const provinces =
    'آذربایجان شرقی،آذربایجان غربی،اردبیل،اصفهان،البرز،ایلام،بوشهر،تهران،چهارمحال و بختیاری،خراسان جنوبی،خراسان رضوی،خراسان شمالی،خوزستان،زنجان،سمنان،سیستان و بلوچستان،فارس،قزوین،قم،کردستان،کرمان،کرمانشاه،کهگیلویه و بویراحمد،گلستان،گیلان،لرستان،مازندران،مرکزی،هرمزگان،همدان،یزد'.split(
      '،',
    );
  let seed = 1405;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return provinces.map((province) => {
    const size = Math.round(40 + random() * 3000);
    return {
      nameFa: `آب و فاضلاب استان ${province}`,
      province,
      counts: kpiSpecs.map((spec) => {
        const n = Math.max(10, Math.round(size * (0.4 + random() * 0.6)));
        const p = Math.min(0.99, Math.max(0.01, spec.target + (random() - 0.5) * (spec.higherIsBetter ? 0.3 : 0.08)));
        return [Math.round(n * p), n] as [number, number];
      }),
    };
  });
}

function fixtureReport(companyData: CompanyData[]): NationalReport {
  const kpis: KpiRanking[] = [];
  const standingsByCompany = companyData.map(() => [] as KpiStanding[]);
  kpiSpecs.forEach((spec, k) => {
    const counts = companyData.map((c) => c.counts[k] as [number, number]);
    const sx = counts.reduce((s, [x]) => s + x, 0);
    const sn = counts.reduce((s, [, n]) => s + n, 0);
    const mu = sx / sn;
    const variance = counts.reduce((s, [x, n]) => s + n * (x / n - mu) ** 2, 0) / sn;
    const tau2 = Math.max(variance - (mu * (1 - mu) * counts.length) / sn, 1e-4);
    const ab = (mu * (1 - mu)) / tau2 - 1;
    const [alpha, beta] = [mu * ab, (1 - mu) * ab];
    const maxN = Math.max(...counts.map(([, n]) => n));
    const funnel = Array.from({ length: 60 }, (_, i) => Math.round(10 + ((maxN * 1.05 - 10) * i) / 59)).map((n) => {
      const se = Math.sqrt((mu * (1 - mu)) / n);
      const clamp = (v: number) => Math.min(1, Math.max(0, v));
      return {
        n,
        lower95: clamp(mu - z95 * se),
        upper95: clamp(mu + z95 * se),
        lower998: clamp(mu - 3.09 * se),
        upper998: clamp(mu + 3.09 * se),
      };
    });
    kpis.push({ ...spec, nationalRate: mu, alpha, beta, funnel });
    counts.forEach(([x, n], c) => {
      const a = x + alpha;
      const b = n - x + beta;
      const score = a / (a + b);
      const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
      const [wl, wu] = wilson(x, n);
      const better = (v: number) => (spec.higherIsBetter ? v > spec.target : v < spec.target);
      const performanceClass: PerformanceClass = better(spec.higherIsBetter ? wl : wu)
        ? 'STRONG'
        : better(spec.higherIsBetter ? wu : wl)
          ? 'MEDIUM'
          : 'WEAK';
      const se = Math.sqrt((mu * (1 - mu)) / n);
      const dev = Math.abs(x / n - mu) / se;
      standingsByCompany[c]?.push({
        kpi: spec.kpi,
        x,
        n,
        rate: x / n,
        score,
        lower: score - z95 * sd,
        upper: score + z95 * sd,
        wilsonLower: wl,
        wilsonUpper: wu,
        rank: null,
        performanceClass,
        insufficientData: n < 30,
        funnel: dev > 3.09 ? 'ALARM' : dev > z95 ? 'ALERT' : 'INSIDE',
        expected: null,
      });
    });
  });
  for (const kpi of kpis) {
    const ranked = standingsByCompany
      .map((s) => s.find((x) => x.kpi === kpi.kpi) as KpiStanding)
      .filter((s) => !s.insufficientData)
      .sort((a, b) => ((b.score ?? 0) - (a.score ?? 0)) * (kpi.higherIsBetter ? 1 : -1));
    ranked.forEach((s, i) => {
      s.rank = i + 1;
    });
  }
  const companies: CompanyComparison[] = companyData.map((data, c) => {
    const standings = standingsByCompany[c] ?? [];
    const insufficientData = standings.some((s) => s.insufficientData);
    const composite = kpis.reduce((sum, kpi) => {
      const s = standings.find((x) => x.kpi === kpi.kpi) as KpiStanding;
      const z =
        ((s.score ?? 0) - (kpi.nationalRate ?? 0)) /
        Math.sqrt(((kpi.nationalRate ?? 0) * (1 - (kpi.nationalRate ?? 0))) / 200);
      return sum + kpi.weight * z * (kpi.higherIsBetter ? 1 : -1);
    }, 0);
    const measuredClass: PerformanceClass = composite > 0.5 ? 'STRONG' : composite < -0.5 ? 'WEAK' : 'MEDIUM';
    return {
      company: {
        id: `c${c + 1}`,
        code: `c${c + 1}`,
        nameFa: data.nameFa,
        nameEn: `Company ${c + 1}`,
        province: data.province,
      },
      figures: emptyFigures(),
      standings,
      overall: {
        composite,
        rank: null,
        measuredClass,
        performanceClass: measuredClass,
        override: null,
        insufficientData,
      },
    };
  });
  companies.sort((a, b) =>
    a.overall.insufficientData !== b.overall.insufficientData
      ? a.overall.insufficientData
        ? 1
        : -1
      : (b.overall.composite ?? 0) - (a.overall.composite ?? 0),
  );
  companies
    .filter((c) => !c.overall.insufficientData)
    .forEach((c, i) => {
      c.overall.rank = i + 1;
    });
  // The supervisor moved one company up a class after a visit; the reason holds markup that must print as text.
  const moved = companies[2] as CompanyComparison;
  moved.overall.performanceClass = moved.overall.measuredClass === 'STRONG' ? 'MEDIUM' : 'STRONG';
  moved.overall.override = {
    performanceClass: moved.overall.performanceClass,
    reason: 'بازدید میدانی: سامانهٔ تلفن نو شد <img src=x onerror=alert(1)> & آموزش کارکنان',
    recordedByName: 'ناظر ملی',
    recordedAt: new Date('2026-11-20T08:30:00Z'),
  };
  return {
    period: {
      key: '1405-08',
      kind: 'month',
      from: '1405-08-01',
      to: '1405-08-30',
      labelFa: 'آبان ۱۴۰۵',
      labelEn: 'Aban 1405',
    },
    national: emptyFigures(),
    kpis,
    companies,
    generatedAt: new Date('2026-12-07T06:00:00Z'),
  };
}

function emptyFigures(): KpiFigures {
  return {
    contactsOffered: 0,
    contactsAnswered: 0,
    contactsAbandoned: 0,
    requestsRegistered: 0,
    requestsResolved: 0,
    requestsReopened: 0,
    requestsReturned: 0,
    slaMet: 0,
    slaBreached: 0,
    incidentsOpened: 0,
    incidentCalls: 0,
    plannedOutages: 0,
    serviceLevel: null,
    answerRate: null,
    abandonmentRate: null,
    firstContactResolutionRate: null,
    slaCompliance: null,
    reopenRate: null,
    returnRate: null,
    averageSpeedOfAnswerSeconds: null,
    averageHandleTimeSeconds: null,
    meanResolutionHours: null,
    medianResolutionHours: null,
    p90ResolutionHours: null,
    callsPerIncident: null,
  };
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

const report = fixtureReport(fiveCompanies);
let html = '';
let pdf: Buffer = Buffer.alloc(0);
let text = '';
let pages = 0;

beforeAll(async () => {
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
    const large = { ...fixtureReport(allProvinces()), chartKpis: ['REOPEN_RATE', 'SERVICE_LEVEL'] as RankedKpi[] };
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
