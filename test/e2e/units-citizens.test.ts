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
 * Issue 10, features 10 and 16 in a real browser: an operational unit returns a misrouted request to the centre
 * with a reason and the centre sees why (desk badge, notice, history); internal notes and the caller's full number
 * on the request screen; a citizen's "not fixed" from the tracking link reopens a request, and the page never
 * shows an internal note.
 */
let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

/** A GraphQL call with the signed-in person's own token, as another screen would make it. */
function caller(page: Page) {
  return (query: string, variables: Record<string, unknown> = {}) => graphqlFromPage(page, query, variables);
}

const persian = (digits: string) => digits.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);

/** A request the agent registers for the Eslamshahr district office (tehran.unit's), with the caller's mobile. */
async function registerFor(call: ReturnType<typeof caller>, mobile: string, description: string) {
  const units = await call('{ units(first: 100) { nodes { id code } } }');
  const unitId = units.data.units.nodes.find((u: { code: string }) => u.code === 'district-eslamshahr').id;
  const made = await call(
    `mutation($input: RegisterRequestInput!) { registerRequest(input: $input) {
      __typename ... on RegisterRequestSuccess { data { id trackingCode publicToken } } } }`,
    {
      input: {
        categoryCode: 'water.low_pressure',
        channel: 'PHONE',
        callerMobile: mobile,
        assignedUnitId: unitId,
        description,
        address: 'تهران، اسلامشهر، خیابان امام، کوچه ۱۲',
      },
    },
  );
  return made.data.registerRequest.data as { id: string; trackingCode: string; publicToken: string };
}

describe('what units need, and citizens kept informed', () => {
  it('a unit returns a misrouted request with a reason, notes it, calls the reporter back; the centre sees why', async () => {
    const agentContext = await newContext(browser);
    const unitContext = await newContext(browser);
    const agent = await agentContext.newPage();
    const unit = await unitContext.newPage();
    onTestFailed(async () => {
      for (const [name, page] of Object.entries({ agent, unit }))
        if (!page.isClosed()) await screenshot(page, `units-failed-${name}`);
    });
    await Promise.all([
      signIn(agent, platform.baseUrl, 'tehran.agent', '/agent'),
      signIn(unit, platform.baseUrl, 'tehran.unit', '/queue'),
    ]);
    const made = await registerFor(caller(agent), '09127654321', 'فشار آب طبقه دوم بسیار کم است');

    // The unit opens the request (its queue links to /desk/<code>).
    await unit.goto(`${platform.baseUrl}/desk/${made.trackingCode}`);
    // An internal note, in the history.
    await unit.getByTestId('request-note-text').fill('مشترک گفت شیر فلکه جلوی در بسته بوده است');
    await unit.getByTestId('request-note-submit').click();
    await expect
      .poll(() => unit.getByTestId('request-timeline').textContent())
      .toContain('مشترک گفت شیر فلکه جلوی در بسته بوده است');

    // Calling the reporter back: the full number on demand, as a tel: link.
    await unit.getByTestId('reveal-caller').click();
    const number = unit.getByTestId('caller-full-number');
    await expect.poll(() => number.getAttribute('href')).toBe('tel:+989127654321');
    await expect.poll(() => number.textContent()).toContain(persian('9127654321'));
    // It is not theirs: the place is Varamin's. Back to the centre, with why.
    await unit.getByTestId('request-action-RETURN_TO_CENTRE').click();
    // No reason: refused in place, nothing sent.
    await unit.getByTestId('request-action-submit').click();
    await expect.poll(() => unit.getByTestId('request-action-form').textContent()).toContain('لازم است');
    const reason = 'این نشانی در محدودهٔ امور ورامین است، نه اسلامشهر';
    await unit.getByTestId('request-action-reason').fill(reason);
    await unit.getByTestId('request-action-submit').click();
    await expect.poll(() => unit.getByTestId('returned-notice').textContent()).toContain(reason);
    // No longer theirs: no actions left, and no more revealing the number.
    expect(await unit.getByTestId('request-actions').count()).toBe(0);
    expect(await unit.getByTestId('reveal-caller').count()).toBe(0);

    await screenshot(unit, 'unit-request-returned');
    await expectAccessible(unit, 'request detail (unit)');

    // The centre: a badge on the desk's list, the reason on the request and in its history.
    await agent.goto(`${platform.baseUrl}/desk`);
    await expect.poll(() => agent.getByTestId('returned-badge').first().getAttribute('title')).toBe(reason);
    await agent.goto(`${platform.baseUrl}/desk/${made.trackingCode}`);
    await expect.poll(() => agent.getByTestId('returned-notice').textContent()).toContain(reason);
    const history = agent.getByTestId('request-timeline');
    await expect.poll(() => history.textContent()).toContain('بازگرداندن به مرکز');
    await expect.poll(() => history.textContent()).toContain(reason);
    await expectRtl(agent);
    await screenshot(agent, 'centre-sees-returned');
    await expectAccessible(agent, 'request detail (centre, returned)');
    await Promise.all([agentContext.close(), unitContext.close()]);
  }, 120_000);

  it('a citizen says "not fixed" from the tracking link: the request reopens; internal notes never show', async () => {
    const unitContext = await newContext(browser);
    const agentContext = await newContext(browser);
    const citizenContext = await newContext(browser, { phone: true });
    const [unit, agent, citizen] = await Promise.all([
      unitContext.newPage(),
      agentContext.newPage(),
      citizenContext.newPage(),
    ]);
    onTestFailed(async () => {
      for (const [name, page] of Object.entries({ agent, unit, citizen }))
        if (!page.isClosed()) await screenshot(page, `citizens-failed-${name}`);
    });
    await Promise.all([
      signIn(agent, platform.baseUrl, 'tehran.agent', '/agent'),
      signIn(unit, platform.baseUrl, 'tehran.unit', '/queue'),
    ]);
    const made = await registerFor(caller(agent), '09121112233', 'آب کوچه از دیروز قطع است');

    // The unit writes an internal note, then resolves with the public note the citizen reads.
    await unit.goto(`${platform.baseUrl}/desk/${made.trackingCode}`);
    await unit.getByTestId('request-note-text').fill('کلید اتاقک کنتور نزد سرایدار ساختمان است');
    await unit.getByTestId('request-note-submit').click();
    await expect.poll(() => unit.getByTestId('request-timeline').textContent()).toContain('سرایدار');
    await unit.getByTestId('request-action-RESOLVE').click();
    await unit.getByTestId('request-action-note').fill('اتصالی ۱۱۰ تعویض شد؛ اکیپ سه');
    await unit.getByTestId('request-action-public-note').fill('شیر خراب تعویض و آب برقرار شد');
    await unit.getByTestId('request-action-submit').click();
    await expect.poll(() => unit.getByTestId('request-details').textContent()).toContain('شیر خراب تعویض');

    // The citizen opens their link on a phone.
    await citizen.goto(`${platform.baseUrl}/track?tenant=tehran&t=${made.publicToken}`);
    const result = citizen.getByTestId('track-result');
    await expect.poll(() => citizen.getByTestId('track-public-note').textContent()).toContain('شیر خراب تعویض');
    const page = (await citizen.locator('body').textContent()) ?? '';
    for (const internal of ['سرایدار', 'اتصالی', 'اکیپ سه']) expect(page).not.toContain(internal);
    await expect.poll(() => citizen.getByTestId('tel-122').getAttribute('href')).toBe('tel:122');
    await expectRtl(citizen);
    await expectAccessible(citizen, 'citizen tracking, resolved, not fixed offered');

    await citizen.getByTestId('not-fixed-open').click();
    await citizen.getByTestId('not-fixed-submit').click();
    await expect.poll(() => citizen.getByTestId('not-fixed').textContent()).toContain('لازم است');
    await citizen.getByTestId('not-fixed-reason').fill('هنوز آب نداریم؛ فقط یک ساعت وصل بود');
    await citizen.getByTestId('not-fixed-submit').click();
    await expect.poll(() => citizen.getByTestId('track-reopened').isVisible()).toBe(true);
    await expect.poll(() => result.textContent()).toContain('بازگشایی');
    expect(await citizen.getByTestId('not-fixed').count()).toBe(0);
    await screenshot(citizen, 'citizen-not-fixed');
    await expectAccessible(citizen, 'citizen tracking, reopened');

    // The centre sees the citizen's words in the history, reopened.
    await agent.goto(`${platform.baseUrl}/desk/${made.trackingCode}`);
    const history = agent.getByTestId('request-timeline');
    await expect.poll(() => history.textContent()).toContain('گزارش «رفع نشده» از سوی شهروند');
    await expect.poll(() => history.textContent()).toContain('هنوز آب نداریم');
    await expect.poll(() => history.textContent()).toContain('شهروند (صفحهٔ پیگیری)');

    // A caller linked to an incident (no request of their own) follows the incident by its link.
    const call = caller(agent);
    const units = await call('{ units(first: 100) { nodes { id code } } }');
    const unitId = units.data.units.nodes.find((u: { code: string }) => u.code === 'district-eslamshahr').id;
    const incident = await call(
      `mutation($input: OpenIncidentInput!) { openIncident(input: $input) {
        ... on OpenIncidentSuccess { data { publicToken } } } }`,
      { input: { categoryCode: 'water.main_break', unitId, title: 'شکستگی خط اصلی خیابان نسترن' } },
    );
    await citizen.goto(`${platform.baseUrl}/track?tenant=tehran&t=${incident.data.openIncident.data.publicToken}`);
    const followed = citizen.getByTestId('track-incident-result');
    await expect.poll(() => followed.textContent()).toContain('در دست رسیدگی');
    expect(await followed.textContent()).not.toContain('نسترن');
    await expectAccessible(citizen, 'citizen tracking, an incident');
    await Promise.all([unitContext.close(), agentContext.close(), citizenContext.close()]);
  }, 120_000);
});
