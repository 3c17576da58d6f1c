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
  Switch,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient, useSubscription } from 'urql';
import { displayText, formatNumber, formatTrackingCode, localDigits } from '../../format.js';
import { PageInfoFields, RequestSummary, UnitName } from '../../graphql/fragments.js';
import { ErrorFields, graphql, type ResultOf } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { FormError } from '../../ui/alerts.js';
import { FormButtons } from '../../ui/FormButtons.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { useMutationWithErrors } from '../../ui/mutation.js';
import { useCategoryName, useUnitOptions, useWatchedUnits } from '../../ui/options.js';
import { PagedList } from '../../ui/PagedList.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { withParams } from '../../ui/searchParams.js';
import { focusNext, formKeys } from '../../ui/shortcuts.js';
import { EmptyState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { useConnection } from '../../ui/useConnection.js';
import { usePermission, useViewer } from '../../viewer.js';
import { actionWords, allowedActions, isUnitStaffOnly, TransitionRequestMutation } from '../desk/actions.js';
import { openStatuses, type Priority, PriorityBadge, RequestStatusBadges } from '../desk/RequestBadges.js';
import { type CriticalAlerts, useCriticalAlerts } from './alerts.js';
import { Countdown, urgencyBorder } from './Countdown.js';
import { countdownOf, useMinuteClock } from './countdown.js';
import { applyChange, classifyChange } from './live.js';

const messages = {
  fa: {
    title: 'صف واحد',
    description:
      'درخواست‌های باز واحد به ترتیب انجام کار: نخست بر پایه اولویت (بحرانی نخست)، سپس زمان باقی‌مانده؛ تازه‌ها و تغییرها بی‌نیاز به بارگذاری دوباره می‌رسند.',
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
    alerts: 'هشدار درخواست بحرانی تازه',
    sound: 'پخش صدا',
    notifyOn: 'اعلان مرورگر: روشن',
    notifyOff: 'روشن کردن اعلان مرورگر',
    notifyBlocked: 'اعلان‌ها در تنظیمات مرورگر مسدود است.',
    newCritical: 'درخواست بحرانی تازه',
    map: 'نقشه',
    mapOf: 'باز کردن مکان در نقشه — درخواست',
    callBack: 'تماس با گزارش‌دهنده',
    callBackHint: 'شمارهٔ کامل نمایش داده می‌شود و در ممیزی ثبت می‌شود.',
    call: 'تماس',
    caller: 'گزارش‌دهنده',
  },
  en: {
    title: 'Unit queue',
    description:
      'The unit’s open requests in the order work is done: by priority (critical first), then by time left; new and changed ones arrive without reloading.',
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
    alerts: 'Alert on a new critical request',
    sound: 'Play a sound',
    notifyOn: 'Browser notifications: on',
    notifyOff: 'Turn on browser notifications',
    notifyBlocked: 'Notifications are blocked in the browser’s settings.',
    newCritical: 'New critical request',
    map: 'Map',
    mapOf: 'Open the location in the map app — request',
    callBack: 'Call the reporter',
    callBackHint: 'Shows the full number; recorded in the audit trail.',
    call: 'Call',
    caller: 'Reporter',
  },
};
type Words = (typeof messages)['fa'];

const QueueItemFragment = graphql(
  `
  fragment QueueItem on Request @_unmask {
    ...RequestSummary
    address
    description
    latitude
    longitude
    callerName
    callerMobileMasked
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
      totalCount
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

/** The queue's size alone (the API counts without reading the page). */
const UnitQueueTotalQuery = graphql(`
  query UnitQueueTotal($unitId: ID!, $withUnitsBelow: Boolean) {
    unitQueue(unitId: $unitId, withUnitsBelow: $withUnitsBelow, first: 1) {
      totalCount
    }
  }
`);

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
  const now = useMinuteClock();
  const alerts = useCriticalAlerts(viewer?.subject ?? '', language);
  const alertsRef = useRef(alerts);
  alertsRef.current = alerts;

  // Live changes: a request of this unit that is open is added or updated (kept in due order); any other leaves.
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const listRef = useRef(list);
  listRef.current = list;
  const announced = useRef(new Set<string>());
  // The total after live changes, asked of the server (a count only) once the changes settle: counting events here
  // would miscount those that come faster than the list re-renders, or that concern requests not loaded yet.
  const client = useClient();
  const [liveTotal, setLiveTotal] = useState<{ key: string; total: number } | null>(null);
  const totalKey = `${unitId}|${withUnitsBelow}`;
  const totalTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshTotal = useCallback(() => {
    clearTimeout(totalTimer.current);
    totalTimer.current = setTimeout(async () => {
      const result = await client
        .query(UnitQueueTotalQuery, { unitId, withUnitsBelow }, { requestPolicy: 'network-only' })
        .toPromise();
      const total = result.data?.unitQueue.totalCount;
      if (total != null) setLiveTotal({ key: `${unitId}|${withUnitsBelow}`, total });
    }, 300);
  }, [client, unitId, withUnitsBelow]);
  useEffect(() => () => clearTimeout(totalTimer.current), []);
  const refreshTotalRef = useRef(refreshTotal);
  refreshTotalRef.current = refreshTotal;
  const total = liveTotal?.key === totalKey ? liveTotal.total : list.total;
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
      if (change) {
        setAnnouncement(`${words[change]} ${formatTrackingCode(item.trackingCode, lang)}`);
        refreshTotalRef.current();
      }
      // New critical work announces itself, once per request (events can come faster than the list re-renders): a
      // sound, a notification (for those who turned it on), the title's count.
      if (change === 'arrived' && item.priority === 'CRITICAL' && !announced.current.has(item.id)) {
        announced.current.add(item.id);
        alertsRef.current.announce(words.newCritical, formatTrackingCode(item.trackingCode, lang));
      }
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
      {unitId ? <AlertSettings alerts={alerts} m={m} /> : null}
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
          <Text size="sm" c="dimmed" mb="xs" data-testid="queue-total" data-total={total ?? items.length}>
            {formatNumber(total ?? items.length, language)} {m.count}
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
                now={now}
                fresh={fresh.has(item.id)}
                showUnit={withUnitsBelow}
                m={m}
                onChanged={(changed) => {
                  const open = openStatuses.includes(changed.status);
                  if (!open) refreshTotal();
                  list.setItems((all) =>
                    open
                      ? all.map((i) => (i.id === changed.id ? { ...i, ...changed } : i))
                      : all.filter((i) => i.id !== changed.id),
                  );
                }}
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
  now,
  fresh,
  showUnit,
  m,
  onChanged,
}: {
  item: Item;
  overdue: boolean;
  now: number;
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
  const itemRef = useRef<HTMLLIElement>(null);
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
  const urgency = countdownOf(item.dueAt, item.registeredAt, now).urgency;
  const mayReveal = usePermission('callers:reveal');
  const map = geoLink(item);

  const accept = async () => {
    const outcome = await transition.run({ input: { requestId: item.id, action: 'ACCEPT' } });
    if (outcome.ok) {
      onChanged(outcome.data);
      // Accepted: resolving it is next, on the same item.
      focusNext(() => itemRef.current?.querySelector<HTMLElement>('[data-testid="queue-resolve"]'));
    }
  };

  return (
    <Paper
      component="li"
      ref={itemRef}
      withBorder
      p="sm"
      data-testid="queue-item"
      data-tracking-code={item.trackingCode}
      data-status={item.status}
      data-overdue={overdue}
      data-priority={item.priority}
      data-due-at={item.dueAt}
      data-urgency={urgency}
      aria-label={`${m.request} ${code}`}
      style={{
        borderInlineStartWidth: 6,
        borderInlineStartColor:
          urgency === 'ok' && fresh ? 'var(--mantine-color-blue-6)' : urgencyBorder[overdue ? 'late' : urgency],
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
          <Group gap="xs" wrap="wrap">
            <Countdown dueAt={item.dueAt} registeredAt={item.registeredAt} now={now} />
            <Text size="sm">
              {m.due}: <JalaliDate value={item.dueAt} />
            </Text>
          </Group>
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
          {item.callerMobileMasked && mayReveal ? <CallBack item={item} code={code} m={m} /> : null}
          {map ? (
            <Button
              component="a"
              href={map}
              variant="default"
              aria-label={`${m.mapOf} ${code}`}
              data-testid="queue-map"
            >
              {m.map}
            </Button>
          ) : null}
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
          onKeyDown={formKeys()}
          onSubmit={form.onSubmit(async (values) => {
            const outcome = await transition.run({
              input: { requestId: item.id, action: 'RESOLVE', note: values.note },
            });
            if (outcome.ok) {
              setResolving(false);
              onChanged(outcome.data);
              // Resolved, it leaves the queue: the next work is the top of the queue.
              focusNext(() =>
                [...document.querySelectorAll<HTMLElement>('[data-testid="queue-item-code"]')].find(
                  (link) => !itemRef.current?.contains(link),
                ),
              );
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

/**
 * A link that opens the phone's map app (RFC 5870 `geo:` URI): at the request's coordinates when it has them, else
 * searching its address; none without either.
 */
export function geoLink(item: { latitude?: number | null; longitude?: number | null; address?: string | null }) {
  if (item.latitude != null && item.longitude != null)
    return `geo:${item.latitude},${item.longitude}?q=${item.latitude},${item.longitude}`;
  return item.address ? `geo:0,0?q=${encodeURIComponent(item.address)}` : null;
}

const RevealCallerMutation = graphql(
  `
  mutation QueueRevealCaller($requestId: ID!) {
    revealCallerMobile(requestId: $requestId) {
      __typename
      ... on RevealCallerMobileSuccess {
        data {
          mobile
        }
      }
      ...ErrorFields
    }
  }
`,
  [ErrorFields],
);

/**
 * A crew calls the reporter back: the full number is asked for only on this click (the server audits every reveal),
 * then offered as a tap-to-call link.
 */
function CallBack({ item, code, m }: { item: Item; code: string; m: Words }) {
  const { language } = useI18n();
  const reveal = useMutationWithErrors(RevealCallerMutation, (d) => d.revealCallerMobile);
  const [mobile, setMobile] = useState<string | null>(null);
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (mobile) link.current?.focus();
  }, [mobile]);
  if (mobile)
    return (
      <Button
        ref={link}
        component="a"
        href={`tel:${mobile}`}
        color="teal.9"
        aria-label={`${m.call} ${m.caller}${item.callerName ? ` (${item.callerName})` : ''}: ${localDigits(mobile, language)}`}
        data-testid="queue-call"
      >
        <span dir="ltr">{localDigits(mobile, language)}</span>
      </Button>
    );
  return (
    <>
      <Button
        variant="default"
        loading={reveal.fetching}
        aria-label={`${m.callBack} — ${m.request} ${code}`}
        title={m.callBackHint}
        onClick={async () => {
          const outcome = await reveal.run({ requestId: item.id });
          if (outcome.ok && outcome.data.mobile) setMobile(outcome.data.mobile);
        }}
        data-testid="queue-call-back"
      >
        {m.callBack}
      </Button>
      <FormError>{reveal.formError}</FormError>
    </>
  );
}

/** The queue's alerts for new critical requests: the sound, and browser notifications (asked for on click only). */
function AlertSettings({ alerts, m }: { alerts: CriticalAlerts; m: Words }) {
  return (
    <Group mb="md" gap="md" role="group" aria-label={m.alerts} data-testid="queue-alerts">
      <Text size="sm" fw={600}>
        {m.alerts}
      </Text>
      <Switch
        label={m.sound}
        checked={alerts.sound}
        onChange={(e) => alerts.setSound(e.currentTarget.checked)}
        data-testid="queue-alert-sound"
      />
      {alerts.notifySupported ? (
        <Button
          variant={alerts.notify ? 'light' : 'default'}
          size="compact-md"
          aria-pressed={alerts.notify}
          onClick={() => void alerts.toggleNotify()}
          data-testid="queue-alert-notify"
        >
          {alerts.notify ? m.notifyOn : m.notifyOff}
        </Button>
      ) : null}
      {alerts.notifyBlocked ? (
        <Text size="sm" c="dimmed">
          {m.notifyBlocked}
        </Text>
      ) : null}
    </Group>
  );
}
