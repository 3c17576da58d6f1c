import type { Browser, Page } from 'playwright-core';
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
 * The staff search box in the shell: Ctrl+K from anywhere (on the physical K key, as on a Persian layout), a
 * tracking code typed in Persian digits with a dash, the results grouped, the request one click away.
 */
let platform: Platform;
let browser: Browser;

withPortal((p, b) => {
  platform = p;
  browser = b;
});

/** A GraphQL call with the signed-in user's own token. */
function call<T>(page: Page, query: string): Promise<T> {
  return graphqlFromPage(page, query).then((body) => body.data as T);
}

describe('the staff search box', () => {
  it('finds a request by its tracking code in Persian digits, opened with Ctrl+K on a Persian layout', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    onTestFailed(async () => {
      if (!page.isClosed()) await screenshot(page, 'failed-search');
    });
    await signIn(page, platform.baseUrl, 'tehran.agent', '/agent');
    const data = await call<{ requests: { nodes: { trackingCode: string }[] } }>(
      page,
      '{ requests(first: 1) { nodes { trackingCode } } }',
    );
    const code = data.requests.nodes[0]?.trackingCode ?? '';
    expect(code).toMatch(/^\d{8,}$/);
    const typed = persianDigits(`${code.slice(0, 4)}-${code.slice(4)}`);

    // The agent is typing in the call form: the shortcut still reaches the search box. A Persian layout sends
    // the character «ن» for the K key, so the shortcut must go by the physical key.
    const field = page.locator('main input:visible').first();
    await field.focus();
    await field.evaluate((element) =>
      element.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'ن', code: 'KeyK', ctrlKey: true, bubbles: true, cancelable: true }),
      ),
    );
    const box = page.getByTestId('header-search-input');
    await expect.poll(() => box.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type(typed);
    await page.keyboard.press('Enter');

    await expect.poll(() => new URL(page.url()).pathname).toBe('/search');
    expect(new URL(page.url()).searchParams.get('q')).toBe(typed);
    const first = page.getByTestId('search-request').first().getByTestId('tracking-code-text');
    await expect.poll(() => first.getAttribute('data-code')).toBe(code);
    // Shown in the one tracking-code format, in Persian digits.
    expect(await first.textContent()).toMatch(/^[۰-۹-]+$/);
    await expectRtl(page);
    await screenshot(page, 'search-tracking-code');
    await expectAccessible(page, 'search results');

    // The request is one click away.
    await first.click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).pathname)).toBe(`/desk/${code}`);
    await context.close();
  });

  it('finds by words on a phone, from the header’s search icon', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    onTestFailed(async () => {
      if (!page.isClosed()) await screenshot(page, 'failed-search-phone');
    });
    await page.goto(`${platform.baseUrl}/desk`);
    await page.locator('#username').waitFor();
    await page.locator('#username').fill('tehran.manager');
    await page.locator('#password').fill('abfa-demo');
    await page.locator('button[type=submit]').click();
    await page.getByTestId('header-search-open').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/search');
    const address = await call<{ requests: { nodes: { address: string | null }[] } }>(
      page,
      '{ requests(first: 20) { nodes { address } } }',
    );
    const word = (address.requests.nodes.find((r) => r.address)?.address ?? '')
      .split(/[\s،]+/)
      .find((w) => w.length >= 4);
    expect(word).toBeTruthy();
    await page.getByTestId('search-page-input').fill(word ?? '');
    await page.getByTestId('search-page-submit').click();
    await expect.poll(() => page.getByTestId('search-request').count()).toBeGreaterThan(0);
    await screenshot(page, 'search-words-phone');
    await expectAccessible(page, 'search results on a phone');
    await context.close();
  });
});
