import { useMemo } from 'react';
import { useQuery } from 'urql';
import { displayText, formatNumber, listSeparator } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { useCategoryOptions } from '../../ui/options.js';
import { AudienceNodesQuery, type CampaignRow, UnitChoicesQuery } from './campaignOperations.js';

/**
 * Words the campaign screens share (section (d), targeted information): the states and audiences of the API in
 * Persian and English, the quiet hours, and a campaign's audience in a sentence.
 */
export type CampaignState = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'SENDING' | 'SENT' | 'CANCELLED';
export type AudienceKind = 'UNITS' | 'CATEGORIES' | 'INCIDENT' | 'OUTAGE' | 'LIST';

/** In the order a campaign goes through them; the filter lists them so. */
export const campaignStates: readonly CampaignState[] = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'SENDING',
  'SENT',
  'CANCELLED',
];
export const audienceKinds: readonly AudienceKind[] = ['UNITS', 'CATEGORIES', 'INCIDENT', 'OUTAGE', 'LIST'];

/** Light badges with dark words (WCAG AA): grey a draft, orange waiting, blue and cyan on their way, teal done. */
export const campaignStateColours: Record<CampaignState, string> = {
  DRAFT: 'gray',
  SUBMITTED: 'orange',
  APPROVED: 'blue',
  SENDING: 'cyan',
  SENT: 'teal',
  CANCELLED: 'grape',
};

/** A campaign that can still be stopped (cancelCampaign refuses a sent or cancelled one). */
export const cancellableCampaign: readonly CampaignState[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'SENDING'];

/** Quiet hours, Tehran time (the server's `quietHours`): no campaign is sent from 21:00 to 08:00 unless an emergency. */
export const quietHours = { from: 21, to: 8 } as const;
const tehranHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', hourCycle: 'h23' });
export function inQuietHours(at: string | number | Date): boolean {
  const hour = Number(tehranHour.format(new Date(at)));
  return hour >= quietHours.from || hour < quietHours.to;
}

export const campaignWords = {
  fa: {
    'state.DRAFT': 'پیش‌نویس',
    'state.SUBMITTED': 'منتظر تأیید',
    'state.APPROVED': 'تأییدشده',
    'state.SENDING': 'در حال ارسال',
    'state.SENT': 'ارسال‌شده',
    'state.CANCELLED': 'لغوشده',
    'kind.UNITS': 'مشترکان یک یا چند منطقه',
    'kind.CATEGORIES': 'درخواست‌دهندگان چند موضوع',
    'kind.INCIDENT': 'تماس‌گیرندگان یک حادثه',
    'kind.OUTAGE': 'مشترکان یک قطعی برنامه‌ریزی‌شده',
    'kind.LIST': 'فهرست بارگذاری‌شده (CSV)',
    'kindHint.UNITS': 'مشترکانِ دارای شمارهٔ همراهِ این واحدها و همهٔ واحدهای زیر آن‌ها',
    'kindHint.CATEGORIES': 'کسانی که در این موضوع‌ها درخواست ثبت کرده‌اند، در چند روز اخیر',
    'kindHint.INCIDENT': 'کسانی که دربارهٔ این حادثه تماس گرفته یا درخواست ثبت کرده‌اند',
    'kindHint.OUTAGE': 'مشترکان منطقه‌ای که آبش در این قطعی قطع می‌شود',
    'kindHint.LIST': 'پرونده‌ای با یک شمارهٔ همراه یا شمارهٔ اشتراک در هر سطر',
    emergency: 'اضطراری',
    audienceUnits: 'مشترکان {names} (و واحدهای زیر آن)',
    audienceCategories: 'درخواست‌دهندگان «{names}» در {days} روز اخیر',
    audienceIncident: 'تماس‌گیرندگان حادثهٔ «{name}»',
    audienceOutage: 'مشترکان قطعی برنامه‌ریزی‌شدهٔ «{name}»',
    audienceList: 'فهرست بارگذاری‌شده',
    unknownPlace: 'نامشخص',
    quietHours:
      'ساعت سکوت: پیام‌رسانی‌ها از ساعت ۲۱ تا ۸ صبح (به وقت تهران) فرستاده نمی‌شوند، مگر «اضطراری» باشند؛ آنچه در این ساعت‌ها تأیید شود ساعت ۸ صبح فرستاده می‌شود.',
  },
  en: {
    'state.DRAFT': 'Draft',
    'state.SUBMITTED': 'Awaiting approval',
    'state.APPROVED': 'Approved',
    'state.SENDING': 'Sending',
    'state.SENT': 'Sent',
    'state.CANCELLED': 'Cancelled',
    'kind.UNITS': 'Customers of one or more areas',
    'kind.CATEGORIES': 'Requesters of some categories',
    'kind.INCIDENT': 'Callers about an incident',
    'kind.OUTAGE': 'Customers of a planned water cut',
    'kind.LIST': 'An uploaded list (CSV)',
    'kindHint.UNITS': 'The customers with a mobile of these units and every unit below them',
    'kindHint.CATEGORIES': 'Those who registered a request in these categories over the last days',
    'kindHint.INCIDENT': 'Those who called or registered a request about this incident',
    'kindHint.OUTAGE': 'The customers of the area whose water this cut stops',
    'kindHint.LIST': 'A file with a mobile or a subscription number on each line',
    emergency: 'Emergency',
    audienceUnits: 'Customers of {names} (and the units below)',
    audienceCategories: 'Requesters of “{names}” in the last {days} days',
    audienceIncident: 'Callers about the incident “{name}”',
    audienceOutage: 'Customers of the planned cut “{name}”',
    audienceList: 'An uploaded list',
    unknownPlace: 'unknown',
    quietHours:
      'Quiet hours: campaigns are not sent from 21:00 to 08:00 (Tehran time) unless marked emergency; one approved then goes out at 08:00.',
  },
};
export type CampaignWords = (typeof campaignWords)['fa'];

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? '');

/**
 * A campaign's audience in a sentence («مشترکان منطقه ۳ (و واحدهای زیر آن)»): the units' and categories' names in the
 * user's language, an incident's title or a planned cut's area asked for by id.
 */
export function useAudienceText(campaigns: readonly Pick<CampaignRow, 'audience'>[]) {
  const w = useMessages(campaignWords);
  const { language } = useI18n();
  const [units] = useQuery({ query: UnitChoicesQuery });
  const categories = useCategoryOptions();
  const known = useMemo(() => {
    const names = new Map<string, string>();
    for (const u of units.data?.units.nodes ?? []) names.set(u.id, language === 'fa' ? u.nameFa : u.nameEn || u.nameFa);
    for (const c of categories.options) names.set(`category:${c.value}`, c.label);
    return names;
  }, [units.data, categories.options, language]);
  const ids = useMemo(
    () =>
      [
        ...new Set(
          campaigns.flatMap((c) => [c.audience.incidentId, c.audience.outageId]).filter((id): id is string => !!id),
        ),
      ].sort(),
    [campaigns],
  );
  const [others] = useQuery({ query: AudienceNodesQuery, variables: { ids }, pause: ids.length === 0 });
  return (audience: CampaignRow['audience']): string => {
    const name = (id: string | null | undefined) => {
      if (!id) return w.unknownPlace;
      const found = known.get(id);
      if (found) return displayText(found, language);
      const node = others.data?.nodes.find((n) => n && 'id' in n && n.id === id);
      if (node && 'title' in node) return displayText(node.title, language);
      if (node && 'area' in node) return displayText(node.area, language);
      return '…';
    };
    const sep = listSeparator(language);
    switch (audience.kind as AudienceKind) {
      case 'UNITS':
        return fill(w.audienceUnits, { names: audience.unitIds.map(name).join(sep) });
      case 'CATEGORIES':
        return fill(w.audienceCategories, {
          names: audience.categoryCodes.map((code) => known.get(`category:${code}`) ?? code).join(sep),
          days: formatNumber(audience.sinceDays ?? 30, language),
        });
      case 'INCIDENT':
        return fill(w.audienceIncident, { name: name(audience.incidentId) });
      case 'OUTAGE':
        return fill(w.audienceOutage, { name: name(audience.outageId) });
      default:
        return w.audienceList;
    }
  };
}
