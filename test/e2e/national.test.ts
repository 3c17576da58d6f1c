import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repositoryRoot } from '@abfa/schema';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import {
  expectAccessible,
  expectRtl,
  graphqlFromPage,
  newContext,
  type Platform,
  persianDigits,
  screenshot,
  signIn,
  withPortal,
} from '../support/browser.js';

/**
 * The national supervision view in use: the national office's supervisor compares the companies side by side,
 * ranks them per KPI, drills into one company's units, watches the live incident board, records an evaluation,
 * exports to Excel; a company's centre manager sees where the centre stands.
 */

let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

async function staffPage(username: string, target: string, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-national-${Date.now()}`);
  });
  if (!options.phone) await signIn(page, platform.baseUrl, username, target);
  else {
    // At phone size the header hides the name signIn waits for: the screen's own elements are waited for instead.
    await page.goto(`${platform.baseUrl}${target}`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill('abfa-demo');
    await page.locator('button[type=submit]').click();
  }
  return page;
}

/** The companies of the registry (tenants/registry/*.yaml), as the national view must list them all. */
const registryCompanies = readdirSync(path.join(repositoryRoot, 'tenants/registry')).filter((f) => f.endsWith('.yaml'));

/** Downloads what a click starts and reads it back as an Excel workbook. */
async function downloadedWorkbook(page: Page, testId: string): Promise<ExcelJS.Workbook> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = await download.path();
  const workbook = new ExcelJS.Workbook();
  const bytes = await readFile(file);
  // exceljs types its input as an ArrayBuffer: the file's own bytes, not Node's pooled buffer around them.
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}

const rowsOf = (page: Page, testId: string) => page.getByTestId(testId);

/** Section (b)'s figures of the country and of each company, as the API gives them for a period. */
const sectionBQuery = `query($period: String!) { national { comparison(period: $period) {
  national { ...B }
  companies { company { code } figures { ...B } }
} } }
fragment B on KpiFigures {
  followupsOpened followupsOpenedByTrigger { trigger count } followupsClosed followUpFixedRate meanFollowUpCloseHours
  escalationsByLevel { level count } complaintsReceived complaintsAcknowledged complaintsAcknowledgedInTime
  meanComplaintResolutionHours complaintSatisfaction complaintsReopened complaintsAppealed
}`;

interface SectionBFigures {
  followupsOpened: number;
  followupsOpenedByTrigger: { trigger: string; count: number }[];
  followupsClosed: number;
  followUpFixedRate: number | null;
  meanFollowUpCloseHours: number | null;
  escalationsByLevel: { level: number; count: number }[];
  complaintsReceived: number;
  complaintsAcknowledged: number;
  complaintsAcknowledgedInTime: number;
  meanComplaintResolutionHours: number | null;
  complaintSatisfaction: number | null;
  complaintsReopened: number;
  complaintsAppealed: number;
}

/** What the portal must show for each of section (b)'s figures, in Persian: counts (0 shown), «—» where none. */
function sectionBTexts(f: SectionBFigures): Record<string, string> {
  const count = (n: number) => new Intl.NumberFormat('fa-IR').format(n);
  const decimal = (v: number | null, digits: number) =>
    v == null ? '—' : persianDigits(v.toFixed(digits)).replace('.', '٫');
  const trigger = (t: string) => f.followupsOpenedByTrigger.find((x) => x.trigger === t)?.count ?? 0;
  const level = (l: number) => f.escalationsByLevel.find((x) => x.level === l)?.count ?? 0;
  return {
    followupsOpened: count(f.followupsOpened),
    followupsByTrigger: [trigger('overdue'), trigger('not_fixed'), trigger('repeat_call')].map(count).join('، '),
    followupsClosed: count(f.followupsClosed),
    followUpFixedRate: f.followUpFixedRate == null ? '—' : `${decimal(f.followUpFixedRate * 100, 1)}٪`,
    meanFollowUpCloseHours: decimal(f.meanFollowUpCloseHours, 1),
    escalations: [level(2), level(3), level(4)].map(count).join('، '),
    complaintsReceived: count(f.complaintsReceived),
    complaintsAcknowledgedInTime:
      f.complaintsAcknowledged === 0
        ? '—'
        : `${count(f.complaintsAcknowledgedInTime)} از ${count(f.complaintsAcknowledged)}`,
    meanComplaintResolutionHours: decimal(f.meanComplaintResolutionHours, 1),
    complaintSatisfaction: f.complaintSatisfaction == null ? '—' : `${decimal(f.complaintSatisfaction, 1)} از ۵`,
    complaintsReopenedAppealed: [f.complaintsReopened, f.complaintsAppealed].map(count).join('، '),
  };
}

/** The figures a row or block shows, by `data-measure`. */
async function shownSectionB(scope: Locator): Promise<Record<string, string>> {
  const cells = await scope
    .locator('[data-measure]')
    .evaluateAll((found) => found.map((e) => [e.getAttribute('data-measure') ?? '', e.textContent?.trim() ?? '']));
  return Object.fromEntries(cells);
}

describe('the national supervision view', () => {
  let supervisor: Page;

  it('the supervisor lands on the provinces side by side: every company of the registry, a national row, classes', async () => {
    supervisor = await staffPage('nwwec.supervisor', '/');
    await supervisor.waitForURL(/\/national(\?|$)/);
    await rowsOf(supervisor, 'comparison-row').first().waitFor();
    await expectRtl(supervisor);
    const companies = await graphqlFromPage(supervisor, '{ national { companies { id code } } }');
    expect(companies.data.national.companies).toHaveLength(registryCompanies.length);
    await expect.poll(() => rowsOf(supervisor, 'comparison-row').count()).toBe(registryCompanies.length);
    await expect(rowsOf(supervisor, 'comparison-national').count()).resolves.toBe(1);
    // Each company has its overall class (or «داده ناکافی»), in words.
    const classes = await supervisor.locator('[data-testid=comparison-row] [data-class]').allTextContents();
    expect(classes.length).toBeGreaterThanOrEqual(registryCompanies.length);
    for (const text of classes) expect(text).toMatch(/ضعیف|متوسط|قوی|داده ناکافی/);
    // Only the national screens are in the menu (no company's screens for a supervisor).
    const menu = await supervisor.getByRole('navigation').getByRole('link').allTextContents();
    expect(menu).toEqual(['مقایسهٔ استان‌ها', 'رتبه‌بندی شاخص‌ها', 'حوادث کشور (زنده)', 'ارزیابی‌ها']);
    await supervisor.getByTestId('funnel-plot').waitFor();
    await supervisor.getByTestId('trend-chart').waitFor();
    await screenshot(supervisor, 'national-comparison');
    await expectAccessible(supervisor, 'national comparison');
  });

  it('follow-up and complaints (section b) below: the country first, then the companies in the table’s order, as the API counts them', async () => {
    const section = supervisor.locator('section[aria-labelledby=comparison-section-b]');
    await expect(section.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('پیگیری و شکایات (بخش ب)');
    await expect(section.getByTestId('section-b-caption').textContent()).resolves.toContain('«—»');
    await expect(rowsOf(supervisor, 'section-b-national').count()).resolves.toBe(1);
    await expect(section.locator('tbody tr').first().getAttribute('data-testid')).resolves.toBe('section-b-national');
    const order = (table: string) =>
      supervisor
        .locator(`[data-testid=${table}]`)
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-company')));
    expect(await order('section-b-row')).toEqual(await order('comparison-row'));
    expect(await order('section-b-row')).toHaveLength(registryCompanies.length);

    const period = await supervisor.getByTestId('comparison-period').getAttribute('data-period');
    const answer = await graphqlFromPage(supervisor, sectionBQuery, { period });
    const comparison = answer.data.national.comparison;
    // The country's row, a company's (Tehran), and the company with the most complaints if another has any.
    expect(await shownSectionB(rowsOf(supervisor, 'section-b-national'))).toEqual(sectionBTexts(comparison.national));
    type Company = { company: { code: string }; figures: SectionBFigures };
    const companies = comparison.companies as Company[];
    const busiest = [...companies].sort((a, b) => b.figures.complaintsReceived - a.figures.complaintsReceived)[0];
    for (const code of new Set(['tehran', busiest?.company.code ?? 'tehran'])) {
      const figures = companies.find((c) => c.company.code === code)?.figures;
      if (!figures) throw new Error(`no figures for ${code}`);
      const row = supervisor.locator(`[data-testid=section-b-row][data-company=${code}]`);
      expect(await shownSectionB(row)).toEqual(sectionBTexts(figures));
    }
    // Without a case a rate is «—», never 0: whatever the demo data holds, some row shows one or every row has cases.
    const withoutCases = companies.filter((c) => c.figures.followUpFixedRate == null).map((c) => c.company.code);
    for (const code of withoutCases.slice(0, 3)) {
      const row = supervisor.locator(`[data-testid=section-b-row][data-company=${code}]`);
      await expect(row.locator('[data-measure=followUpFixedRate]').textContent()).resolves.toBe('—');
    }
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.join(repositoryRoot, 'test-results/e2e/national-section-b.png') });
    await expectRtl(supervisor);
  });

  it('the period changes (a quarter, in Persian words) and the table sorts by a column', async () => {
    await supervisor.getByTestId('period-kind').getByText('فصل').click();
    await supervisor.waitForURL(/period=\d{4}-Q[1-4]/);
    const period = new URL(supervisor.url()).searchParams.get('period');
    await expect.poll(() => supervisor.getByTestId('comparison-period').getAttribute('data-period')).toBe(period);
    const label = await supervisor.getByTestId('period-select').locator('option:checked').textContent();
    expect(label).toMatch(/^(بهار|تابستان|پاییز|زمستان) [۰-۹]{4}$/);

    // By rank, then by rank descending: the worst ranked company first, the unranked (insufficient) always last.
    await supervisor.getByTestId('sort-رتبه').click();
    await supervisor.getByTestId('sort-رتبه').click();
    const ranks = (await supervisor
      .locator('[data-testid=comparison-row]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rank')))) as (string | null)[];
    const ranked = ranks.filter((r): r is string => r !== null).map(Number);
    expect(ranked.length).toBeGreaterThan(1);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(ranks.slice(0, ranked.length).every((r) => r !== null)).toBe(true);
    await expect(supervisor.locator('th[aria-sort=descending]').textContent()).resolves.toContain('رتبه');
  });

  it('the comparison exports to an Excel file: a right-to-left sheet, Persian headers, numbers as numbers, section (b) too', async () => {
    const workbook = await downloadedWorkbook(supervisor, 'comparison-excel');
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.views[0]?.rightToLeft).toBe(true);
    const headers = (sheet.getRow(1).values as unknown[]).filter(Boolean);
    expect(headers).toContain('شرکت');
    expect(headers).toContain('رتبه');
    // The national row, then one row per company.
    expect(sheet.rowCount).toBe(1 + 1 + registryCompanies.length);
    // The KPI's name as the national configuration gives it («سطح خدمت (پاسخ تا ۲۰ ثانیه)»).
    const rateColumn = headers.findIndex((h) => String(h).startsWith('سطح خدمت')) + 1;
    expect(rateColumn).toBeGreaterThan(0);
    const national = sheet.getRow(2).getCell(rateColumn).value;
    expect(typeof national).toBe('number');
    // Section (b)'s counts as numbers, the country's equal to the API's for the period shown.
    const period = await supervisor.getByTestId('comparison-period').getAttribute('data-period');
    const answer = await graphqlFromPage(supervisor, sectionBQuery, { period });
    for (const [header, figure] of [
      ['پیگیری گشوده', 'followupsOpened'],
      ['شکایت دریافتی', 'complaintsReceived'],
    ] as const) {
      const column = headers.indexOf(header) + 1;
      expect(column).toBeGreaterThan(0);
      expect(sheet.getRow(2).getCell(column).value).toBe(answer.data.national.comparison.national[figure]);
    }
  });

  it('a KPI ranking: by score, with both intervals, class, funnel position and observed against expected', async () => {
    await supervisor.goto(`${platform.baseUrl}/national/kpi/SLA_COMPLIANCE`);
    await rowsOf(supervisor, 'ranking-row').first().waitFor();
    await expect.poll(() => rowsOf(supervisor, 'ranking-row').count()).toBe(registryCompanies.length);
    // Each company with cases has its position in the funnel; one without a case has none to show.
    const period = await supervisor.getByTestId('period-select').inputValue();
    const answer = await graphqlFromPage(
      supervisor,
      'query($period: String!) { national { comparison(period: $period) { companies { standings { kpi n } } } } }',
      { period },
    );
    const withCases = answer.data.national.comparison.companies.filter(
      (c: { standings: { kpi: string; n: number }[] }) =>
        c.standings.some((s) => s.kpi === 'SLA_COMPLIANCE' && s.n > 0),
    ).length;
    expect(withCases).toBeGreaterThan(0);
    expect(await supervisor.locator('[data-funnel]').count()).toBe(withCases);
    await screenshot(supervisor, 'national-ranking');
    await expectAccessible(supervisor, 'national ranking');
  });

  it('a company drilled into: its figures, its units level by level, counts under 5 shown as «<۵»', async () => {
    await supervisor.goto(`${platform.baseUrl}/national`);
    await supervisor.locator('[data-company=tehran] [data-testid=company-link]').click();
    await supervisor.waitForURL(/\/national\/company\//);
    await rowsOf(supervisor, 'drill-row').first().waitFor();
    await expect(supervisor.getByTestId('drill-company').textContent()).resolves.toContain('تهران');
    // Section (b)'s facts of the company in the period, as the API counts them.
    await supervisor.getByTestId('drill-section-b').waitFor();
    const period = await supervisor.getByTestId('period-select').inputValue();
    const answer = await graphqlFromPage(supervisor, sectionBQuery, { period });
    const tehran = answer.data.national.comparison.companies.find(
      (c: { company: { code: string } }) => c.company.code === 'tehran',
    );
    expect(await shownSectionB(supervisor.getByTestId('drill-section-b'))).toEqual(sectionBTexts(tehran.figures));
    await expectAccessible(supervisor, 'national drill-down');
    // A district office with units under it opens them.
    const parent = supervisor.locator('[data-testid=drill-row][data-has-children=true]').first();
    const parentName = (await parent.getByTestId('drill-open').textContent())?.replace(/[‹›]/g, '').trim() ?? '';
    await parent.getByTestId('drill-open').click();
    await supervisor.getByTestId('drill-path').waitFor();
    await expect(supervisor.getByTestId('drill-path').textContent()).resolves.toContain(parentName);
    await rowsOf(supervisor, 'drill-row').first().waitFor();
    await screenshot(supervisor, 'national-drill-units');
    // By day the counts are small: somewhere a count of 1 to 4 is held back as «<۵», explained beside the table.
    await supervisor.getByTestId('drill-by').getByText('روز').click();
    await supervisor.waitForURL(/by=DAY/);
    await supervisor.locator('[data-testid=drill-row][data-by=DAY]').first().waitFor();
    await expect.poll(() => supervisor.getByTestId('below-minimum').count()).toBeGreaterThan(0);
    await expect(supervisor.getByTestId('below-minimum').first().textContent()).resolves.toBe('<۵');
    await expect(supervisor.getByTestId('below-minimum-legend').textContent()).resolves.toContain('کمتر از ۵');
    // A day's calls are a few abandoned beside many answered: offered = answered + abandoned would give the «<۵»
    // away, so the answered count is «محفوظ», with why on hover or focus.
    await expect(supervisor.getByTestId('withheld').first().textContent()).resolves.toBe('محفوظ');
    await expect(supervisor.getByTestId('withheld').first().getAttribute('title')).resolves.toContain('کمتر از ۵');
    await expect(supervisor.getByTestId('below-minimum-legend').textContent()).resolves.toContain('محفوظ');
    await screenshot(supervisor, 'national-drill-days');
    const workbook = await downloadedWorkbook(supervisor, 'drill-excel');
    expect(workbook.worksheets[0]?.views[0]?.rightToLeft).toBe(true);
  });

  it('the live incident board: major first, with age, and a new incident appears without reloading', async () => {
    await supervisor.goto(`${platform.baseUrl}/national/incidents`);
    await supervisor.getByTestId('board-live').waitFor();
    await supervisor.locator('[data-testid=board-table], [data-testid=board-count]').first().waitFor();
    const before = Number((await supervisor.getByTestId('board-count').getAttribute('data-count')) ?? 0);

    const agent = await staffPage('tehran.agent', '/agent');
    const units = await graphqlFromPage(agent, '{ units(first: 200) { nodes { id nameFa } } }');
    const unit = units.data.units.nodes.find((u: { nameFa: string }) => u.nameFa === 'امور آب و فاضلاب ورامین');
    const opened = await graphqlFromPage(
      agent,
      `mutation($input: OpenIncidentInput!) { openIncident(input: $input) {
        __typename ... on OpenIncidentSuccess { data { id } } } }`,
      { input: { categoryCode: 'water.main_break', unitId: unit.id, title: 'شکستگی خط اصلی — آزمون تابلو ملی' } },
    );
    expect(opened.data.openIncident.__typename).toBe('OpenIncidentSuccess');
    await agent.context().close();

    await expect
      .poll(async () => Number((await supervisor.getByTestId('board-count').getAttribute('data-count')) ?? 0))
      .toBe(before + 1);
    const majors = (await supervisor
      .locator('[data-testid=board-row]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-major') === 'true'))) as boolean[];
    // Major ones first: no major after a normal one.
    expect(majors.indexOf(false) === -1 || !majors.slice(majors.indexOf(false)).includes(true)).toBe(true);
    expect(await supervisor.getByTestId('board-age').first().textContent()).toMatch(/دقیقه|ساعت|روز/);
    await screenshot(supervisor, 'national-incidents');
    await expectAccessible(supervisor, 'national incident board');
  });

  it('an evaluation visit is recorded (a bad value refused next to its field) and a class overridden with a reason', async () => {
    await supervisor.goto(`${platform.baseUrl}/national/evaluations`);
    await supervisor.getByTestId('evaluation-record-toggle').click();
    const companies = await graphqlFromPage(supervisor, '{ national { companies { id code } } }');
    const tehran = companies.data.national.companies.find((c: { code: string }) => c.code === 'tehran');
    await supervisor.getByTestId('evaluation-company').selectOption(tehran.id);
    await supervisor.getByTestId('evaluation-date').fill('۱۴۰۵/۰۸/۱۲');
    await supervisor.getByTestId('evaluation-class').selectOption('STRONG');
    await supervisor.getByTestId('evaluation-findings').fill('پاسخگویی شبانه بهتر شده؛ پیگیری شکایت‌ها کند است.');
    // Out of range: refused next to the score, in Persian, before anything is sent.
    await supervisor.getByTestId('evaluation-score').fill('۱۵۰');
    await supervisor.getByTestId('evaluation-submit').click();
    await expect.poll(() => supervisor.getByTestId('evaluation-score').getAttribute('aria-invalid')).toBe('true');
    // A visit in the future: the API refuses it naming the field, and its Persian words stand next to the date.
    await supervisor.getByTestId('evaluation-score').fill('۸۲٫۵');
    await supervisor.getByTestId('evaluation-date').fill('۱۴۲۰/۰۱/۰۱');
    await supervisor.getByTestId('evaluation-submit').click();
    await expect.poll(() => supervisor.getByTestId('evaluation-date').getAttribute('aria-invalid')).toBe('true');
    const described = (await supervisor.getByTestId('evaluation-date').getAttribute('aria-describedby')) ?? '';
    const errorId = described.split(' ').find((id) => id.endsWith('-error')) ?? '';
    await expect.poll(() => supervisor.locator(`[id="${errorId}"]`).textContent()).toContain('آینده');
    expect(await supervisor.locator('[data-testid=evaluation-row][data-company=tehran]').count()).toBe(0);
    await expectAccessible(supervisor, 'national evaluation form');
    await supervisor.getByTestId('evaluation-date').fill('۱۴۰۵/۰۸/۱۲');
    await supervisor.getByTestId('evaluation-submit').click();
    await supervisor.getByTestId('evaluation-notice').waitFor();
    await expect
      .poll(() => supervisor.locator('[data-testid=evaluation-row][data-company=tehran]').count())
      .toBeGreaterThan(0);
    await screenshot(supervisor, 'national-evaluations');

    await supervisor.getByTestId('class-override-toggle').click();
    await supervisor.getByTestId('override-company').selectOption(tehran.id);
    await supervisor.getByTestId('override-class').selectOption('STRONG');
    const period = await supervisor.getByTestId('override-period').inputValue();
    await supervisor.getByTestId('override-reason').fill('بازدید ارزیابی آبان: بهبود پایدار');
    await supervisor.getByTestId('override-submit').click();
    await supervisor.getByTestId('evaluation-notice').waitFor();
    await supervisor.goto(`${platform.baseUrl}/national?period=${period}`);
    const row = supervisor.locator('[data-testid=comparison-row][data-company=tehran]');
    await expect.poll(() => row.getByTestId('class-override').textContent()).toContain('بهبود پایدار');
    await expectAccessible(supervisor, 'national comparison with an override');
  });

  it('the PDF report downloads with the bearer token', async () => {
    const answer = await supervisor.evaluate(async (period) => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:')) ?? '';
      const token = JSON.parse(sessionStorage.getItem(key) ?? '{}').access_token;
      const response = await fetch(`/national/report.pdf?period=${period}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, type: response.headers.get('content-type') };
    }, '1405-08');
    expect(answer).toEqual({ status: 200, type: expect.stringContaining('application/pdf') });
  });

  it('on a phone the comparison stacks into cards and nothing scrolls sideways', async () => {
    const phone = await staffPage('nwwec.supervisor', '/national', { phone: true });
    await rowsOf(phone, 'comparison-row').first().waitFor();
    await phone.getByTestId('funnel-plot').waitFor();
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(repositoryRoot, 'test-results/e2e/national-phone.png') });
    await phone.context().close();
  });

  it('on a phone a company’s days: held-back counts explained, nothing sideways; a lost connection offers a retry; an unknown company is said so', async () => {
    const phone = await staffPage('nwwec.supervisor', '/national', { phone: true });
    await rowsOf(phone, 'comparison-row').first().waitFor();
    const companies = await graphqlFromPage(phone, '{ national { companies { id code } } }');
    const tehran = companies.data.national.companies.find((c: { code: string }) => c.code === 'tehran');
    await phone.goto(`${platform.baseUrl}/national/company/${tehran.id}?by=DAY`);
    await phone.locator('[data-testid=drill-row][data-by=DAY]').first().waitFor();
    await expect.poll(() => phone.getByTestId('withheld').count()).toBeGreaterThan(0);
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(phone, 'national-drill-phone');

    // The connection drops: another view says so in words, with a retry that works once it is back.
    let offline = true;
    await phone.route('**/graphql', (route) => (offline ? route.abort('internetdisconnected') : route.fallback()));
    await phone.getByTestId('drill-by').getByText('کانال').click();
    await phone.getByRole('alert').waitFor();
    await screenshot(phone, 'national-drill-offline');
    offline = false;
    await phone.getByRole('alert').getByRole('button').click();
    await phone.locator('[data-testid=drill-row][data-by=CHANNEL]').first().waitFor();
    expect(await phone.getByRole('alert').count()).toBe(0);

    // A company that does not exist (a mistyped address) is refused in words, not an empty page.
    await phone.goto(`${platform.baseUrl}/national/company/00000000-0000-4000-8000-000000000000`);
    await phone.getByRole('alert').waitFor();
    await expect(phone.getByRole('alert').textContent()).resolves.toMatch(/شرکت/);
    await screenshot(phone, 'national-drill-unknown');
    await phone.context().close();
  });

  it('in English the comparison reads left to right and still never scrolls the page sideways', async () => {
    await supervisor.goto(`${platform.baseUrl}/national`);
    await rowsOf(supervisor, 'comparison-row').first().waitFor();
    await supervisor.getByTestId('language-switch').click();
    await expect.poll(() => supervisor.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await supervisor.getByText('Provinces side by side', { exact: true }).first().waitFor();
    expect(
      await supervisor.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(supervisor, 'national-comparison-en');
    await expectAccessible(supervisor, 'national comparison in English');
    await supervisor.getByTestId('language-switch').click();
    await expect.poll(() => supervisor.evaluate(() => document.documentElement.dir)).toBe('rtl');
  });

  it('a centre manager sees the company’s standing against the national value, and nothing of the national view', async () => {
    const manager = await staffPage('tehran.manager', '/benchmark');
    await rowsOf(manager, 'benchmark-kpi').first().waitFor();
    await expect.poll(() => rowsOf(manager, 'benchmark-kpi').count()).toBe(10); // six contact and request KPIs, two of complaints, two of surveys
    await expect.poll(() => rowsOf(manager, 'benchmark-peer').count()).toBe(registryCompanies.length);
    expect(await manager.locator('[data-testid=benchmark-peer][data-own=true]').count()).toBe(1);
    await screenshot(manager, 'national-benchmark');
    await expectAccessible(manager, 'company benchmark');
    // The national screens are not the manager's.
    const refused = await graphqlFromPage(manager, '{ national { companies { id } } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await manager.goto(`${platform.baseUrl}/national`);
    await manager.getByRole('alert').waitFor();
    await manager.context().close();
  });
});
