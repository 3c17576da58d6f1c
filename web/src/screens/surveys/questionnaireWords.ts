import { formatNumber, type Language } from '../../format.js';

/** The questionnaire editor's words (the tab, the version history and the editor share them). */
export const questionnaireWords = {
  fa: {
    readOnly: 'پرسش‌نامه را فقط مدیر مرکز تغییر می‌دهد؛ شما آن را می‌بینید.',
    current: 'پرسش‌نامهٔ جاری',
    currentHint: 'نظرسنجی‌هایی که از این پس انتخاب شوند با این نسخه پرسیده می‌شوند؛ هر نظرسنجی نسخهٔ خودش را نگه می‌دارد.',
    version: 'نسخهٔ {n}',
    national: 'پیش‌فرض کشوری',
    nationalHint: 'شرکت هنوز نسخه‌ای از خود نساخته است؛ پرسش‌نامهٔ پیش‌فرض کشوری پرسیده می‌شود.',
    createdAt: 'انتشار',
    note: 'یادداشت',
    questions: 'پرسش‌ها',
    count: '{n} پرسش',
    ivr: 'پاسخگوی خودکار',
    ivrHint: 'در پاسخگوی خودکار پس از تماس هم پرسیده شود',
    edit: 'ویرایش (ساخت نسخهٔ تازه)',
    history: 'سابقهٔ نسخه‌ها',
    isCurrent: 'جاری',
    editing: 'ویرایش رونوشتی از نسخهٔ {n}',
    editingHint:
      'پرسش‌های امتیازی (برخورد کارشناس، رفع واقعی مشکل، کیفیت کار، رضایت کلی) در هر نسخه یک بار پرسیده می‌شوند؛ می‌توانید متن و ترتیبشان را تغییر دهید و پرسش افزوده بیفزایید یا بردارید.',
    question: 'پرسش {n}',
    textFa: 'متن فارسی',
    textEn: 'متن انگلیسی',
    kind: 'نوع پاسخ',
    key: 'کلید',
    moveUp: 'جابه‌جایی پرسش {n} به بالا',
    moveDown: 'جابه‌جایی پرسش {n} به پایین',
    remove: 'حذف پرسش {n}',
    add: 'افزودن پرسش افزوده',
    addKind: 'نوع پاسخ پرسش تازه',
    max: 'حداکثر {n} پرسش',
    versionNote: 'یادداشت این نسخه',
    versionNoteHint: 'چه چیزی تغییر کرد و چرا (در سابقهٔ نسخه‌ها می‌ماند).',
    publish: 'انتشار نسخهٔ {n}',
    published: 'نسخهٔ {n} منتشر شد؛ نظرسنجی‌هایی که از این پس انتخاب شوند با این نسخه پرسیده می‌شوند.',
    conflictTitle: 'در این فاصله نسخهٔ دیگری منتشر شد',
    reload: 'بارگذاری آخرین نسخه و ویرایش دوباره',
    ivrText: 'پاسخ متنی در پاسخگوی خودکار پرسیده نمی‌شود.',
  },
  en: {
    readOnly: 'Only the centre manager changes the questionnaire; you can view it.',
    current: 'The questionnaire in use',
    currentHint: 'Surveys drawn from now on ask this version; each survey keeps its own.',
    version: 'Version {n}',
    national: 'national default',
    nationalHint: 'The company has not made a version of its own: the national default is asked.',
    createdAt: 'Published',
    note: 'Note',
    questions: 'Questions',
    count: '{n} questions',
    ivr: 'IVR',
    ivrHint: 'Asked by the after-call IVR too',
    edit: 'Edit (make a new version)',
    history: 'Version history',
    isCurrent: 'in use',
    editing: 'Editing a copy of version {n}',
    editingHint:
      'The scored questions (call handling, really fixed, quality of the fix, overall) are asked once in every version: change their wording and order, and add or remove extra questions.',
    question: 'Question {n}',
    textFa: 'Persian wording',
    textEn: 'English wording',
    kind: 'Kind of answer',
    key: 'Key',
    moveUp: 'Move question {n} up',
    moveDown: 'Move question {n} down',
    remove: 'Remove question {n}',
    add: 'Add an extra question',
    addKind: 'Kind of answer of the new question',
    max: 'At most {n} questions',
    versionNote: 'Note on this version',
    versionNoteHint: 'What changed and why (kept in the version history).',
    publish: 'Publish version {n}',
    published: 'Version {n} is published: surveys drawn from now on ask it.',
    conflictTitle: 'Another version was published meanwhile',
    reload: 'Load the latest version and edit again',
    ivrText: 'A text answer cannot be asked by the IVR.',
  },
};

export type QuestionnaireWords = (typeof questionnaireWords)['fa'];

/** Puts a number into a sentence's `{n}`, in the language's digits. */
export function withNumber(text: string, n: number, language: Language): string {
  return text.replace('{n}', formatNumber(n, language));
}

/** «نسخهٔ ۳», or «نسخهٔ ۰ (پیش‌فرض کشوری)» for the national default. */
export function versionLabel(w: QuestionnaireWords, version: number, language: Language): string {
  const label = withNumber(w.version, version, language);
  return version === 0 ? `${label} (${w.national})` : label;
}
