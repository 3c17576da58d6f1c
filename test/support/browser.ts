import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '@abfa/schema';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { cleanEnv, type ServerProcess, startServer } from './server-process.js';

/**
 * The portal's browser tests: Debian's Chromium driven by playwright-core (no browser download), against the
 * embedded platform (PGlite with demo data, the embedded issuer) serving the freshly built portal.
 */

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of each main screen, kept as test artifacts (not committed). */
export const artifactsDir = path.resolve(repositoryRoot, process.env.E2E_ARTIFACTS ?? 'test-results/e2e');

/** What the built portal is made of: its sources, its build settings and the API schema its queries are typed by. */
function portalSourceDigest(): string {
  const hash = createHash('sha256');
  const web = path.join(repositoryRoot, 'web');
  const files = [
    ...readdirSync(path.join(web, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(web, 'src', f)),
    path.join(web, 'index.html'),
    path.join(web, 'vite.config.ts'),
    path.join(web, 'package.json'),
    path.join(repositoryRoot, 'schema', 'api.graphql'),
  ]
    .filter((f) => statSync(f).isFile())
    .sort();
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

/**
 * Builds the portal into web/dist — once for the sources as they are. The browser test files run in parallel: a
 * second build while another file's page loads its chunks empties web/dist under it (a blank page). So one build at
 * a time (a lock directory), and none when web/dist was already built from these very sources (its stamp).
 */
export async function buildPortal(): Promise<void> {
  const dist = path.join(repositoryRoot, 'web', 'dist');
  const stamp = path.join(dist, '.sources');
  const lock = path.join(
    os.tmpdir(),
    `abfa-portal-build-${createHash('sha256').update(repositoryRoot).digest('hex').slice(0, 12)}`,
  );
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another file is building: wait for it (a lock older than 10 minutes is a crashed build's).
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    const digest = portalSourceDigest();
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
    await promisify(execFile)('pnpm', ['--filter', '@abfa/web', 'build'], { cwd: repositoryRoot });
    writeFileSync(stamp, digest);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`No Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // A closed network: no background services, no component updates, no first-run; playwright gives each launch
    // a fresh temporary profile.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** The embedded issuer's access-token lifetime in the browser tests. */
export const tokenTtlSeconds = 60;

export interface Platform {
  baseUrl: string;
  server: ServerProcess;
  stop: () => Promise<void>;
}

/** The embedded platform on a fresh data folder: migrations, registry, demo data, the issuer and the portal. */
export async function startPlatform(): Promise<Platform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'abfa-e2e-'));
  // Short-lived access tokens (the least allowed): the portal must refresh them while the tests run.
  const server = await startServer(cleanEnv({ DATA_DIR: dataDir, EMBEDDED_ISSUER_TOKEN_TTL: String(tokenTtlSeconds) }));
  return {
    baseUrl: server.baseUrl,
    server,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser test file's setting: before its tests the portal is built and the embedded platform and Chromium are
 * started (and handed to `ready`, which may sign people in); after them both are stopped.
 */
export function withPortal(ready: (platform: Platform, browser: Browser) => void | Promise<void>): void {
  let platform: Platform | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await buildPortal();
    [platform, browser] = await Promise.all([startPlatform(), launchBrowser()]);
    await ready(platform, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });
}

/** A GraphQL call made from the page with its signed-in person's own token, as another screen would make it. */
export function graphqlFromPage(page: Page, query: string, variables: Record<string, unknown> = {}) {
  return page.evaluate(
    async ({ query, variables }) => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:')) ?? '';
      const token = JSON.parse(sessionStorage.getItem(key) ?? '{}').access_token;
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    { query, variables },
  );
}

/** A browser context as a person at a desk: Persian, Tehran time, a laptop screen (or a phone). */
export function newContext(browser: Browser, options: { phone?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'fa-IR',
    timezoneId: 'Asia/Tehran',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1366, height: 900 },
    ...(options.phone ? { isMobile: true, hasTouch: true } : {}),
  });
}

/** Signs in through the issuer's login page (authorization code + PKCE) and lands on `path`. */
export async function signIn(page: Page, baseUrl: string, username: string, target = '/'): Promise<void> {
  await page.goto(`${baseUrl}${target}`);
  await page.locator('#username').waitFor();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('abfa-demo');
  await page.locator('button[type=submit]').click();
  await page.getByTestId('viewer-name').waitFor();
}

/** Saves a full-page screenshot under the artifacts folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

/** axe-core on the page as it is: no serious or critical violation (WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `accessibility violations on ${screen}`).toEqual([]);
}

/** The document is Persian and right-to-left. */
export async function expectRtl(page: Page): Promise<void> {
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
    'fa',
    'rtl',
  ]);
}

/** Nothing wider than the screen: how far the page scrolls sideways (0 when it never does). */
export const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Latin digits as the portal shows them in Persian («۱۴۰۵»). */
export const persianDigits = (text: string | number) =>
  String(text).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);
