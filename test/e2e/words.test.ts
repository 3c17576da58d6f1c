import type { Browser, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import {
  expectAccessible,
  expectRtl,
  graphqlFromPage,
  newContext,
  type Platform,
  screenshot,
  signIn,
  withPortal,
} from '../support/browser.js';

/**
 * Words and digits as people read them (issue 10, defects 2 and 5, feature 12): no mask or separator a reader takes
 * for the Persian zero, planned water cuts never called a blackout, typed digits shown in Persian, people by name,
 * one tracking-code format on every screen, and an answer script for an emergency call.
 */

let platform: Platform;
let browser: Browser;

/** Each a small round dot in Vazirmatn: beside Persian digits it reads as the zero «۰». */
const zeroLookalikes = ['•', '·', '∙', '⋅', '●', '◦', '・', '٠'];
const persian = (text: string) => text.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);
/** The one reading format (as the API's trackingCodeDisplay groups it), in Persian digits. */
function readingFormat(code: string): string {
  const groups = Math.ceil(code.length / 4);
  const base = Math.floor(code.length / groups);
  const parts: string[] = [];
  for (let g = 0, at = 0; g < groups; g++) {
    const size = base + (g < code.length % groups ? 1 : 0);
    parts.push(code.slice(at, at + size));
    at += size;
  }
  return persian(parts.join('-'));
}

/** A GraphQL call with the signed-in person's own token, as another screen would make it. */
async function api(page: Page, query: string, variables: Record<string, unknown> = {}) {
  const body = await graphqlFromPage(page, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

/** What the manager registers through the API for the screens to show (one set per run). */
interface Fixture {
  code: string;
  publicToken: string;
  incidentId: string;
  unitId: string;
  managerName: string;
  mobile: string;
}
let fixture: Fixture;

async function prepare(page: Page): Promise<Fixture> {
  const { viewer, units } = await api(page, '{ viewer { displayName } units(first: 100) { nodes { id nameFa } } }');
  const unitId = units.nodes.find((u: { nameFa: string }) => u.nameFa === 'امور آب و فاضلاب اسلامشهر').id;
  const digits = String(Date.now()).slice(-7);
  const mobile = `0912${digits}`;
  const customer = await api(
    page,
    `mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) {
      __typename ... on RegisterSubscriberSuccess { data { id } } } }`,
    { input: { ownerName: 'نرگس کاظمی', subscriptionNumber: `66${digits}`, mobile } },
  );
  const registered = await api(
    page,
    `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
      __typename ... on RegisterRequestSuccess { data { id trackingCode publicToken } } } }`,
    {
      input: {
        categoryCode: 'water.branch_leak',
        channel: 'PHONE',
        callerMobile: mobile,
        subscriberId: customer.registerSubscriber.data.id,
        locationUnitId: unitId,
        // Typed with ASCII digits, as a Persian keyboard's number row often sends them.
        address: 'اسلامشهر، کوچه 12، پلاک 3',
        description: 'از ساعت 8 صبح آب از انشعاب بیرون می‌زند',
      },
    },
  );
  const request = registered.registerRequest.data;
  await api(page, `mutation($input: RecordContactInput!) { recordContact(input: $input) { __typename } }`, {
    input: { channel: 'PHONE', outcome: 'REQUEST_REGISTERED', requestId: request.id, callerNumber: mobile },
  });
  const opened = await api(
    page,
    `mutation($u: ID!) { openIncident(input: { unitId: $u, categoryCode: "water.branch_leak", title: "نشت انشعاب کوچه 12" }) {
      __typename ... on OpenIncidentSuccess { data { id } } } }`,
    { u: unitId },
  );
  const incidentId = opened.openIncident.data.id;
  await api(
    page,
    'mutation($i: ID!, $r: ID!) { linkRequestToIncident(incidentId: $i, requestId: $r) { __typename } }',
    {
      i: incidentId,
      r: request.id,
    },
  );
  const now = Date.now();
  await api(
    page,
    `mutation($input: RegisterPlannedOutageInput!) { registerPlannedOutage(input: $input) { __typename } }`,
    {
      input: {
        unitId,
        area: 'اسلامشهر، خیابان 17 شهریور',
        reason: 'تعویض شیر خط 300',
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 3 * 3_600_000).toISOString(),
      },
    },
  );
  return {
    code: request.trackingCode,
    publicToken: request.publicToken,
    incidentId,
    unitId,
    managerName: viewer.displayName,
    mobile,
  };
}

/** The text a reader sees on the page (the navigation too). */
// biome-ignore lint/performance/useDomNodeTextContent: what is rendered is the point, not hidden text
const visibleText = (page: Page) => page.locator('body').innerText();

/** On the agent screen: a branch-leak call (a category that asks for a place), in the area named. */
async function chooseArea(page: Page, name: string) {
  await page.getByTestId('category-picker').focus();
  await page.keyboard.type('نشت آب از انشعاب');
  await page.keyboard.press('Enter');
  await page.getByTestId('area-picker').focus();
  await page.keyboard.type(name);
  await page.getByRole('option', { name }).first().click();
}

let manager: Page;

withPortal(async (p, b) => {
  platform = p;
  browser = b;
  const context = await newContext(browser);
  manager = await context.newPage();
  await signIn(manager, platform.baseUrl, 'tehran.manager', '/desk');
  fixture = await prepare(manager);
});

describe('words and digits', () => {
  it('masked numbers and lists of counts use no character a reader could take for ۰', async () => {
    onTestFailed(() => screenshot(manager, 'failed-words-masks'));
    const masked = `+۹۸۹۱۲***${persian(fixture.mobile.slice(-4))}`;

    await manager.goto(`${platform.baseUrl}/desk/${fixture.code}`);
    const details = manager.getByTestId('request-details');
    await details.waitFor();
    await expect.poll(() => details.textContent()).toContain(masked);

    await manager.goto(`${platform.baseUrl}/contacts`);
    await manager.getByTestId('contact-row').first().waitFor();
    const callers = await manager.getByTestId('contact-caller').allTextContents();
    expect(callers).toContain(masked);
    expect(callers.some((c) => c.includes('***'))).toBe(true);
    await screenshot(manager, 'words-contacts-masked');

    // The agent screen's incidents of the area: «۱ درخواست، ۱ تماس», never «۱ درخواست · ۱ تماس».
    await manager.goto(`${platform.baseUrl}/agent`);
    await chooseArea(manager, 'امور آب و فاضلاب اسلامشهر');
    const incidents = manager.getByTestId('area-incidents');
    await expect.poll(() => incidents.textContent()).toContain('نشت انشعاب کوچه ۱۲');
    expect(await incidents.textContent()).toContain('، ');
    await screenshot(manager, 'words-agent-area');

    for (const path of [
      `/desk/${fixture.code}`,
      '/contacts',
      '/agent',
      '/queue',
      `/incidents?incident=${fixture.incidentId}`,
    ]) {
      await manager.goto(`${platform.baseUrl}${path}`);
      await manager.locator('main').waitFor();
      await manager.waitForLoadState('networkidle');
      const text = await visibleText(manager);
      for (const dot of zeroLookalikes) expect(text.includes(dot), `«${dot}» on ${path}`).toBe(false);
    }
  });

  it('planned water cuts are «قطعی برنامه‌ریزی‌شده آب», never «خاموشی» (a power blackout), on screens and from the API', async () => {
    onTestFailed(() => screenshot(manager, 'failed-words-water-cuts'));
    await manager.goto(`${platform.baseUrl}/outages?view=active`);
    await manager.getByTestId('outage-view').first().waitFor();
    await expect.poll(() => visibleText(manager)).toContain('اسلامشهر، خیابان ۱۷ شهریور');
    const outages = await visibleText(manager);
    expect(outages).toContain('قطعی‌های برنامه‌ریزی‌شده آب');
    expect(outages).not.toContain('خاموشی');
    await screenshot(manager, 'words-outages');
    await expectAccessible(manager, 'planned water cuts');

    await manager.goto(`${platform.baseUrl}/agent`);
    await chooseArea(manager, 'امور آب و فاضلاب اسلامشهر');
    const areaOutages = manager.getByTestId('area-outages');
    await expect.poll(() => areaOutages.textContent()).toContain('قطعی‌های برنامه‌ریزی‌شده آب');
    expect(await visibleText(manager)).not.toContain('خاموشی');

    await manager.goto(`${platform.baseUrl}/contacts?outcome=LINKED_OUTAGE`);
    await manager.locator('main').waitFor();
    await manager.waitForLoadState('networkidle');
    expect(await visibleText(manager)).not.toContain('خاموشی');

    // The API's Persian words: a call "told of a planned water cut" without the water cut.
    const refused = await api(
      manager,
      `mutation { recordContact(input: { channel: PHONE, outcome: LINKED_OUTAGE, categoryCode: "water.cut" }) {
        __typename ... on Error { field messageFa } } }`,
    );
    expect(refused.recordContact.field).toBe('outageId');
    expect(refused.recordContact.messageFa).toContain('قطعی');
    expect(refused.recordContact.messageFa).not.toContain('خاموشی');
  });

  it('typed text shows Persian digits in Persian: addresses, descriptions, titles, areas', async () => {
    onTestFailed(() => screenshot(manager, 'failed-words-digits'));
    await manager.goto(`${platform.baseUrl}/desk/${fixture.code}`);
    const details = manager.getByTestId('request-details');
    await details.waitFor();
    const text = (await details.textContent()) ?? '';
    expect(text).toContain('کوچه ۱۲، پلاک ۳');
    expect(text).toContain('از ساعت ۸ صبح');
    expect(text).not.toMatch(/کوچه 12|ساعت 8/);
    await screenshot(manager, 'words-request-digits');

    await manager.goto(`${platform.baseUrl}/incidents?incident=${encodeURIComponent(fixture.incidentId)}`);
    await expect.poll(() => manager.locator('#incident-detail').textContent()).toBe('نشت انشعاب کوچه ۱۲');

    await manager.goto(`${platform.baseUrl}/queue?unit=${encodeURIComponent(fixture.unitId)}`);
    const item = manager.locator(`[data-testid="queue-item"][data-tracking-code="${fixture.code}"]`);
    await expect.poll(() => item.textContent()).toContain('کوچه ۱۲، پلاک ۳');
  });

  it('people are named, never shown by account id: history, contacts, incidents, knowledge authors', async () => {
    onTestFailed(() => screenshot(manager, 'failed-words-names'));
    const accountId = /demo-[a-z]+\.[a-z-]+/;
    expect(fixture.managerName).toMatch(/\S/);

    await manager.goto(`${platform.baseUrl}/desk/${fixture.code}`);
    await manager.getByTestId('timeline-event').first().waitFor();
    expect(await manager.getByTestId('request-details').textContent()).toContain(fixture.managerName);
    expect(await visibleText(manager)).not.toMatch(accountId);

    await manager.goto(`${platform.baseUrl}/incidents?incident=${encodeURIComponent(fixture.incidentId)}`);
    await manager.locator('#incident-detail').waitFor();
    await expect.poll(() => visibleText(manager)).toContain(fixture.managerName);
    expect(await visibleText(manager)).not.toMatch(accountId);

    await manager.goto(`${platform.baseUrl}/contacts`);
    await manager.getByTestId('contact-row').first().waitFor();
    expect(await visibleText(manager)).not.toMatch(accountId);

    await manager.goto(`${platform.baseUrl}/knowledge`);
    await manager.getByTestId('knowledge-result').first().click();
    await manager.getByTestId('knowledge-body').waitFor();
    await manager.getByTestId('knowledge-version').first().waitFor();
    expect(await visibleText(manager)).not.toMatch(accountId);
    expect(await manager.locator('[data-testid="person"][data-unnamed="true"]').count()).toBe(0);
    await screenshot(manager, 'words-knowledge-author');
  });

  it('a tracking code reads the same on every screen: ۱۲۳۴-۵۶۷۸, in Persian digits', async () => {
    onTestFailed(() => screenshot(manager, 'failed-words-codes'));
    const shown = readingFormat(fixture.code);
    const texts: Record<string, string> = {};

    await manager.goto(`${platform.baseUrl}/desk`);
    const row = manager.locator(`[data-testid="desk-row"][data-tracking-code="${fixture.code}"]`);
    texts.desk = (await row.locator('a').first().textContent()) ?? '';
    await manager.goto(`${platform.baseUrl}/desk/${fixture.code}`);
    texts.request = (await manager.locator('h1').textContent()) ?? '';
    await manager.goto(`${platform.baseUrl}/queue?unit=${encodeURIComponent(fixture.unitId)}`);
    const item = manager.locator(`[data-testid="queue-item"][data-tracking-code="${fixture.code}"]`);
    texts.queue = (await item.getByTestId('queue-item-code').textContent()) ?? '';
    await manager.goto(`${platform.baseUrl}/contacts`);
    texts.contacts =
      (await manager.locator(`[data-testid="contact-request"][href="/desk/${fixture.code}"]`).first().textContent()) ??
      '';
    await manager.goto(`${platform.baseUrl}/incidents?incident=${encodeURIComponent(fixture.incidentId)}`);
    await manager.locator('#incident-detail').waitFor();
    texts.incident = (await manager.locator(`a[href="/desk/${fixture.code}"]`).first().textContent()) ?? '';
    await manager.goto(`${platform.baseUrl}/agent`);
    await manager.getByTestId('caller-number').fill(fixture.mobile);
    const open = manager.getByTestId('open-requests');
    await expect.poll(() => open.textContent()).toContain(shown);
    texts.agent = (await open.locator(`a[href="/desk/${fixture.code}"]`).textContent()) ?? '';

    const citizen = await (await newContext(browser, { phone: true })).newPage();
    await citizen.goto(`${platform.baseUrl}/track?tenant=tehran&t=${fixture.publicToken}`);
    texts.citizen = (await citizen.getByTestId('track-result-code').textContent()) ?? '';
    await expectRtl(citizen);
    await citizen.context().close();

    for (const [screen, text] of Object.entries(texts))
      expect(text.trim(), screen).toMatch(new RegExp(`(^|\\s)${shown}$`));
  });

  it('a pipe-burst call shows the pipe-burst answer script (emergencies have scripts too)', async () => {
    const context = await newContext(browser);
    const agent = await context.newPage();
    onTestFailed(() => screenshot(agent, 'failed-words-script'));
    await signIn(agent, platform.baseUrl, 'tehran.agent', '/agent');
    await agent.getByTestId('caller-number').fill('09127776655');
    await agent.getByTestId('category-picker').focus();
    await agent.keyboard.type('شکستگی لوله');
    await agent.keyboard.press('Enter');
    const script = agent.getByTestId('answer-script');
    await expect.poll(() => script.textContent()).toContain('شکستگی لوله و جاری شدن آب در معابر');
    expect(await script.textContent()).toContain('شیر اصلی پشت کنتور');
    await screenshot(agent, 'words-pipe-burst-script');
    await expectAccessible(agent, 'agent workspace, pipe-burst script');
    await context.close();
  });
});
