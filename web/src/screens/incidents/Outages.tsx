import { Badge, Button, Group, NativeSelect, SegmentedControl, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { displayText } from '../../format.js';
import { OutageSummary, PageInfoFields } from '../../graphql/fragments.js';
import { ErrorFields, graphql } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError, Notice, noticeSelector } from '../../ui/alerts.js';
import { DataTable } from '../../ui/DataTable.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { parseJalaliDateTime } from '../../ui/jalali.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useUnitOptions } from '../../ui/options.js';
import { PagedList } from '../../ui/PagedList.js';
import { PersonName } from '../../ui/PersonName.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { Section } from '../../ui/Section.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { useConnection } from '../../ui/useConnection.js';
import { usePermission, useViewer } from '../../viewer.js';
import { ownUnitId } from '../desk/actions.js';

const messages = {
  fa: {
    title: 'قطعی‌های برنامه‌ریزی‌شده آب',
    description: 'قطع برنامه‌ریزی‌شدهٔ آب که کارشناسان به تماس‌گیرندگان اطلاع می‌دهند.',
    view: 'نمایش',
    active: 'در جریان',
    upcoming: 'پیش رو',
    all: 'همه',
    register: 'ثبت قطعی آب',
    newTitle: 'قطعی برنامه‌ریزی‌شده جدید',
    unit: 'واحد (محدوده)',
    chooseUnit: 'واحد را انتخاب کنید',
    area: 'محدوده (خیابان‌ها و محله‌ها)',
    startDate: 'تاریخ شروع',
    startTime: 'ساعت شروع',
    endDate: 'تاریخ پایان',
    endTime: 'ساعت پایان',
    dateHint: 'مثلاً ۱۴۰۵/۰۹/۱۰',
    timeHint: 'مثلاً ۰۸:۳۰',
    badDate: 'تاریخ یا ساعت معتبر نیست',
    reason: 'دلیل',
    submit: 'ثبت قطعی آب',
    registered: 'قطعی آب ثبت شد.',
    list: 'فهرست قطعی‌های برنامه‌ریزی‌شده',
    starts: 'شروع',
    ends: 'پایان',
    state: 'وضعیت',
    'state.ACTIVE': 'در جریان',
    'state.UPCOMING': 'پیش رو',
    'state.ENDED': 'پایان‌یافته',
    'state.CANCELLED': 'لغوشده',
    cancelOutage: 'لغو قطعی آب',
    confirmCancel: 'لغو شود؟',
    yesCancel: 'بله، لغو شود',
    no: 'خیر',
    cancelled: 'قطعی آب لغو شد.',
    empty: 'قطعی برنامه‌ریزی‌شده‌ای نیست.',
    more: 'نمایش قطعی‌های بیشتر',
    actions: 'اقدام',
    createdBy: 'ثبت‌کننده',
  },
  en: {
    title: 'Planned water cuts',
    description: 'Announced interruptions of the water supply that agents tell callers about.',
    view: 'Show',
    active: 'In force now',
    upcoming: 'Upcoming',
    all: 'All',
    register: 'Register a water cut',
    newTitle: 'New planned water cut',
    unit: 'Unit (area)',
    chooseUnit: 'Choose the unit',
    area: 'Area (streets, neighbourhoods)',
    startDate: 'Start date',
    startTime: 'Start time',
    endDate: 'End date',
    endTime: 'End time',
    dateHint: 'e.g. 1405/09/10',
    timeHint: 'e.g. 08:30',
    badDate: 'Not a valid date or time',
    reason: 'Reason',
    submit: 'Register the water cut',
    registered: 'The water cut is registered.',
    list: 'Planned water cuts',
    starts: 'Starts',
    ends: 'Ends',
    state: 'State',
    'state.ACTIVE': 'In force',
    'state.UPCOMING': 'Upcoming',
    'state.ENDED': 'Ended',
    'state.CANCELLED': 'Cancelled',
    cancelOutage: 'Cancel the water cut',
    confirmCancel: 'Cancel it?',
    yesCancel: 'Yes, cancel it',
    no: 'No',
    cancelled: 'The water cut is cancelled.',
    empty: 'No planned water cut.',
    more: 'Show more water cuts',
    actions: 'Action',
    createdBy: 'Registered by',
  },
};
type Words = (typeof messages)['fa'];
type State = 'ACTIVE' | 'UPCOMING' | 'ENDED' | 'CANCELLED';

const OutagesQuery = graphql(
  `
  query PlannedOutages($first: Int!, $after: String, $activeAt: DateTime) {
    plannedOutages(first: $first, after: $after, activeAt: $activeAt) {
      nodes {
        ...OutageSummary
        cancelledAt
        createdBy
        createdByName
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [OutageSummary, PageInfoFields],
);

const RegisterOutageMutation = graphql(
  `
  mutation RegisterPlannedOutage($input: RegisterPlannedOutageInput!) {
    registerPlannedOutage(input: $input) {
      __typename
      ... on RegisterPlannedOutageSuccess {
        data {
          id
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

const CancelOutageMutation = graphql(
  `
  mutation CancelPlannedOutage($outageId: ID!) {
    cancelPlannedOutage(outageId: $outageId) {
      __typename
      ... on CancelPlannedOutageSuccess {
        data {
          id
          state
          cancelledAt
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

const stateColours: Record<State, string> = { ACTIVE: 'red', UPCOMING: 'blue', ENDED: 'gray', CANCELLED: 'gray' };

/** Planned outages: in force now or upcoming; registering and cancelling them for those who may. */
export default function Outages() {
  const m = useMessages(messages);
  const pick = useBilingual();
  const { language } = useI18n();
  const canWrite = usePermission('outages:write');
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') ?? 'upcoming') as 'active' | 'upcoming' | 'all';
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [now] = useState(() => new Date().toISOString());
  const variables = useMemo(() => ({ first: 50, activeAt: view === 'active' ? now : null }), [view, now]);
  const list = useConnection(OutagesQuery, variables, (d) => d.plannedOutages);
  const cancel = useMutationWithErrors(CancelOutageMutation, (d) => d.cancelPlannedOutage);
  const [confirming, setConfirming] = useState<string | null>(null);
  const shown =
    view === 'upcoming'
      ? list.items
          .filter((o) => o.state === 'UPCOMING' || o.state === 'ACTIVE')
          .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      : list.items;

  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          canWrite ? (
            <Button
              onClick={() => setCreating(!creating)}
              aria-expanded={creating}
              data-testid="outage-register-toggle"
            >
              {m.register}
            </Button>
          ) : null
        }
      >
        {m.title}
      </ScreenTitle>
      {creating ? (
        <RegisterOutageForm
          m={m}
          onDone={() => {
            setCreating(false);
            setNotice(m.registered);
            list.reload();
            // Registered: the keyboard goes on from the notice, just above the list.
            focusNext(noticeSelector);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      {notice ? (
        <Notice mb="sm" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      ) : null}
      <FormError mb="sm">{cancel.formError}</FormError>
      <Group mb="sm" gap="sm">
        <Text component="span" id="outage-view-label" fw={500}>
          {m.view}
        </Text>
        <SegmentedControl
          aria-labelledby="outage-view-label"
          value={view}
          onChange={(value) => setParams({ view: value }, { replace: true })}
          data={[
            { value: 'active', label: m.active },
            { value: 'upcoming', label: m.upcoming },
            { value: 'all', label: m.all },
          ]}
          data-testid="outage-view"
        />
      </Group>
      {/* "Upcoming" filters what was loaded: nothing to show is "none" only when no page remains. */}
      <PagedList list={list} empty={shown.length === 0 && !list.hasMore} emptyText={m.empty} moreLabel={m.more}>
        <DataTable
          label={m.list}
          testId="outage-list"
          rows={shown}
          rowKey={(o) => o.id}
          rowProps={(o) => ({ 'data-testid': 'outage-row', 'data-state': o.state })}
          columns={[
            { label: m.area, cell: (o) => displayText(o.area, language) },
            { label: m.unit, cell: (o) => pick(o.unit.nameFa, o.unit.nameEn) },
            { label: m.starts, cell: (o) => <JalaliDate value={o.startsAt} /> },
            { label: m.ends, cell: (o) => <JalaliDate value={o.endsAt} /> },
            { label: m.reason, cell: (o) => displayText(o.reason, language) },
            {
              label: m.createdBy,
              cell: (o) => (
                <span data-testid="outage-created-by">
                  <PersonName name={o.createdByName} subject={o.createdBy} />
                </span>
              ),
            },
            {
              label: m.state,
              cell: (o) => (
                <Badge
                  miw="max-content"
                  color={stateColours[o.state as State]}
                  variant="light"
                  size="lg"
                  styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
                >
                  {m[`state.${o.state}` as keyof Words]}
                </Badge>
              ),
            },
            canWrite && {
              label: m.actions,
              cell: (o) =>
                o.state === 'UPCOMING' || o.state === 'ACTIVE' ? (
                  confirming === o.id ? (
                    <Group gap={4} wrap="wrap">
                      <Text size="sm" component="span">
                        {m.confirmCancel}
                      </Text>
                      <Button
                        size="compact-sm"
                        color="red.9"
                        loading={cancel.fetching}
                        data-testid="outage-cancel-confirm"
                        onClick={async () => {
                          const outcome = await cancel.run({ outageId: o.id });
                          setConfirming(null);
                          if (outcome.ok) {
                            setNotice(m.cancelled);
                            list.setItems((items) => items.map((i) => (i.id === o.id ? { ...i, ...outcome.data } : i)));
                          }
                        }}
                      >
                        {m.yesCancel}
                      </Button>
                      <Button size="compact-sm" variant="subtle" onClick={() => setConfirming(null)}>
                        {m.no}
                      </Button>
                    </Group>
                  ) : (
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="red"
                      onClick={() => setConfirming(o.id)}
                      aria-label={`${m.cancelOutage}: ${displayText(o.area, language)}`}
                      data-testid="outage-cancel"
                    >
                      {m.cancelOutage}
                    </Button>
                  )
                ) : null,
            },
          ]}
        />
      </PagedList>
    </>
  );
}

function RegisterOutageForm({ m, onDone, onCancel }: { m: Words; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const units = useUnitOptions(true);
  const form = useForm({
    initialValues: {
      unitId: ownUnitId(viewer, 'outages:write'),
      area: '',
      startDate: '',
      startTime: '',
      endDate: '',
      endTime: '',
      reason: '',
    },
    validate: {
      unitId: (v) => (v ? null : t('fieldRequired')),
      area: (v) => (v.trim() ? null : t('fieldRequired')),
      reason: (v) => (v.trim() ? null : t('fieldRequired')),
      startDate: (v, values) =>
        !v.trim() ? t('fieldRequired') : parseJalaliDateTime(v, values.startTime || '00:00') ? null : m.badDate,
      startTime: (v) => (v.trim() ? null : t('fieldRequired')),
      endDate: (v, values) =>
        !v.trim() ? t('fieldRequired') : parseJalaliDateTime(v, values.endTime || '00:00') ? null : m.badDate,
      endTime: (v) => (v.trim() ? null : t('fieldRequired')),
    },
  });
  const register = useMutationWithErrors(RegisterOutageMutation, (d) => d.registerPlannedOutage, {
    form,
    fieldMap: { startsAt: 'startDate', endsAt: 'endDate' },
  });
  return (
    <Section id="outage-new" title={m.newTitle} headingGap="sm" mb="md">
      <form
        noValidate
        data-testid="outage-register-form"
        onKeyDown={formKeys()}
        onSubmit={form.onSubmit(async (values) => {
          const startsAt = parseJalaliDateTime(values.startDate, values.startTime);
          const endsAt = parseJalaliDateTime(values.endDate, values.endTime);
          if (!startsAt) form.setFieldError('startTime', m.badDate);
          if (!endsAt) form.setFieldError('endTime', m.badDate);
          if (!startsAt || !endsAt) return;
          const outcome = await register.run({
            input: { unitId: values.unitId, area: values.area, reason: values.reason, startsAt, endsAt },
          });
          if (outcome.ok) onDone();
        })}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label={m.unit}
            required
            data={[{ value: '', label: m.chooseUnit }, ...units.options]}
            {...form.getInputProps('unitId')}
            data-testid="outage-unit"
          />
          <TextInput
            label={m.area}
            required
            maxLength={500}
            {...form.getInputProps('area')}
            data-testid="outage-area"
          />
          {(
            [
              ['startDate', m.dateHint, 'outage-start-date'],
              ['startTime', m.timeHint, 'outage-start-time'],
              ['endDate', m.dateHint, 'outage-end-date'],
              ['endTime', m.timeHint, 'outage-end-time'],
            ] as const
          ).map(([field, hint, testId]) => (
            <TextInput
              key={field}
              label={m[field]}
              description={hint}
              required
              dir="ltr"
              inputMode="numeric"
              {...form.getInputProps(field)}
              data-testid={testId}
            />
          ))}
          <TextInput
            label={m.reason}
            required
            maxLength={500}
            {...form.getInputProps('reason')}
            data-testid="outage-reason"
          />
        </SimpleGrid>
        <FormError mt="sm">{register.formError}</FormError>
        <FormButtons
          mt="sm"
          label={m.submit}
          loading={register.fetching}
          submitTestId="outage-register-submit"
          onCancel={onCancel}
        />
      </form>
    </Section>
  );
}
