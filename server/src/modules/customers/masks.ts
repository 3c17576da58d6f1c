/**
 * Phone numbers as lists show them: enough to recognise a caller, not enough to copy the number out. The hidden
 * digits are asterisks — never a bullet or a middle dot, which beside Persian digits read as the zero «۰» and make
 * a masked number look like a real one («+۹۸۹۱۲•••۴۳۲۱»). `*` is unambiguous in Vazirmatn and read out as "star".
 */
export const maskCharacters = '***';

/** A mobile number (E.164): +98912***4567. */
export const maskMobile = (mobile: string | null): string | null =>
  mobile ? `${mobile.slice(0, 6)}${maskCharacters}${mobile.slice(-4)}` : null;

/** Any caller number: a mobile as above; a landline or short number keeps only its last four digits (***1234). */
export const maskNumber = (number: string | null): string | null => {
  if (!number) return null;
  if (number.startsWith('+98')) return maskMobile(number);
  return number.length <= 4 ? number : `${maskCharacters}${number.slice(-4)}`;
};
