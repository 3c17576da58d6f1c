/**
 * Text for the printed report: Persian digits, the Persian decimal separator and percent sign, and HTML escaping.
 * Done by hand rather than with Intl so the output does not depend on the ICU data of the machine printing it.
 */
import type { PerformanceClass } from './model.js';

const persianZero = 0x06f0;

/** ASCII digits to Persian ۰–۹; the decimal point to «٫». */
export function faDigits(text: string | number): string {
  return String(text)
    .replace(/[0-9]/g, (d) => String.fromCharCode(persianZero + Number(d)))
    .replace(/(?<=[\u06F0-\u06F9])\.(?=[\u06F0-\u06F9])/g, '\u066B');
}

/** A whole number with Persian digits and the Persian thousands separator «٬»: ۱۲٬۳۴۵. */
export function faInteger(value: number): string {
  const digits = String(Math.round(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, '\u066C');
  return `${value < 0 ? '\u2212' : ''}${faDigits(digits)}`;
}

/** A rate 0..1 as a percentage: «۸۳٫۸٪»; «—» when there is none. */
export function faPercent(rate: number | null, fractionDigits = 1): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  return `${faDigits((rate * 100).toFixed(fractionDigits))}\u066A`;
}

/** A signed number (a composite z-score): «+۰٫۸۲», «−۰٫۳۵» (a true minus sign). */
export function faSigned(value: number | null, fractionDigits = 2): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const text = faDigits(Math.abs(value).toFixed(fractionDigits));
  if (Number(value.toFixed(fractionDigits)) === 0) return text;
  return `${value < 0 ? '\u2212' : '+'}${text}`;
}

export const classNamesFa: Record<PerformanceClass, string> = { weak: 'ضعیف', medium: 'متوسط', strong: 'قوی' };

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML and SVG, in content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}
