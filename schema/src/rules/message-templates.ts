/**
 * The wording of the platform's transactional messages (section (d)): a national default per kind, which a company
 * may replace with its own (table message_template). A template is text with placeholders in braces, `{trackingCode}`;
 * each kind allows its own, and a template naming one its kind cannot fill is refused when saved — so a message is
 * never sent with a `{…}` left in it.
 */
import type { MessageKind } from '../tables/messaging.js';
import { normalizePersian } from './persian-text.js';
import { smsLength } from './sms-length.js';

/** The placeholders each kind may use, with what each stands for (the template editor lists them). */
export const templatePlaceholders: Record<MessageKind, Record<string, { fa: string; en: string }>> = {
  request_registered: {
    company: { fa: 'نام شرکت', en: 'the company’s name' },
    trackingCode: { fa: 'کد پیگیری', en: 'the tracking code' },
    link: { fa: 'پیوند پیگیری', en: 'the tracking link' },
  },
  request_resolved: {
    company: { fa: 'نام شرکت', en: 'the company’s name' },
    trackingCode: { fa: 'کد پیگیری', en: 'the tracking code' },
    link: { fa: 'پیوند پیگیری (و «برطرف نشد»)', en: 'the tracking link (where to say "not fixed")' },
  },
  incident_update: {
    company: { fa: 'نام شرکت', en: 'the company’s name' },
    title: { fa: 'موضوع حادثه', en: 'what the incident is (its category)' },
    status: { fa: 'وضعیت حادثه', en: 'the incident’s state' },
    link: { fa: 'پیوند پیگیری حادثه', en: 'the incident’s tracking link' },
  },
  outage_notice: {
    company: { fa: 'نام شرکت', en: 'the company’s name' },
    area: { fa: 'محدوده', en: 'the area' },
    start: { fa: 'زمان شروع', en: 'when it starts' },
    end: { fa: 'زمان پایان', en: 'when it ends' },
    reason: { fa: 'علت', en: 'the reason' },
  },
  outage_restored: {
    company: { fa: 'نام شرکت', en: 'the company’s name' },
    area: { fa: 'محدوده', en: 'the area' },
  },
  complaint_received: {
    company: { fa: 'نام شرکت', en: 'the company’s name' },
    trackingCode: { fa: 'کد پیگیری شکایت', en: 'the complaint’s tracking code' },
    link: { fa: 'پیوند پیگیری شکایت', en: 'the complaint’s tracking link' },
  },
  survey_invitation: {
    company: { fa: 'نام شرکت', en: 'the company’s name' },
    trackingCode: { fa: 'کد پیگیری درخواست', en: 'the request’s tracking code' },
    link: { fa: 'پیوند نظرسنجی (یک‌بار مصرف)', en: 'the survey link (single use)' },
  },
  custom: {
    company: { fa: 'نام شرکت', en: 'the company’s name' },
  },
};

/** The national wording of each kind (short: one Persian part is 70 characters, each part is billed). */
export const defaultTemplates: Record<MessageKind, string> = {
  request_registered: '{company}\nدرخواست شما با کد پیگیری {trackingCode} ثبت شد.\nپیگیری: {link}',
  request_resolved: '{company}\nدرخواست {trackingCode} انجام شد. اگر مشکل برطرف نشده است، در این پیوند بگویید: {link}',
  incident_update: '{company}\n{title}: {status}\nپیگیری: {link}',
  outage_notice: '{company}\nآب {area} از {start} تا {end} برای {reason} قطع خواهد بود.',
  outage_restored: '{company}\nآب {area} وصل شد. از شکیبایی شما سپاسگزاریم.',
  complaint_received: '{company}\nشکایت شما با کد پیگیری {trackingCode} دریافت شد و بررسی می‌شود.\nپیگیری: {link}',
  survey_invitation: '{company}\nآیا مشکل درخواست {trackingCode} برطرف شد؟ نظر شما را در این پیوند می‌خواهیم: {link}',
  custom: '{company}',
};

/** The kinds sent on their own when their event happens (a company may turn each off). */
export const transactionalKinds = [
  'request_registered',
  'request_resolved',
  'incident_update',
  'outage_notice',
  'outage_restored',
  'complaint_received',
  'survey_invitation',
] as const satisfies readonly MessageKind[];

/** The longest template or message body, in characters (15 Persian parts). */
export const maxMessageLength = 1000;

const placeholderPattern = /\{([^{}]*)\}/g;

export type TemplateCheck =
  | { ok: true; body: string }
  | { ok: false; reason: { en: string; fa: string }; unknown?: string[] };

/** A template as saved: normalised Persian, not empty, within the length, naming only its kind's placeholders. */
export function checkTemplate(kind: MessageKind, body: string): TemplateCheck {
  const normalised = normalizePersian(body);
  if (normalised === '') return { ok: false, reason: { en: 'must not be empty', fa: 'نباید خالی باشد' } };
  if (normalised.length > maxMessageLength)
    return {
      ok: false,
      reason: {
        en: `is too long (at most ${maxMessageLength} characters)`,
        fa: `بیش از حد طولانی است (حداکثر ${maxMessageLength.toLocaleString('fa-IR')} نویسه)`,
      },
    };
  const allowed = templatePlaceholders[kind];
  const unknown = [...normalised.matchAll(placeholderPattern)]
    .map((m) => m[1] ?? '')
    .filter((name) => !Object.hasOwn(allowed, name));
  if (unknown.length > 0)
    return {
      ok: false,
      unknown: [...new Set(unknown)],
      reason: {
        en: `names placeholders this kind of message cannot fill: ${[...new Set(unknown)].map((n) => `{${n}}`).join(', ')} (allowed: ${Object.keys(allowed).join(', ')})`,
        fa: `جای‌نگهدارهایی دارد که این نوع پیام پر نمی‌کند: ${[...new Set(unknown)].map((n) => `{${n}}`).join('، ')}`,
      },
    };
  if (/[{}]/.test(normalised.replace(placeholderPattern, '')))
    return {
      ok: false,
      reason: { en: 'has an unmatched { or }', fa: 'آکولاد باز یا بسته‌ای بی‌جفت دارد' },
    };
  return { ok: true, body: normalised };
}

/**
 * The message a checked template makes with these values: each placeholder replaced by its value, normalised; a
 * placeholder without a value is left out (with the space before it), never sent as `{name}`.
 */
export function renderTemplate(body: string, values: Readonly<Record<string, string | null | undefined>>): string {
  const filled = body.replace(placeholderPattern, (_match, name: string) => values[name] ?? '');
  return normalizePersian(filled.replace(/[ \t]+\n/g, '\n').replace(/\n{2,}/g, '\n'));
}

/** A template's length as the editor shows it: the rendering with sample values, in SMS parts. */
export function templatePreview(kind: MessageKind, body: string, sample: Readonly<Record<string, string>>) {
  const text = renderTemplate(body, sample);
  return { text, ...smsLength(text), kind };
}
