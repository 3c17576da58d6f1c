/**
 * Prints the report's HTML to PDF with Chromium (playwright-core driving Debian's `chromium`; no browser download).
 * Chromium rather than a PDF library because Persian needs real text shaping and bidi, which a browser does.
 * One browser per process, launched at the first print and reused (a launch takes a second or more); each print
 * gets its own context, closed after it. `closeReportBrowser` ends it at shutdown.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';
import { defaultChromiumPath } from '../../../config.js';
import { AppError } from '../../../graphql/errors.js';

/** No Chromium at the configured path: the report cannot be printed until one is installed or CHROMIUM_PATH fixed. */
export class ChromiumNotInstalledError extends AppError {
  constructor(readonly chromiumPath: string) {
    super(
      'REPORT_PRINTER_UNAVAILABLE',
      `CHROMIUM_PATH: no Chromium executable at ${chromiumPath} to print the report (apt-get install -y chromium, or set CHROMIUM_PATH)`,
      `CHROMIUM_PATH: مرورگر Chromium برای چاپ گزارش در ${chromiumPath} نیست (بستهٔ chromium را نصب کنید یا CHROMIUM_PATH را تنظیم کنید)`,
      'CHROMIUM_PATH',
      503,
    );
    this.name = 'ChromiumNotInstalledError';
  }
}

export interface PrintOptions {
  /** The Chromium executable (the server's CHROMIUM_PATH); default /usr/bin/chromium. */
  chromiumPath?: string | undefined;
}

let launched: { chromiumPath: string; browser: Promise<Browser> } | undefined;

async function reportBrowser(chromiumPath: string): Promise<Browser> {
  if (launched && launched.chromiumPath !== chromiumPath) await closeReportBrowser();
  if (!launched) {
    // Set before anything is awaited, so prints that start together share one launch.
    const entry = { chromiumPath, browser: launch(chromiumPath) };
    launched = entry;
    // A failed launch or a browser that died is forgotten, so the next print launches a new one.
    entry.browser.then(
      (browser) =>
        browser.on('disconnected', () => {
          if (launched === entry) launched = undefined;
        }),
      () => {
        if (launched === entry) launched = undefined;
      },
    );
  }
  return launched.browser;
}

async function launch(chromiumPath: string): Promise<Browser> {
  try {
    await access(chromiumPath, constants.X_OK);
  } catch {
    throw new ChromiumNotInstalledError(chromiumPath);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // A closed network and no profile state: nothing runs but the page being printed. No sandbox: it needs user
    // namespaces that containers often lack and refuses to run as root; what it would guard is our own escaped HTML,
    // printed with scripts off and every request refused.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** Closes the report browser if one was launched (server shutdown; tests). */
export async function closeReportBrowser(): Promise<void> {
  const entry = launched;
  launched = undefined;
  if (!entry) return;
  const browser = await entry.browser.catch(() => undefined);
  await browser?.close();
}

/**
 * The report's HTML printed as a PDF. The page (A4 landscape), its margins and the «صفحهٔ ۲ از ۵» footer come from
 * the HTML's own `@page` rule (`preferCSSPageSize`), not from `displayHeaderFooter`: Chromium's footer template is a
 * separate document that loads no web font and gets the page number as ASCII digits (no script runs there), so it
 * cannot print Persian digits in Vazirmatn; a CSS page-margin box with `counter(page, persian)` does.
 */
export async function printPdf(html: string, options: PrintOptions = {}): Promise<Buffer> {
  const browser = await reportBrowser(options.chromiumPath ?? defaultChromiumPath);
  const context = await browser.newContext({ locale: 'fa-IR', timezoneId: 'Asia/Tehran', javaScriptEnabled: false });
  try {
    // The page is self-contained (font and charts inline): any request it would make is refused.
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      landscape: true,
      printBackground: true,
      preferCSSPageSize: true,
      tagged: true,
    });
  } finally {
    await context.close();
  }
}
