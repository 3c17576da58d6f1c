import { Anchor, Button, Group, NativeSelect, Stack } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { formatNumber } from '../../format.js';
import { useI18n, useMessages } from '../../i18n.js';
import { DataTable } from '../../ui/DataTable.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { PagedList } from '../../ui/PagedList.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useConnection } from '../../ui/useConnection.js';
import { usePermission } from '../../viewer.js';
import { ChannelText, ComplaintStageBadge, OverdueBadge } from './ComplaintBadges.js';
import { type ComplaintRow, type ComplaintStage, ComplaintsQuery, complaintStages } from './operations.js';
import { complaintWord, complaintWords, stageLabel } from './words.js';

const messages = {
  fa: {
    title: 'شکایات',
    description:
      'شکایت‌های رسیده از تلفن، وب‌سایت، پیامک، حضوری، نامه و سامد، به ترتیب نزدیک‌ترین مهلت مرحله (استاندارد ISO 10002).',
    register: 'ثبت شکایت',
    filter: 'مرحله',
    notClosed: 'همهٔ شکایت‌های باز',
    all: 'همه (با بسته‌ها)',
    list: 'شکایت‌ها',
    empty: 'شکایتی در این مرحله نیست.',
    more: 'بیشتر',
    total: 'شکایت',
    trackingCode: 'کد پیگیری',
    subject: 'موضوع',
    channel: 'راه دریافت',
    stage: 'مرحله',
    deadline: 'مهلت مرحله',
    appeal: 'تجدیدنظر',
    received: 'دریافت',
    level: 'سطح',
  },
  en: {
    title: 'Complaints',
    description:
      'Complaints by phone, website, SMS, in person, letter and Samad, the soonest stage deadline first (ISO 10002).',
    register: 'Register a complaint',
    filter: 'Stage',
    notClosed: 'All complaints not closed',
    all: 'All (closed too)',
    list: 'Complaints',
    empty: 'No complaint at this stage.',
    more: 'More',
    total: 'complaints',
    trackingCode: 'Tracking code',
    subject: 'Subject',
    channel: 'Channel',
    stage: 'Stage',
    deadline: 'Stage deadline',
    appeal: 'Appeal',
    received: 'Received',
    level: 'level',
  },
};

type Filter = ComplaintStage | 'NOT_CLOSED' | 'ALL';

function filterOf(value: string | null): Filter {
  if (value === 'ALL' || (complaintStages as string[]).includes(value ?? '')) return value as Filter;
  return 'NOT_CLOSED';
}

const openStages = complaintStages.filter((s) => s !== 'CLOSED');

/**
 * «شکایات»: the company's complaints, the soonest stage deadline first (the API's order), filtered by stage
 * (`?stage=`, so other screens can link to a stage; by default every stage but closed), page by page.
 */
export default function ComplaintList() {
  const m = useMessages(messages);
  const w = useMessages(complaintWords);
  const { language } = useI18n();
  const mayRegister = usePermission('complaints:register');
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params.get('stage'));
  const stages = filter === 'NOT_CLOSED' ? openStages : filter === 'ALL' ? null : [filter];
  const list = useConnection(ComplaintsQuery, { stages, first: 50 }, (d) => d.complaints);

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          mayRegister ? (
            <Button component={Link} to="/complaints/new" data-testid="complaint-register-link">
              {m.register}
            </Button>
          ) : null
        }
      >
        {m.title}
      </ScreenTitle>
      <Group align="flex-end" justify="space-between" mb="md">
        <NativeSelect
          label={m.filter}
          value={filter}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setParams(value === 'NOT_CLOSED' ? {} : { stage: value }, { replace: true });
          }}
          data={[
            { value: 'NOT_CLOSED', label: m.notClosed },
            ...complaintStages.map((s) => ({ value: s, label: stageLabel(s, language) })),
            { value: 'ALL', label: m.all },
          ]}
          data-testid="complaint-filter-stage"
        />
      </Group>
      <PagedList list={list} emptyText={m.empty} moreLabel={m.more} moreTestId="complaint-more" totalLabel={m.total}>
        <DataTable<ComplaintRow>
          label={m.list}
          rows={list.items}
          rowKey={(c) => c.id}
          testId="complaint-list"
          rowProps={(c) => ({
            'data-testid': 'complaint-row',
            'data-stage': c.stage,
            'data-code': c.trackingCode,
          })}
          columns={[
            {
              label: m.trackingCode,
              cell: (c) => (
                <Anchor component={Link} to={`/complaints/${encodeURIComponent(c.id)}`} data-testid="complaint-open">
                  <TrackingCodeText code={c.trackingCode} />
                </Anchor>
              ),
            },
            { label: m.subject, cell: (c) => complaintWord(w, 'subject', c.subject) },
            { label: m.channel, cell: (c) => <ChannelText channel={c.channel} externalRef={c.externalRef} /> },
            { label: m.stage, cell: (c) => <ComplaintStageBadge stage={c.stage} /> },
            {
              label: m.deadline,
              cell: (c) =>
                c.stageDueAt ? (
                  <Stack gap={4} align="flex-start">
                    <JalaliDate value={c.stageDueAt} />
                    {c.overdue ? <OverdueBadge /> : null}
                  </Stack>
                ) : (
                  '—'
                ),
            },
            {
              label: m.appeal,
              cell: (c) =>
                c.appealLevel > 0 ? (
                  <span data-testid="complaint-appeal-level" data-level={c.appealLevel}>
                    {m.level} {formatNumber(c.appealLevel, language)}
                  </span>
                ) : (
                  '—'
                ),
            },
            { label: m.received, cell: (c) => <JalaliDate value={c.receivedAt} dateOnly /> },
          ]}
        />
      </PagedList>
    </>
  );
}
