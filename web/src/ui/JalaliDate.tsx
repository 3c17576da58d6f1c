import { formatDate, formatDateTime } from '../format.js';
import { useI18n } from '../i18n.js';

/** A date (and time, by default) in the Persian calendar, Asia/Tehran, in the user's language and digits. */
export function JalaliDate({ value, dateOnly = false }: { value: string | null | undefined; dateOnly?: boolean }) {
  const { language } = useI18n();
  if (!value) return null;
  const text = dateOnly ? formatDate(value, language) : formatDateTime(value, language);
  return <time dateTime={value}>{text}</time>;
}

/** The same as a hook: `const fmt = useDateFormat(); fmt(value)`. */
export function useDateFormat() {
  const { language } = useI18n();
  return (value: string | null | undefined, dateOnly = false) =>
    value ? (dateOnly ? formatDate(value, language) : formatDateTime(value, language)) : '';
}
