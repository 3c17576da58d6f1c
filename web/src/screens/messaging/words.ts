/**
 * Words the messaging screens share (section (d)): the states, kinds and providers of the API in Persian and
 * English, and the area's own names. Each tab keeps its other words beside it.
 */
export type MessageState =
  | 'QUEUED'
  | 'SENDING'
  | 'SENT'
  | 'DELIVERED'
  | 'UNDELIVERED'
  | 'FAILED'
  | 'EXPIRED'
  | 'CANCELLED';
export type MessageKind =
  | 'REQUEST_REGISTERED'
  | 'REQUEST_RESOLVED'
  | 'INCIDENT_UPDATE'
  | 'OUTAGE_NOTICE'
  | 'OUTAGE_RESTORED'
  | 'COMPLAINT_RECEIVED'
  | 'SURVEY_INVITATION'
  | 'CUSTOM';
export type MessagingProvider = 'LOCAL' | 'KAVENEGAR' | 'MAGFA';

/** In the order a message goes through them; the filter lists them so. */
export const messageStates: readonly MessageState[] = [
  'QUEUED',
  'SENDING',
  'SENT',
  'DELIVERED',
  'UNDELIVERED',
  'FAILED',
  'EXPIRED',
  'CANCELLED',
];
export const messageKinds: readonly MessageKind[] = [
  'REQUEST_REGISTERED',
  'REQUEST_RESOLVED',
  'INCIDENT_UPDATE',
  'OUTAGE_NOTICE',
  'OUTAGE_RESTORED',
  'COMPLAINT_RECEIVED',
  'SURVEY_INVITATION',
  'CUSTOM',
];
export const providers: readonly MessagingProvider[] = ['LOCAL', 'KAVENEGAR', 'MAGFA'];

/** What each provider's account needs (the schema's MessagingCredentialsInput: Kavenegar apiKey; Magfa three). */
export const providerCredentials: Record<MessagingProvider, readonly CredentialField[]> = {
  LOCAL: [],
  KAVENEGAR: ['apiKey'],
  MAGFA: ['username', 'domain', 'password'],
};
export type CredentialField = 'apiKey' | 'username' | 'domain' | 'password';

/** A message the API will send again (retryMessage), and one it will stop (cancelMessage). */
export const retryable: readonly MessageState[] = ['FAILED', 'CANCELLED', 'UNDELIVERED', 'EXPIRED'];
export const cancellable: readonly MessageState[] = ['QUEUED'];

/** Light badges with dark words (WCAG AA): grey waiting, blue on its way, teal arrived, red and orange not. */
export const stateColours: Record<MessageState, string> = {
  QUEUED: 'gray',
  SENDING: 'cyan',
  SENT: 'blue',
  DELIVERED: 'teal',
  UNDELIVERED: 'orange',
  FAILED: 'red',
  EXPIRED: 'yellow',
  CANCELLED: 'grape',
};

export const messagingWords = {
  fa: {
    area: 'اطلاع‌رسانی',
    areaDescription:
      'پیامک‌هایی که سامانه برای مردم می‌فرستد: گزارش تحویل، پیام‌رسانی‌ها، متن پیام‌ها، حساب پیامک و انصراف‌ها.',
    tabs: 'بخش‌های اطلاع‌رسانی',
    'tab.messages': 'پیام‌ها',
    'tab.campaigns': 'پیام‌رسانی‌ها',
    'tab.templates': 'قالب پیامک‌ها',
    'tab.account': 'حساب پیامک',
    'tab.optOuts': 'انصراف‌ها',
    'tab.ivr': 'منوی تلفن گویا',
    'tab.notices': 'اعلان‌های وب‌سایت',
    'state.QUEUED': 'در صف',
    'state.SENDING': 'در حال ارسال',
    'state.SENT': 'ارسال شده',
    'state.DELIVERED': 'رسیده',
    'state.UNDELIVERED': 'نرسیده',
    'state.FAILED': 'ناموفق',
    'state.EXPIRED': 'منقضی',
    'state.CANCELLED': 'لغوشده',
    'kind.REQUEST_REGISTERED': 'ثبت درخواست',
    'kind.REQUEST_RESOLVED': 'انجام درخواست',
    'kind.INCIDENT_UPDATE': 'خبر حادثه',
    'kind.OUTAGE_NOTICE': 'اطلاع قطعی آب',
    'kind.OUTAGE_RESTORED': 'وصل شدن آب',
    'kind.COMPLAINT_RECEIVED': 'دریافت شکایت',
    'kind.SURVEY_INVITATION': 'دعوت به نظرسنجی',
    'kind.CUSTOM': 'پیام نوشته‌شده',
    'provider.LOCAL': 'داخلی (آزمایشی، چیزی فرستاده نمی‌شود)',
    'provider.KAVENEGAR': 'کاوه‌نگار',
    'provider.MAGFA': 'مگفا',
    'credential.apiKey': 'کلید API',
    'credential.username': 'نام کاربری',
    'credential.domain': 'دامنه',
    'credential.password': 'گذرواژه',
    'channel.SMS': 'پیامک',
    'channel.VOICE': 'تماس صوتی',
    'source.staff': 'ثبت کارکنان',
    'source.keyword': 'پاسخ پیامکی (لغو)',
    'source.link': 'پیوند انصراف',
    system: 'سامانه',
  },
  en: {
    area: 'Customer messaging',
    areaDescription:
      'The text messages the platform sends to people: delivery reports, campaigns, the wording, the SMS account and opt-outs.',
    tabs: 'Messaging sections',
    'tab.messages': 'Messages',
    'tab.campaigns': 'Campaigns',
    'tab.templates': 'SMS templates',
    'tab.account': 'SMS account',
    'tab.optOuts': 'Opt-outs',
    'tab.ivr': 'IVR menu',
    'tab.notices': 'Website notices',
    'state.QUEUED': 'Queued',
    'state.SENDING': 'Sending',
    'state.SENT': 'Sent',
    'state.DELIVERED': 'Delivered',
    'state.UNDELIVERED': 'Undelivered',
    'state.FAILED': 'Failed',
    'state.EXPIRED': 'Expired',
    'state.CANCELLED': 'Cancelled',
    'kind.REQUEST_REGISTERED': 'Request registered',
    'kind.REQUEST_RESOLVED': 'Request resolved',
    'kind.INCIDENT_UPDATE': 'Incident update',
    'kind.OUTAGE_NOTICE': 'Water cut notice',
    'kind.OUTAGE_RESTORED': 'Water back',
    'kind.COMPLAINT_RECEIVED': 'Complaint received',
    'kind.SURVEY_INVITATION': 'Survey invitation',
    'kind.CUSTOM': 'Written message',
    'provider.LOCAL': 'Local (testing: sends nothing out)',
    'provider.KAVENEGAR': 'Kavenegar',
    'provider.MAGFA': 'Magfa',
    'credential.apiKey': 'API key',
    'credential.username': 'Username',
    'credential.domain': 'Domain',
    'credential.password': 'Password',
    'channel.SMS': 'SMS',
    'channel.VOICE': 'Voice call',
    'source.staff': 'Recorded by staff',
    'source.keyword': 'SMS reply (stop)',
    'source.link': 'Opt-out link',
    system: 'System',
  },
};
export type MessagingWords = (typeof messagingWords)['fa'];

/** An opt-out's source in words (keyword, link, staff), or as the API gave it when new. */
export function sourceName(w: MessagingWords, source: string): string {
  const key = `source.${source}` as keyof MessagingWords;
  return key in w ? w[key] : source;
}
