import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSubscription } from 'urql';
import { displayText, formatTrackingCode, localDigits } from '../../format.js';
import { PageInfoFields, RequestSummary, UnitName } from '../../graphql/fragments.js';
import { graphql, type ResultOf } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useCategoryName, useUnitOptions, useWatchedUnits } from '../../ui/options.js';
import { PagedList } from '../../ui/PagedList.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { withParams } from '../../ui/searchParams.js';
import { EmptyState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useConnection } from '../../ui/useConnection.js';
import { useViewer } from '../../viewer.js';
import { actionWords, allowedActions, isUnitStaffOnly, TransitionRequestMutation } from '../desk/actions.js';
import { openStatuses, type Priority, PriorityBadge, RequestStatusBadges } from '../desk/RequestBadges.js';
import { applyChange, classifyChange } from './live.js';

const messages = {
  fa: {
    title: 'صف واحد',
    description:
      'درخواست‌های باز واحد، فوری‌ترین (نزدیک‌ترین مهلت) نخست؛ تازه‌ها و تغییرها بی‌نیاز به بارگذاری دوباره می‌رسند.',
    unit: 'واحد',
    chooseUnit: 'واحد را انتخاب کنید',
    withUnitsBelow: 'همراه با درخواست‌های واحدهای زیرمجموعه (اکیپ‌ها)',
    pickUnit: 'برای دیدن صف، واحد را انتخاب کنید.',
    noUnit: 'واحدی برای حساب شما ثبت نشده است؛ با مدیر سامانه تماس بگیرید.',
    list: 'درخواست‌های باز واحد',
    empty: 'درخواست بازی در صف این واحد نیست.',
    due: 'مهلت',
    address: 'نشانی',
    live: 'به‌روزرسانی زنده',
    liveOff: 'به‌روزرسانی زنده قطع است؛ صفحه را تازه کنید.',
    arrived: 'درخواست تازه در صف',
    changed: 'درخواست به‌روز شد',
    left: 'درخواست از صف خارج شد',
    request: 'درخواست',
    note: 'شرح کار انجام‌شده',
    noteHint: 'آنچه انجام شد؛ برای مشترک و نظرسنجی ثبت می‌شود.',
    submitResolve: 'ثبت رفع',
    more: 'نمایش درخواست‌های بیشتر',
    count: 'درخواست در صف',
    details: 'جزئیات',
  },
  en: {
    title: 'Unit queue',
    description:
      'The unit’s open requests, most urgent (earliest due) first; new and changed ones arrive without reloading.',
    unit: 'Unit',
    chooseUnit: 'Choose the unit',
    withUnitsBelow: 'With the requests of the units under it (crews)',
    pickUnit: 'Choose a unit to see its queue.',
    noUnit: 'Your account has no unit; ask the platform administrator.',
    list: 'Open requests of the unit',
    empty: 'This unit has no open request.',
    due: 'Due',
    address: 'Address',
    live: 'Live',
    liveOff: 'Live updates stopped; reload the page.',
    arrived: 'New request in the queue',
    changed: 'Request updated',
    left: 'Request left the queue',
    request: 'Request',
    note: 'What was done',
    noteHint: 'What was done; it goes to the customer and the survey.',
    submitResolve: 'Record as resolved',
    more: 'Show more requests',
    count: 'requests in the queue',
    details: 'Details',
  },
};
type Words = (typeof messages)['fa'];

const QueueItemFragment = graphql(
  `
  fragment QueueItem on Request @_unmask {
    ...RequestSummary
    address
    description
    assignedUnit {
      ...UnitName
    }
  }
`,
  [RequestSummary, UnitName],
);

const UnitQueueQuery = graphql(
  `
  query UnitQueue($unitId: ID!, $withUnitsBelow: Boolean, $first: Int!, $after: String) {
    unitQueue(unitId: $unitId, withUnitsBelow: $withUnitsBelow, first: $first, after: $after) {
      nodes {
        ...QueueItem
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [QueueItemFragment, PageInfoFields],
);

const QueueChangesSubscription = graphql(
  `
  subscription QueueChanges($unitId: ID, $withUnitsBelow: Boolean) {
    requestChanged(unitId: $unitId, withUnitsBelow: $withUnitsBelow) {
      ...QueueItem
    }
  }
`,
  [QueueItemFragment],
);

type Item = ResultOf<typeof QueueItemFragment>;
const pageSize = 50;

/** Still overdue by the clock (the API's flag was computed when the item was read). */
function isOverdue(item: Item, now: number) {
  return item.overdue || Date.parse(item.dueAt) < now;
}

/**
 * An operational unit's queue: its open requests by due time, overdue ones marked, kept current by the
 * requestChanged subscription (server-sent events); accept and resolve (with a note) in place.
 */
export default function Queue() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const pick = useBilingual();
  const { viewer } = useViewer();
  const [params, setParams] = useSearchParams();
  const unitStaffOnly = isUnitStaffOnly(viewer);
  const units = useUnitOptions(true);
  const unitId = unitStaffOnly ? (viewer?.unit?.id ?? '') : (params.get('unit') ?? '');
  const withUnitsBelow = params.get('below') === '1';
  const watched = useWatchedUnits(unitId, withUnitsBelow);
  const watchedRef = useRef(watched);
  watchedRef.current = watched;

  const variables = useMemo(() => ({ unitId, withUnitsBelow, first: pageSize }), [unitId, withUnitsBelow]);
  const list = useConnection(UnitQueueQuery, variables, (d) => d.unitQueue, { pause: !unitId });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  // Live changes: a request of this unit that is open is added or updated (kept in due order); any other leaves.
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const listRef = useRef(list);
  listRef.current = list;
  const wordsRef = useRef({ m, language });
  wordsRef.current = { m, language };
  const [live] = useSubscription(
    { query: QueueChangesSubscription, variables: { unitId, withUnitsBelow }, pause: !unitId },
    (_previous, data) => {
      const item = data.requestChanged;
      const current = listRef.current;
      const change = classifyChange(current.items, item, watchedRef.current);
      const { m: words, language: lang } = wordsRef.current;
      current.setItems((items) => applyChange(items, item, watchedRef.current, current.hasMore));
      if (change) setAnnouncement(`${words[change]} ${formatTrackingCode(item.trackingCode, lang)}`);
      if (change === 'arrived' || change === 'changed') setFresh((previous) => new Set(previous).add(item.id));
      return data;
    },
  );

  const items = list.items;
  return (
    <>
      <ScreenTitle
        description={m.description}
        actions={
          unitId && !live.error ? (
            <Badge miw="max-content" color="teal" variant="dot" size="lg" data-testid="queue-live">
              {m.live}
            </Badge>
          ) : null
        }
      >
        {m.title}
      </ScreenTitle>
      <VisuallyHidden>
        <div role="status" aria-live="polite" data-testid="queue-announcement">
          {announcement}
        </div>
      </VisuallyHidden>
      {unitStaffOnly ? (
        viewer?.unit ? (
          <Text mb="md" data-testid="queue-unit">
            {m.unit}: <strong>{pick(viewer.unit.nameFa, viewer.unit.nameEn)}</strong>
          </Text>
        ) : (
          <Alert color="yellow" role="alert">
            {m.noUnit}
          </Alert>
        )
      ) : (
        <NativeSelect
          label={m.unit}
          mb="md"
          maw={420}
          value={unitId}
          onChange={(e) => setParams(withParams(params, { unit: e.currentTarget.value }), { replace: true })}
          data={[{ value: '', label: m.chooseUnit }, ...units.options]}
          data-testid="queue-unit-select"
        />
      )}
      {unitId ? (
        <Checkbox
          mb="md"
          label={m.withUnitsBelow}
          checked={withUnitsBelow}
          onChange={(e) =>
            setParams(withParams(params, { below: e.currentTarget.checked ? '1' : null }), { replace: true })
          }
          data-testid="queue-with-units-below"
        />
      ) : null}
      {live.error ? (
        <Alert color="orange" role="alert" mb="md">
          {m.liveOff}
        </Alert>
      ) : null}
      {!unitId ? (
        unitStaffOnly ? null : (
          <EmptyState>{m.pickUnit}</EmptyState>
        )
      ) : (
        <PagedList list={list} emptyText={m.empty} moreLabel={m.more} moreTestId="queue-more">
          <Text size="sm" c="dimmed" mb="xs">
            {localDigits(items.length, language)} {m.count}
          </Text>
          <Stack
            component="ul"
            gap="sm"
            aria-label={m.list}
            data-testid="queue-list"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
          >
            {items.map((item) => (
              <QueueItem
                key={item.id}
                item={item}
                overdue={isOverdue(item, now)}
                fresh={fresh.has(item.id)}
                showUnit={withUnitsBelow}
                m={m}
                onChanged={(changed) =>
                  list.setItems((all) =>
                    openStatuses.includes(changed.status)
                      ? all.map((i) => (i.id === changed.id ? { ...i, ...changed } : i))
                      : all.filter((i) => i.id !== changed.id),
                  )
                }
              />
            ))}
          </Stack>
        </PagedList>
      )}
    </>
  );
}

function QueueItem({
  item,
  overdue,
  fresh,
  showUnit,
  m,
  onChanged,
}: {
  item: Item;
  overdue: boolean;
  fresh: boolean;
  /** Name the unit it is assigned to (a queue that watches the teams under its unit too). */
  showUnit: boolean;
  m: Words;
  onChanged: (changed: Pick<Item, 'id' | 'status' | 'overdue'>) => void;
}) {
  const { language, t } = useI18n();
  const pick = useBilingual();
  const words = useMessages(actionWords);
  const categoryName = useCategoryName();
  const { viewer } = useViewer();
  const allowed = allowedActions(viewer, item);
  const [resolving, setResolving] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (resolving) noteRef.current?.focus();
  }, [resolving]);
  const form = useForm({
    initialValues: { note: '' },
    validate: { note: (v) => (v.trim() ? null : t('fieldRequired')) },
  });
  const transition = useMutationWithErrors(TransitionRequestMutation, (d) => d.transitionRequest, { form });
  const code = formatTrackingCode(item.trackingCode, language);
  const noteId = `queue-note-${item.id}`;

  const accept = async () => {
    const outcome = await transition.run({ input: { requestId: item.id, action: 'ACCEPT' } });
    if (outcome.ok) onChanged(outcome.data);
  };

  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-testid="queue-item"
      data-tracking-code={item.trackingCode}
      data-status={item.status}
      data-overdue={overdue}
      aria-label={`${m.request} ${code}`}
      style={{
        borderInlineStartWidth: 6,
        borderInlineStartColor: overdue
          ? 'var(--mantine-color-red-8)'
          : fresh
            ? 'var(--mantine-color-blue-6)'
            : 'var(--mantine-color-gray-3)',
        backgroundColor: overdue ? 'var(--mantine-color-red-0)' : undefined,
      }}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4}>
          <Group gap="xs">
            <Anchor component={Link} to={`/desk/${item.trackingCode}`} fw={700} size="lg" data-testid="queue-item-code">
              <TrackingCodeText code={item.trackingCode} />
            </Anchor>
            <RequestStatusBadges status={item.status} overdue={overdue} />
            <PriorityBadge priority={item.priority as Priority} />
          </Group>
          <Text fw={600}>{categoryName(item.categoryCode, item.categoryNameFa)}</Text>
          {showUnit && item.assignedUnit ? (
            <Text size="sm" data-testid="queue-item-unit">
              {m.unit}: {pick(item.assignedUnit.nameFa, item.assignedUnit.nameEn)}
            </Text>
          ) : null}
          <Text size="sm">
            {m.due}: <JalaliDate value={item.dueAt} />
          </Text>
          {item.address ? (
            <Text size="sm">
              {m.address}: <bdi>{displayText(item.address, language)}</bdi>
            </Text>
          ) : null}
          {item.description ? (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {displayText(item.description, language)}
            </Text>
          ) : null}
        </Stack>
        <Group gap="xs">
          {allowed.includes('ACCEPT') ? (
            <Button
              variant="light"
              onClick={() => void accept()}
              loading={transition.fetching && !resolving}
              aria-label={`${words.ACCEPT} — ${m.request} ${code}`}
              data-testid="queue-accept"
            >
              {words.ACCEPT}
            </Button>
          ) : null}
          {allowed.includes('RESOLVE') ? (
            <Button
              variant={resolving ? 'filled' : 'light'}
              color={resolving ? 'teal.9' : 'teal'}
              aria-expanded={resolving}
              aria-controls={resolving ? `${noteId}-form` : undefined}
              aria-label={`${words.RESOLVE} — ${m.request} ${code}`}
              onClick={() => {
                setResolving(!resolving);
                transition.setFormError(null);
              }}
              data-testid="queue-resolve"
            >
              {words.RESOLVE}
            </Button>
          ) : null}
        </Group>
      </Group>
      {resolving ? (
        <form
          id={`${noteId}-form`}
          noValidate
          onSubmit={form.onSubmit(async (values) => {
            const outcome = await transition.run({
              input: { requestId: item.id, action: 'RESOLVE', note: values.note },
            });
            if (outcome.ok) {
              setResolving(false);
              onChanged(outcome.data);
            }
          })}
        >
          <Stack gap="xs" mt="sm">
            <Textarea
              ref={noteRef}
              id={noteId}
              label={`${m.note} (${m.request} ${code})`}
              description={m.noteHint}
              required
              autosize
              minRows={2}
              {...form.getInputProps('note')}
              data-testid="queue-resolve-note"
            />
            <FormButtons
              label={m.submitResolve}
              color="teal.9"
              loading={transition.fetching}
              submitTestId="queue-resolve-submit"
              onCancel={() => setResolving(false)}
            />
          </Stack>
        </form>
      ) : null}
      <FormError mt="xs">{transition.formError}</FormError>
    </Paper>
  );
}
