/** The call screen's words added with issue 10 (messages.ts keeps the original ones). */
export const callMessages = {
  fa: {
    currentCall: 'تماس جاری',
    talkTime: 'مدت مکالمه',
    offline: 'ارتباط با سرور برقرار نشد. مقادیر فرم حفظ شده است؛ دوباره ثبت کنید — درخواست تکراری ساخته نمی‌شود.',
    retry: 'ثبت دوباره',
    registeredSoFar: 'درخواست ثبت شده است. کد رهگیری را برای تماس‌گیرنده بخوانید؛ ثبت تماس هنوز مانده است.',
    shortcutNewCall: 'تماس تازه',
    shortcutSubmit: 'ثبت فرم از هر فیلد',
    shortcutCaller: 'رفتن به شماره تماس‌گیرنده',
    shortcutCategory: 'رفتن به موضوع تماس',
    shortcutHelp: 'میان‌برها: Alt+N تماس تازه — Ctrl+Enter ثبت — ? فهرست میان‌برها',
  },
  en: {
    currentCall: 'Current call',
    talkTime: 'Talk time',
    offline: 'The server could not be reached. The form keeps its values; submit again — no duplicate request is made.',
    retry: 'Submit again',
    registeredSoFar: 'The request is registered. Read the tracking code out; the call is not recorded yet.',
    shortcutNewCall: 'New call',
    shortcutSubmit: 'Submit the form from any field',
    shortcutCaller: 'Go to the caller’s number',
    shortcutCategory: 'Go to the subject of the call',
    shortcutHelp: 'Shortcuts: Alt+N new call — Ctrl+Enter submit — ? list of shortcuts',
  },
};
