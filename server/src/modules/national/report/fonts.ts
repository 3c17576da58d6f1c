/**
 * The Vazirmatn font (npm `vazirmatn`), embedded in the report's HTML as data: URLs so the page needs nothing from
 * the network or the file system while Chromium prints it, and the PDF looks the same on every machine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const fontsDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vazirmatn/package.json')),
  'fonts',
  'webfonts',
);

let faces: string | undefined;

/** `@font-face` rules for Vazirmatn regular and bold (read once per process). */
export function vazirmatnFontFaces(): string {
  faces ??= [
    { file: 'Vazirmatn-Regular.woff2', weight: 400 },
    { file: 'Vazirmatn-Bold.woff2', weight: 700 },
  ]
    .map(({ file, weight }) => {
      const data = readFileSync(path.join(fontsDir, file)).toString('base64');
      return `@font-face{font-family:'Vazirmatn';font-style:normal;font-weight:${weight};font-display:block;src:url(data:font/woff2;base64,${data}) format('woff2');}`;
    })
    .join('\n');
  return faces;
}
