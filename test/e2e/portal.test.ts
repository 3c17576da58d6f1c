import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPortal,
  expectAccessible,
  expectRtl,
  launchBrowser,
  newContext,
  type Platform,
  screenshot,
  signIn,
  startPlatform,
} from '../support/browser.js';

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  await buildPortal();
  [platform, browser] = await Promise.all([startPlatform(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('the portal in a real browser', () => {
  it('signs an agent in through the issuer and shows who they are, right to left', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.baseUrl, 'tehran.agent', '/agent');
    await expectRtl(page);
    await expect.poll(() => page.getByTestId('viewer-tenant').textContent()).toContain('تهران');
    expect(new URL(page.url()).pathname).toBe('/agent');
    await screenshot(page, 'agent-workspace');
    await expectAccessible(page, 'agent workspace');
    await context.close();
  });

  it('citizen tracking page: Persian, right to left, usable on a phone', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await page.goto(`${platform.baseUrl}/track?tenant=tehran`);
    await expectRtl(page);
    await screenshot(page, 'citizen-track');
    await expectAccessible(page, 'citizen tracking');
    await context.close();
  });
});
