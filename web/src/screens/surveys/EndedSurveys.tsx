import { Anchor, NativeSelect, Stack } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { formatNumber } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { DataTable } from '../../ui/DataTable.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useCategoryName } from '../../ui/options.js';
import { PagedList } from '../../ui/PagedList.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useConnection } from '../../ui/useConnection.js';
import { FixedBadge, SurveyStatusBadge } from './SurveyBadges.js';
import { type SurveyRow, type SurveyStatus, SurveysQuery } from './survey.queries.js';
import { surveyWord, surveyWords } from './surveyWords.js';
import { surveyPath } from './useTakeSurvey.js';

const messages = {
  fa: {
    filter: 'نتیجه',
    allEnded: 'همهٔ نظرسنجی‌های پایان‌یافته',
    list: 'نظرسنجی‌های پایان‌یافته',
    empty: 'نظرسنجی پایان‌یافته‌ای با این نتیجه نیست.',
    more: 'نمایش بیشتر',
    total: 'نظرسنجی',
    trackingCode: 'کد رهگیری',
    category: 'موضوع',
    unit: 'واحد',
    method: 'روش',
    status: 'نتیجه',
    fixed: 'مشکل برطرف شده؟',
    attempts: 'تماس‌ها',
    ended: 'پایان',
  },
  en: {
    filter: 'Outcome',
    allEnded: 'Every ended survey',
    list: 'Ended surveys',
    empty: 'No ended survey with this outcome.',
    more: 'Show more',
    total: 'surveys',
    trackingCode: 'Tracking code',
    category: 'Category',
    unit: 'Unit',
    method: 'Method',
    status: 'Outcome',
    fixed: 'Really fixed?',
    attempts: 'Calls',
    ended: 'Ended',
  },
};

const endedStatuses: SurveyStatus[] = ['COMPLETED', 'REFUSED', 'UNREACHABLE', 'EXPIRED'];

function statusesOf(value: string | null): SurveyStatus[] {
  return endedStatuses.includes(value as SurveyStatus) ? [value as SurveyStatus] : endedStatuses;
}

/** When a survey ended: completed, else its last call, else its link's expiry (the API keeps no end time of its own). */
function endedAt(s: SurveyRow): string | null {
  return s.completedAt ?? s.attempts.at(-1)?.attemptedAt ?? (s.status === 'EXPIRED' ? s.linkExpiresAt : null) ?? null;
}

/**
 * «پایان‌یافته‌ها»: the surveys that ended, the latest drawn first — completed, refused, unreachable, link expired —
 * with the customer's word on "really fixed?", filtered by outcome (`?status=` in the address).
 */
export default function EndedSurveys() {
  const m = useMessages(messages);
  const w = useMessages(surveyWords);
  const { language } = useI18n();
  const pick = useBilingual();
  const categoryName = useCategoryName();
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const list = useConnection(SurveysQuery, { statuses: statusesOf(status), first: 50 }, (d) => d.surveys);
  return (
    <Stack gap="sm">
      <NativeSelect
        label={m.filter}
        value={statusesOf(status).length === 1 ? (status as string) : ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setParams(value ? { status: value } : {}, { replace: true });
        }}
        data={[
          { value: '', label: m.allEnded },
          ...endedStatuses.map((s) => ({ value: s, label: surveyWord(w, 'status', s) })),
        ]}
        maw={320}
        data-testid="survey-ended-filter"
      />
      <PagedList list={list} emptyText={m.empty} moreLabel={m.more} totalLabel={m.total}>
        <DataTable<SurveyRow>
          label={m.list}
          rows={list.items}
          rowKey={(s) => s.id}
          testId="survey-ended"
          rowProps={(s) => ({
            'data-testid': 'survey-ended-row',
            'data-code': s.request?.trackingCode ?? '',
            'data-status': s.status,
          })}
          columns={[
            {
              label: m.trackingCode,
              cell: (s) => (
                <Anchor component={Link} to={surveyPath(s.id)} data-testid="survey-open">
                  {s.request ? <TrackingCodeText code={s.request.trackingCode} /> : surveyWord(w, 'method', s.method)}
                </Anchor>
              ),
            },
            {
              label: m.category,
              cell: (s) => (s.request ? categoryName(s.request.categoryCode, s.request.categoryNameFa) : w.none),
            },
            { label: m.unit, cell: (s) => (s.unit ? pick(s.unit.nameFa, s.unit.nameEn) : w.none) },
            { label: m.method, cell: (s) => surveyWord(w, 'method', s.method) },
            { label: m.status, cell: (s) => <SurveyStatusBadge status={s.status} /> },
            { label: m.fixed, cell: (s) => <FixedBadge fixed={s.fixed} /> },
            { label: m.attempts, cell: (s) => formatNumber(s.attemptCount, language) },
            { label: m.ended, cell: (s) => <JalaliDate value={endedAt(s)} /> },
          ]}
        />
      </PagedList>
    </Stack>
  );
}
