import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  jalaliKey,
  jalaliPeriodOf,
  openDatabase,
  type RollupPeriod,
  rowsOf,
  type Tx,
  toJalali,
  withTenant,
} from '@abfa/schema';
import { makeReport, refreshRollups, reportPeriodOf, rollupDayOf } from '@abfa/server';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  buildPortal,
  expectAccessible,
  expectRtl,
  graphqlFromPage,
  launchBrowser,
  newContext,
  persianDigits,
  sidewaysScroll,
  signIn,
  tokenTtlSeconds,
} from '../support/browser.js';
import { cleanEnv, type ServerProcess, startServer } from '../support/server-process.js';

/**
 * The centre's statistics in use (section c, issue 15 §4): the centre manager reads the dashboard for the month under
 * way — KPI cards with their formulas, the weekly and monthly trend, the units side by side with Excel — and the
 * weekly and monthly reports kept by the jobs, one report's cases that need follow-up, its Excel and its PDF.
 *
 * The embedded platform is single-process (PGlite): it is started once to seed the demo companies, stopped while
 * this file adds completed surveys to Tehran's last month and makes the month's and the week's reports with the jobs'
 * own `makeReport`, then started again on the same data folder.
 */

let baseUrl = '';
let server: ServerProcess | undefined;
let browser: Browser;
let dataDir = '';
/** The reports made in the setup, and the tracking codes of the cases the monthly one lists. */
let monthly: RollupPeriod;
let caseCodes: string[] = [];

const screenshots = '/tmp';
const env = () => cleanEnv({ DATA_DIR: dataDir, EMBEDDED_ISSUER_TOKEN_TTL: String(tokenTtlSeconds) });

/** Tehran's last month: a dozen telephone surveys of its resolved requests, four "not fixed", one scoring 2 overall. */
async function addSurveysAndReports(): Promise<void> {
  const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
  try {
    const [tehran] = rowsOf<{ id: string }>(
      await database.root.execute(sql`select tenant_id::text as id from tenant where code = 'tehran'`),
    );
    if (!tehran) throw new Error('no tehran');
    const now = new Date();
    monthly = reportPeriodOf('monthly', now);
    const asCompany = <T>(work: (tx: Tx) => Promise<T>) =>
      withTenant(database.root, { tenantId: tehran.id, actor: 'test:e2e' }, work);
    const made = await asCompany(async (tx) => {
      const rows = rowsOf<{ code: string; completed: string }>(
        await tx.execute(sql`
          with chosen as (
            select r.request_id, r.tracking_code, r.assigned_unit_id, r.category_code, r.resolved_at,
                   row_number() over (order by r.resolved_at) as n
            from request r
            where r.status in ('resolved', 'closed') and r.assigned_unit_id is not null
              and (r.resolved_at at time zone 'Asia/Tehran')::date between ${monthly.from}::date and (${monthly.to}::date - 1)
            order by r.resolved_at
            limit 12)
          insert into survey (tenant_id, method, request_id, unit_id, category_code, reason, status, answers,
                              call_score, fixed, fix_score, overall_score, sampled_at, completed_at, ended_at,
                              completed_by)
          select ${tehran.id}::uuid, 'phone', request_id, assigned_unit_id, category_code, '{"rule":"e2e"}', 'completed',
                 case when n % 3 = 0 then '{"comment":"هنوز آب گل‌آلود است"}'::jsonb else '{}'::jsonb end,
                 5, n % 3 <> 0, case when n % 3 = 0 then 2 else 5 end, case when n = 4 then 2 else 4 end,
                 resolved_at + interval '1 hour', resolved_at + interval '2 hours', resolved_at + interval '2 hours',
                 'tehran.survey'
          from chosen
          returning (select tracking_code from request q where q.request_id = survey.request_id) as code,
                    (case when fixed = false or fix_score <= 2 or overall_score <= 2 then 'yes' else 'no' end)
                      as completed`),
      );
      const days = new Set<string>();
      for (const row of rowsOf<{ at: string }>(
        await tx.execute(sql`select completed_at::text as at from survey where reason->>'rule' = 'e2e'`),
      ))
        days.add(rollupDayOf(new Date(row.at), 'Asia/Tehran'));
      await refreshRollups(tx, { tenantId: tehran.id, days: [...days] });
      await makeReport(tx, tehran.id, 'monthly', { now });
      await makeReport(tx, tehran.id, 'weekly', { now });
      return rows;
    });
    caseCodes = made.filter((r) => r.completed === 'yes').map((r) => r.code);
    expect(caseCodes.length).toBeGreaterThanOrEqual(4);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-e2e-statistics-'));
  await buildPortal();
  browser = await launchBrowser();
  // First start: migrations, the registry, the demo companies and their rollups.
  const first = await startServer(env());
  await first.stop();
  await addSurveysAndReports();
  server = await startServer(env());
  baseUrl = server.baseUrl;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function staffPage(username: string, target: string, options: { phone?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  onTestFailed(async () => {
    console.error(`page errors (${username}, ${target}):\n${errors.join('\n')}\nat ${page.url()}`);
    if (!page.isClosed()) await page.screenshot({ path: `${screenshots}/statistics-failed-${Date.now()}.png` });
  });
  if (!options.phone) await signIn(page, baseUrl, username, target);
  else {
    await page.goto(`${baseUrl}${target}`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill('abfa-demo');
    await page.locator('button[type=submit]').click();
  }
  return page;
}

/** A rate as the portal writes it in Persian: «۸۳٫۸٪»; «—» without cases. */
const rateText = (v: number | null) => (v == null ? '—' : `${persianDigits((v * 100).toFixed(1)).replace('.', '٫')}٪`);
const countText = (n: number) => new Intl.NumberFormat('fa-IR').format(n);
const secondsText = (v: number | null) => (v == null ? '—' : `${persianDigits(v.toFixed(1)).replace('.', '٫')} ثانیه`);

const dashboardQuery = `query($period: String!) { centreDashboard(period: $period) {
  company { contactsOffered contactsAbandonedUnseen serviceLevel averageSpeedOfAnswerSeconds abandonmentRate
    firstContactResolutionRate slaCompliance csat verifiedFixRate reopenRate complaintsReceived }
  units { unitId }
  weeks { key } } }`;

/** Downloads what a click starts: its suggested name and bytes. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [started] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = await started.path();
  return { name: started.suggestedFilename(), bytes: await readFile(file) };
}

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}

describe('the centre’s statistics', () => {
  let manager: Page;
  const month = jalaliPeriodOf(rollupDayOf(new Date(), 'Asia/Tehran'), 'month');

  it('the dashboard for the month under way shows the API’s figures, each KPI with its formula', async () => {
    manager = await staffPage('tehran.manager', `/statistics?period=${month}`);
    await manager.locator(`[data-testid=dashboard][data-period="${month}"]`).waitFor();
    await expectRtl(manager);
    await expect(manager.getByRole('navigation').getByRole('link', { name: 'آمار و گزارش‌ها' }).count()).resolves.toBe(
      1,
    );
    const answer = await graphqlFromPage(manager, dashboardQuery, { period: month });
    const f = answer.data.centreDashboard.company;
    const expected: Record<string, string> = {
      serviceLevel: rateText(f.serviceLevel),
      asa: secondsText(f.averageSpeedOfAnswerSeconds),
      abandonment: rateText(f.abandonmentRate),
      unseen: countText(f.contactsAbandonedUnseen),
      fcr: rateText(f.firstContactResolutionRate),
      sla: rateText(f.slaCompliance),
      csat: rateText(f.csat),
      verifiedFix: rateText(f.verifiedFixRate),
      reopen: rateText(f.reopenRate),
      complaints: countText(f.complaintsReceived),
    };
    const shown = Object.fromEntries(
      await manager
        .locator('[data-testid=kpi-card]')
        .evaluateAll((cards) =>
          cards.map((c) => [
            c.getAttribute('data-kpi') ?? '',
            c.querySelector('[data-testid=kpi-value]')?.textContent?.trim() ?? '',
          ]),
        ),
    );
    expect(shown).toEqual(expected);
    // The demo month has calls and requests: the main rates have cases.
    expect(f.contactsOffered).toBeGreaterThan(0);
    expect(shown.serviceLevel).toMatch(/^[۰-۹]+٫[۰-۹]٪$/);

    // A KPI's formula, on hover or focus of the «?» beside its name.
    const sla = manager.locator('[data-kpi=sla] [data-testid=kpi-formula]');
    await sla.focus();
    await expect
      .poll(() => manager.getByRole('tooltip').textContent())
      .toContain('رفع‌های انجام‌شده تا موعد ÷ همهٔ رفع‌های دوره');
    await expect(sla.getAttribute('aria-description')).resolves.toContain('÷');

    // The units side by side (as many as the API gives), and the weekly trend by the API's Jalali weeks.
    await expect.poll(() => manager.getByTestId('unit-row').count()).toBe(answer.data.centreDashboard.units.length);
    // The weeks the API gives up to this one (a planned water cut's start can put rows on days still to come).
    const todayKey = jalaliKey(toJalali(new Date()));
    const weeks = answer.data.centreDashboard.weeks
      .map((w: { key: string }) => w.key)
      .filter((key: string) => key <= todayKey)
      .join(' ');
    expect(weeks).not.toBe('');
    await expect.poll(() => manager.getByTestId('trend-weeks').getAttribute('data-keys')).toBe(weeks);
    await manager.locator('[data-testid=trend-weeks] svg.recharts-surface').first().waitFor();
    await manager.locator('[data-testid=trend-months] svg.recharts-surface').first().waitFor();
    await manager.screenshot({ path: `${screenshots}/statistics-dashboard.png`, fullPage: true });
    await expectAccessible(manager, 'statistics dashboard');
  });

  it('the units export to Excel: a right-to-left sheet with the units as rows and numbers as numbers', async () => {
    const { name, bytes } = await download(manager, 'units-excel');
    expect(name).toBe(`statistics-units-${month}.xlsx`);
    const workbook = await workbookOf(bytes);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.views[0]?.rightToLeft).toBe(true);
    expect((sheet.getRow(1).values as unknown[]).filter(Boolean)).toContain('درخواست ثبت‌شده');
    expect(sheet.rowCount).toBe(1 + (await manager.getByTestId('unit-row').count()));
    expect(typeof sheet.getRow(2).getCell(2).value).toBe('number');
  });

  it('on a phone: the cards and units fit the screen, nothing scrolls sideways', async () => {
    const phone = await staffPage('tehran.manager', `/statistics?period=${month}`, { phone: true });
    await phone.locator(`[data-testid=dashboard][data-period="${month}"]`).waitFor();
    await phone.locator('[data-testid=trend-weeks] svg.recharts-surface').first().waitFor();
    await phone.getByTestId('unit-row').first().waitFor();
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: `${screenshots}/statistics-dashboard-phone.png`, fullPage: true });
    await expectAccessible(phone, 'statistics dashboard (phone)');
    await phone.context().close();
  });

  it('the reports list shows the month’s and the week’s report made by the jobs, latest first', async () => {
    await manager.getByTestId('reports-link').click();
    await manager.waitForURL(/\/statistics\/reports$/);
    await manager.getByTestId('report-row').first().waitFor();
    const periods = await manager
      .locator('[data-testid=report-row]')
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-kind')} ${r.getAttribute('data-period')}`));
    expect(periods).toContain(`MONTHLY ${monthly.key}`);
    expect(periods.some((p) => p.startsWith('WEEKLY '))).toBe(true);
    // The month in Jalali words, the week by its Jalali days; generated today (Jalali, Persian digits).
    const row = manager.locator(`[data-testid=report-row][data-period="${monthly.key}"]`);
    await expect(row.getByTestId('report-period').textContent()).resolves.toBe(monthly.labelFa);
    const today = jalaliKey(toJalali(new Date())).replace(/-/g, '/');
    await expect(row.locator('time').textContent()).resolves.toContain(persianDigits(today));
    // Only the monthly ones.
    await manager.getByTestId('report-kind').getByText('ماهانه').click();
    await manager.waitForURL(/kind=MONTHLY/);
    await expect.poll(() => manager.locator('[data-testid=report-row][data-kind=WEEKLY]').count()).toBe(0);
    await manager.screenshot({ path: `${screenshots}/statistics-reports.png`, fullPage: true });
    await expectAccessible(manager, 'statistics reports');
  });

  it('a report shows its cases with links to the requests; Excel (every table a sheet) and PDF download', async () => {
    await manager.locator(`[data-testid=report-row][data-period="${monthly.key}"] [data-testid=report-link]`).click();
    await manager.locator(`[data-testid=report][data-period="${monthly.key}"]`).waitFor();
    await expect(manager.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `گزارش ماهانه — ${monthly.labelFa}`,
    );
    await expect.poll(() => manager.getByTestId('case-row').count()).toBe(caseCodes.length);
    const codes = await manager
      .locator('[data-testid=case-row]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect([...codes].sort()).toEqual([...caseCodes].sort());
    // A case's tracking code in Persian digits, linking to its request.
    const link = manager.getByTestId('case-link').first();
    await expect(link.textContent()).resolves.toMatch(/^[۰-۹]+(-[۰-۹]+)+$/);
    await expect(link.getAttribute('href')).resolves.toMatch(/^\/desk\/\d+$/);
    await expect(manager.getByTestId('score-row').count()).resolves.toBeGreaterThan(0);
    await expect(manager.getByText('دادهٔ ناکافی').first().isVisible()).resolves.toBe(true);
    await manager.screenshot({ path: `${screenshots}/statistics-report.png`, fullPage: true });
    await expectAccessible(manager, 'statistics report');

    const excel = await download(manager, 'report-excel');
    expect(excel.name).toBe(`statistics-monthly-${monthly.key}.xlsx`);
    const workbook = await workbookOf(excel.bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'خلاصهٔ شاخص‌ها',
      'واحدها کنار هم',
      'امتیاز نظرسنجی واحدها',
      'موارد نیازمند پیگیری',
    ]);
    expect(workbook.worksheets[3]?.rowCount).toBe(1 + caseCodes.length);
    expect(workbook.worksheets[0]?.rowCount).toBe(1 + 10);

    const pdf = await download(manager, 'report-pdf');
    expect(pdf.name).toBe(`statistics-monthly-${monthly.key}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(manager.getByRole('alert').count()).resolves.toBe(0);

    // Its request opens from the case.
    await link.click();
    await manager.waitForURL(/\/desk\/\d+$/);
  });

  it('a report on a phone: its tables are cards and nothing scrolls sideways', async () => {
    const list = await graphqlFromPage(
      manager,
      '{ statisticsReports(first: 5, kind: MONTHLY) { nodes { id periodKey } } }',
    );
    const id = list.data.statisticsReports.nodes[0].id as string;
    const uuid = Buffer.from(id, 'base64').toString().split(':')[1];
    const phone = await staffPage('tehran.manager', `/statistics/reports/${uuid}`, { phone: true });
    await phone.getByTestId('case-row').first().waitFor();
    expect(await sidewaysScroll(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: `${screenshots}/statistics-report-phone.png`, fullPage: true });
    await phone.context().close();
  });

  it('an agent has no statistics: not in the menu, the screen says so', async () => {
    const agent = await staffPage('tehran.agent', '/statistics');
    await expect(agent.getByRole('alert').textContent()).resolves.toContain('این بخش برای نقش شما در دسترس نیست');
    await expect(agent.getByRole('navigation').getByRole('link', { name: 'آمار و گزارش‌ها' }).count()).resolves.toBe(0);
    await agent.context().close();
  });
});
