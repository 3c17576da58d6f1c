// The national comparison as a printed report: HTML (Persian, RTL, inline SVG charts) printed to PDF by Chromium.
export { renderNationalReportHtml, reportTitleFa } from './html.js';
export type * from './model.js';
export { ChromiumNotInstalledError, closeReportBrowser, type PrintOptions, printPdf } from './print.js';
