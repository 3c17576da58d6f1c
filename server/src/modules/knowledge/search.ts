import { normalizePersian, toAsciiDigits } from '@abfa/schema';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * Search folds both sides the same way, so a caller's spelling never hides an answer script: Arabic yeh/kaf/teh
 * marbuta → Persian, Persian and Arabic-Indic digits → ASCII, ZWNJ (نیم‌فاصله) → space, tatweel dropped. Stored
 * text is already normalised on write (normalizePersian); folding the columns again in SQL also covers rows written
 * before that or by other tools, and keeps digits as the author typed them.
 */
const persianDigits = '۰۱۲۳۴۵۶۷۸۹';
const arabicDigits = '٠١٢٣٤٥٦٧٨٩';
const asciiDigits = '0123456789';
/** translate(): characters of `from` beyond the end of `to` are deleted (the tatweel). */
const foldFrom = `\u064A\u0649\u0643\u0629${persianDigits}${arabicDigits}\u200C\u0640`;
const foldTo = `\u06CC\u06CC\u06A9\u0647${asciiDigits}${asciiDigits} `;

/** The column as search compares it (the SQL twin of `foldForSearch`). */
export const folded = (column: AnyColumn): SQL => sql`translate(${column}, ${foldFrom}, ${foldTo})`;

/** Text as search compares it, in JavaScript: what `folded` does in SQL (plus the input normalisation). */
export function foldForSearch(text: string): string {
  return toAsciiDigits(normalizePersian(text)).replace(/\u200C/g, ' ');
}

export const searchLimits = { length: 200, terms: 8 } as const;

/**
 * The words of a search, folded. Every word must occur (in the title or the body), in any order — so "قبض آب" finds
 * "آب‌بها و قبض" and a space typed for a ZWNJ (or the reverse) makes no difference.
 */
export function searchTerms(search: string): string[] {
  const words = foldForSearch(search)
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  return [...new Set(words)].slice(0, searchLimits.terms);
}

/** A LIKE pattern that finds `term` anywhere, with LIKE's own wildcards taken literally (backslash is the escape). */
export const containing = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
