/**
 * Persian text normalisation applied to every input, so that search finds what was typed either way:
 * Arabic yeh/kaf and their variants become Persian ی/ک, Arabic-Indic and Persian digits become ASCII only where
 * asked (identifiers), tatweel and stray spaces go, ZWNJ (نیم‌فاصله) is kept.
 */
const letterMap: Record<string, string> = {
  '\u064A': '\u06CC', // ي → ی
  '\u0649': '\u06CC', // ى → ی
  '\u0643': '\u06A9', // ك → ک
  '\u0629': '\u0647', // ة → ه
};
const letters = new RegExp(`[${Object.keys(letterMap).join('')}]`, 'g');

export function normalizePersian(text: string): string {
  return text
    .normalize('NFC')
    .replace(letters, (c) => letterMap[c] ?? c)
    .replace(/\u0640/g, '') // tatweel
    .replace(/[ \t\u00A0]+/g, ' ')
    .replace(/ ?\u200C ?/g, '\u200C')
    .trim();
}

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII, for identifiers and numbers. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) & 0xf));
}
