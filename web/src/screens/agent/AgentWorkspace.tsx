import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  type ComboboxItem,
  type ComboboxItemGroup,
  type ComboboxParsedItem,
  Grid,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { getHotkeyHandler, useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { digitsOnly, localDigits, normalizePersian, searchKey } from '../../format.js';
import type { ResultOf } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { newIdempotencyKey, useMutationWithErrors } from '../../ui/mutation.js';
import { ScreenTitle } from '../../ui/ScreenTitle.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { ErrorState, LoadingState } from '../../ui/states.js';
import { TrackingCode } from '../../ui/TrackingCode.js';
import { Can } from '../../viewer.js';
import { LinkRequestToIncidentMutation, OpenIncidentMutation } from '../incidents/operations.js';
import { messages } from './messages.js';
import {
  AgentContextQuery,
  AreaIncidentsQuery,
  AreaOutagesQuery,
  CallerRequestChanges,
  FindCallerQuery,
  ProposedIncidentsQuery,
  RecordContactMutation,
  RegisterRequestMutation,
  ScriptQuery,
} from './operations.js';

type Category = ResultOf<typeof AgentContextQuery>['categories'][number];
type Subscriber = ResultOf<typeof FindCallerQuery>['findSubscribers'][number];
type Incident = Subscriber['openIncidents'][number];
type Outage = Subscriber['currentOutages'][number];

type SearchKind = 'subscriptionNumber' | 'billId' | 'name';

/** Families whose requests send a crew somewhere: they need the place (area and address). */
const fieldFamilies = new Set(['WATER_NETWORK', 'WASTEWATER', 'WATER_QUALITY', 'CONNECTION']);

/** 0912…, 912…, 98912…, +98912… → 09121234567; anything else null. */
function mobileOf(input: string): string | null {
  const digits = digitsOnly(input);
  const match = /^(?:0098|98|0)?(9\d{9})$/.exec(digits);
  return match ? `0${match[1]}` : null;
}

interface Progress {
  requestId?: string;
  trackingCode?: string;
  assignedUnit?: { nameFa: string; nameEn: string | null } | null;
  dueAt?: string;
}

type Done =
  | { kind: 'request'; progress: Progress; categoryCode: string; unitId: string | null; address: string }
  | { kind: 'linked'; incident: Incident }
  | { kind: 'informed' }
  | { kind: 'outage' };

/** Options whose words contain every typed word, whatever the spelling (ي/ی, ك/ک, digits, ZWNJ). */
function categoryFilter({ options, search }: { options: ComboboxParsedItem[]; search: string }) {
  const words = searchKey(search).split(' ').filter(Boolean);
  const matches = (item: ComboboxItem) => {
    const key = searchKey(`${item.label} ${item.value}`);
    return words.every((w) => key.includes(w));
  };
  return options
    .map((option) =>
      'group' in option
        ? { ...option, items: option.items.filter(matches) }
        : matches(option as ComboboxItem)
          ? option
          : null,
    )
    .filter((o): o is ComboboxParsedItem => o !== null && (!('group' in o) || o.items.length > 0));
}

function IncidentLine({ incident }: { incident: Incident }) {
  const pick = useBilingual();
  const m = useMessages(messages);
  const { language } = useI18n();
  return (
    <Stack gap={2}>
      <Text fw={600}>{localDigits(incident.title, language)}</Text>
      <Text size="sm">
        {pick(incident.categoryNameFa, incident.categoryNameEn)} — {pick(incident.unit.nameFa, incident.unit.nameEn)}
      </Text>
      <Text size="sm" c="dimmed">
        <JalaliDate value={incident.openedAt} /> — {localDigits(incident.linkedRequestCount, language)}{' '}
        {m.linkedRequests} · {localDigits(incident.linkedContactCount, language)} {m.linkedCalls}
      </Text>
    </Stack>
  );
}

function OutageLine({ outage, onInform }: { outage: Outage; onInform?: (() => void) | undefined }) {
  const pick = useBilingual();
  const m = useMessages(messages);
  const { language } = useI18n();
  return (
    <Stack gap={2}>
      <Text fw={600}>{localDigits(outage.area, language)}</Text>
      <Text size="sm">{localDigits(outage.reason, language)}</Text>
      <Text size="sm" c="dimmed">
        {pick(outage.unit.nameFa, outage.unit.nameEn)} — {m.from} <JalaliDate value={outage.startsAt} /> {m.to}{' '}
        <JalaliDate value={outage.endsAt} />
      </Text>
      {onInform ? (
        <Button size="xs" variant="light" onClick={onInform} data-testid={`inform-outage-${outage.id}`}>
          {m.informOutage}
        </Button>
      ) : null}
    </Stack>
  );
}

/** /agent — the screen of a call: caller → subscriber and their area, category, the form it needs, one submit. */
export default function AgentWorkspace() {
  const m = useMessages(messages);
  const { language } = useI18n();
  const pick = useBilingual();
  const [params, setParams] = useSearchParams();
  const callerRef = useRef<HTMLInputElement>(null);
  const callerParam = params.get('caller');
  const lastCallerParam = useRef(callerParam);
  const categoryRef = useRef<HTMLInputElement>(null);
  const newCallRef = useRef<HTMLButtonElement>(null);

  const [callStartedAt, setCallStartedAt] = useState(() => new Date().toISOString());
  const [subscriberId, setSubscriberId] = useState<string | null>(null);
  const [linkIncident, setLinkIncident] = useState<Incident | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [incidentOpened, setIncidentOpened] = useState(false);
  // One key per call's request, kept across retries; what a failed submit already did is not done again.
  const idempotencyKey = useRef(newIdempotencyKey());
  const progress = useRef<Progress>({});
  const [partial, setPartial] = useState(false);

  const form = useForm({
    mode: 'controlled',
    initialValues: {
      caller: params.get('caller') ?? '',
      categoryCode: '',
      description: '',
      callerName: '',
      address: '',
      unitId: '',
    },
  });
  const values = form.getValues();
  const mobile = mobileOf(values.caller);

  const [context, reloadContext] = useQuery({ query: AgentContextQuery, requestPolicy: 'cache-first' });
  const categories = context.data?.categories ?? [];
  const category: Category | undefined = categories.find((c) => c.code === values.categoryCode);
  const needsPlace = category ? category.createsRequest && fieldFamilies.has(category.family) : false;

  // Another way to find the customer when the caller's number is not on file.
  const [search, setSearch] = useState<{ by: SearchKind; value: string } | null>(null);
  const [searchBy, setSearchBy] = useState<SearchKind>('subscriptionNumber');
  const [searchValue, setSearchValue] = useState('');
  const [found, refetchCaller] = useQuery({
    query: FindCallerQuery,
    variables: search ? { [search.by]: search.value } : { mobile: mobile ?? '' },
    pause: !search && !mobile,
    requestPolicy: 'cache-and-network',
  });
  const lookingUp = Boolean(search || mobile);
  const subscribers = lookingUp ? (found.data?.findSubscribers ?? []) : [];
  const subscriber: Subscriber | undefined = subscribers.find((s) => s.id === subscriberId) ?? subscribers[0];

  // The caller's open requests stay current: a request of a subscriber found for this caller (new, or any step of
  // its lifecycle — by anyone) or one already shown asks for the look-up again, from the server.
  const watched = useRef({ subscriberIds: new Set<string>(), requestIds: new Set<string>(), refetchCaller });
  watched.current = {
    subscriberIds: new Set(subscribers.map((s) => s.id)),
    requestIds: new Set(subscribers.flatMap((s) => s.openRequests.map((r) => r.id))),
    refetchCaller,
  };
  useSubscription({ query: CallerRequestChanges, pause: subscribers.length === 0 }, (_previous, data) => {
    const changed = data.requestChanged;
    const w = watched.current;
    if ((changed.subscriber && w.subscriberIds.has(changed.subscriber.id)) || w.requestIds.has(changed.id))
      w.refetchCaller({ requestPolicy: 'network-only' });
    return data;
  });

  // The subscriber's area and address fill the form (the agent can change them).
  const subscriberKey = subscriber?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when another subscriber is shown
  useEffect(() => {
    if (!subscriber) return;
    if (!form.getValues().unitId && subscriber.unit) form.setFieldValue('unitId', subscriber.unit.id);
    if (!form.getValues().address && subscriber.address) form.setFieldValue('address', subscriber.address);
  }, [subscriberKey]);

  const unitId = values.unitId || subscriber?.unit?.id || '';
  const [proposals] = useQuery({
    query: ProposedIncidentsQuery,
    variables: { categoryCode: values.categoryCode, unitId: unitId || null },
    pause: !needsPlace || !unitId,
    requestPolicy: 'cache-and-network',
  });
  const proposed = category && unitId ? (proposals.data?.proposedIncidents ?? []) : [];

  // The outages and open incidents of the caller's area: the subscriber's own, or (a caller who is not a customer)
  // those of the area the agent picked.
  const pauseArea = !unitId || Boolean(subscriber);
  const [areaOutages] = useQuery({
    query: AreaOutagesQuery,
    variables: { unitId, activeAt: callStartedAt },
    pause: pauseArea,
  });
  const [areaIncidents] = useQuery({ query: AreaIncidentsQuery, variables: { unitId }, pause: pauseArea });
  const outages: Outage[] =
    subscriber?.currentOutages ?? (unitId ? (areaOutages.data?.plannedOutages.nodes ?? []) : []);
  const incidents: Incident[] =
    subscriber?.openIncidents ?? (unitId ? (areaIncidents.data?.incidents.nodes ?? []) : []);

  const [script] = useQuery({
    query: ScriptQuery,
    variables: { categoryCode: values.categoryCode },
    pause: !category || category.createsRequest,
  });

  const fieldMap = {
    callerMobile: 'caller',
    callerNumber: 'caller',
    locationUnitId: 'unitId',
    assignedUnitId: 'unitId',
  };
  const register = useMutationWithErrors(RegisterRequestMutation, (d) => d.registerRequest, { form, fieldMap });
  const link = useMutationWithErrors(LinkRequestToIncidentMutation, (d) => d.linkRequestToIncident, { form, fieldMap });
  const record = useMutationWithErrors(RecordContactMutation, (d) => d.recordContact, { form, fieldMap });
  const openIncident = useMutationWithErrors(OpenIncidentMutation, (d) => d.openIncident);
  const busy = register.fetching || link.fetching || record.fetching;
  const formError = register.formError ?? link.formError ?? record.formError;

  const newCall = useCallback(() => {
    form.reset();
    form.setValues({ caller: '', categoryCode: '', description: '', callerName: '', address: '', unitId: '' });
    setSubscriberId(null);
    setSearch(null);
    setSearchValue('');
    setLinkIncident(null);
    setDone(null);
    setPartial(false);
    setIncidentOpened(false);
    progress.current = {};
    idempotencyKey.current = newIdempotencyKey();
    setCallStartedAt(new Date().toISOString());
    register.setFormError(null);
    link.setFormError(null);
    record.setFormError(null);
    if (params.has('caller')) {
      lastCallerParam.current = null;
      setParams({}, { replace: true });
    }
    requestAnimationFrame(() => callerRef.current?.focus());
  }, [form, params, setParams, register, link, record]);

  useHotkeys([['alt+N', newCall]], []);

  // The PBX (or a click-to-answer link) opens /agent?caller=…: a new caller while the screen is open starts a new call.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the URL names another caller
  useEffect(() => {
    if (!callerParam || callerParam === lastCallerParam.current) return;
    lastCallerParam.current = callerParam;
    newCall();
    form.setFieldValue('caller', callerParam);
  }, [callerParam]);

  useEffect(() => {
    if (done) requestAnimationFrame(() => newCallRef.current?.focus());
  }, [done]);

  const contactBase = () => ({
    channel: 'PHONE' as const,
    callerNumber: digitsOnly(values.caller) || null,
    subscriberId: subscriber?.id ?? null,
    categoryCode: values.categoryCode || null,
    startedAt: callStartedAt,
    endedAt: new Date().toISOString(),
  });

  const submit = form.onSubmit(async (v) => {
    form.clearErrors();
    const chosen = categories.find((c) => c.code === v.categoryCode);
    let invalid = false;
    if (!chosen) {
      form.setFieldError('categoryCode', m.required);
      invalid = true;
    }
    // A call linked to a known incident needs no more words or place than the incident already has.
    if (chosen?.createsRequest && !v.description.trim() && !linkIncident) {
      form.setFieldError('description', m.required);
      invalid = true;
    }
    if (chosen && needsPlace && !unitId) {
      form.setFieldError('unitId', m.pickArea);
      invalid = true;
    }
    if (chosen && needsPlace && !v.address.trim() && !subscriber?.address && !linkIncident?.address) {
      form.setFieldError('address', m.required);
      invalid = true;
    }
    if (invalid || !chosen) return;

    if (!chosen.createsRequest) {
      const outcome = await record.run({
        input: {
          ...contactBase(),
          outcome: 'INFORMED',
          note: normalizePersian(v.description).trim() || null,
        },
      });
      if (outcome.ok) setDone({ kind: 'informed' });
      return;
    }

    if (linkIncident) {
      // A known problem: the call is counted on the incident and the caller told the crew is on it. No second
      // request for the same burst main, so the unit's queue holds one item per problem, not one per caller.
      const contact = await record.run({
        input: { ...contactBase(), outcome: 'LINKED_INCIDENT', incidentId: linkIncident.id },
      });
      if (contact.ok) setDone({ kind: 'linked', incident: linkIncident });
      return;
    }

    const p = progress.current;
    if (!p.requestId) {
      const callerMobile = mobileOf(v.caller);
      const outcome = await register.run(
        {
          input: {
            categoryCode: chosen.code,
            channel: 'PHONE',
            callerMobile,
            callerName: normalizePersian(v.callerName).trim() || subscriber?.ownerName || null,
            subscriberId: subscriber?.id ?? null,
            description: normalizePersian(v.description).trim(),
            address: normalizePersian(v.address).trim() || subscriber?.address || null,
            locationUnitId: unitId || null,
          },
        },
        { idempotencyKey: idempotencyKey.current },
      );
      if (!outcome.ok) return;
      p.requestId = outcome.data.id;
      p.trackingCode = outcome.data.trackingCode;
      p.assignedUnit = outcome.data.assignedUnit;
      p.dueAt = outcome.data.dueAt;
    }
    setPartial(true);
    const contact = await record.run({
      input: {
        ...contactBase(),
        outcome: 'REQUEST_REGISTERED',
        requestId: p.requestId,
      },
    });
    if (!contact.ok) return;
    setPartial(false);
    setDone({
      kind: 'request',
      progress: { ...p },
      categoryCode: chosen.code,
      unitId: unitId || null,
      address: v.address,
    });
  });

  const informOutage = async (outage: Outage) => {
    const outcome = await record.run({
      input: {
        ...contactBase(),
        categoryCode: values.categoryCode || 'info.outage_schedule',
        outcome: 'LINKED_OUTAGE',
        outageId: outage.id,
      },
    });
    if (outcome.ok) setDone({ kind: 'outage' });
  };

  const openIncidentHere = async () => {
    if (done?.kind !== 'request' || !done.unitId || !done.progress.requestId) return;
    const cat = categories.find((c) => c.code === done.categoryCode);
    const unitName = context.data?.units.nodes.find((u) => u.id === done.unitId)?.nameFa ?? '';
    const title = `${cat?.nameFa ?? done.categoryCode} — ${normalizePersian(done.address).trim() || unitName}`.slice(
      0,
      200,
    );
    const opened = await openIncident.run({
      input: {
        categoryCode: done.categoryCode,
        unitId: done.unitId,
        title,
        address: normalizePersian(done.address).trim() || null,
      },
    });
    if (!opened.ok) return;
    const linked = await link.run({ incidentId: opened.data.id, requestId: done.progress.requestId });
    if (linked.ok) {
      setIncidentOpened(true);
      refetchCaller({ requestPolicy: 'network-only' });
    }
  };

  const categoryData = useMemo(() => {
    const groups = new Map<string, ComboboxItemGroup<ComboboxItem>>();
    for (const c of categories) {
      const group = m.services[c.service];
      if (!groups.has(group)) groups.set(group, { group, items: [] });
      groups.get(group)?.items.push({ value: c.code, label: pick(c.nameFa, c.nameEn) });
    }
    return [...groups.values()];
  }, [categories, m.services, pick]);

  const unitData = useMemo(
    () =>
      (context.data?.units.nodes ?? [])
        .filter((u) => u.kind === 'DISTRICT' || u.kind === 'TEAM')
        .map((u) => ({ value: u.id, label: pick(u.nameFa, u.nameEn) })),
    [context.data, pick],
  );

  if (context.error)
    return <ErrorState error={context.error} onRetry={() => reloadContext({ requestPolicy: 'network-only' })} />;
  if (!context.data) return <LoadingState />;

  const submitLabel = !category
    ? m.submitRequest
    : !category.createsRequest
      ? m.submitInformed
      : linkIncident
        ? m.submitLinked
        : m.submitRequest;

  return (
    <>
      <ScreenTitle
        description={<span data-testid="shortcut-hint">{m.shortcutHint}</span>}
        actions={
          <Button variant="outline" onClick={newCall} data-testid="new-call">
            {m.newCall}
          </Button>
        }
      >
        {m.title}
      </ScreenTitle>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md" component="section" aria-labelledby="caller-heading">
            <Title order={2} size="h4" id="caller-heading">
              {m.callerSection}
            </Title>
            <TextInput
              ref={callerRef}
              label={m.caller}
              description={values.caller && !mobile ? m.notMobile : m.callerHint}
              inputMode="tel"
              autoComplete="off"
              autoFocus
              size="md"
              data-testid="caller-number"
              classNames={{ input: 'ltr-value' }}
              {...form.getInputProps('caller')}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  if (mobile) refetchCaller({ requestPolicy: 'network-only' });
                  categoryRef.current?.focus();
                }
              }}
            />
            <Paper
              withBorder
              p="xs"
              component="form"
              aria-label={m.searchBy}
              onSubmit={(event) => {
                event.preventDefault();
                const value = searchBy === 'name' ? normalizePersian(searchValue).trim() : digitsOnly(searchValue);
                if (value) {
                  setSubscriberId(null);
                  setSearch({ by: searchBy, value });
                }
              }}
            >
              <Group gap="xs" align="flex-end" wrap="wrap">
                <Select
                  label={m.searchBy}
                  data={(['subscriptionNumber', 'billId', 'name'] as const).map((k) => ({
                    value: k,
                    label: m.searchKinds[k],
                  }))}
                  value={searchBy}
                  onChange={(v) => setSearchBy((v as SearchKind | null) ?? 'subscriptionNumber')}
                  allowDeselect={false}
                  w={150}
                  data-testid="subscriber-search-kind"
                />
                <TextInput
                  label={m.searchValue}
                  value={searchValue}
                  onChange={(event) => setSearchValue(event.currentTarget.value)}
                  style={{ flex: 1, minWidth: 160 }}
                  data-testid="subscriber-search"
                />
                <Button type="submit" variant="light" data-testid="subscriber-search-button">
                  {m.searchButton}
                </Button>
              </Group>
              {search ? (
                <Button
                  variant="subtle"
                  size="compact-sm"
                  mt={4}
                  onClick={() => {
                    setSearch(null);
                    setSubscriberId(null);
                  }}
                >
                  {m.searchClear}
                </Button>
              ) : null}
            </Paper>
            {lookingUp ? (
              found.error ? (
                <ErrorState error={found.error} onRetry={() => refetchCaller({ requestPolicy: 'network-only' })} />
              ) : found.fetching && !found.data ? (
                <LoadingState />
              ) : subscribers.length === 0 ? (
                <Text c="dimmed" data-testid="no-subscriber">
                  {m.noSubscriber}
                </Text>
              ) : (
                <Stack gap="sm">
                  {subscribers.length > 1 ? (
                    <Radio.Group
                      label={m.subscriber}
                      value={subscriber?.id ?? ''}
                      onChange={(id) => setSubscriberId(id)}
                    >
                      <Stack gap={4} mt={4}>
                        {subscribers.map((s) => (
                          <Radio
                            key={s.id}
                            value={s.id}
                            label={`${s.ownerName} — ${localDigits(s.subscriptionNumber, language)}`}
                          />
                        ))}
                      </Stack>
                    </Radio.Group>
                  ) : null}
                  {subscriber ? (
                    <Card withBorder padding="sm" data-testid="subscriber-card">
                      <Text fw={700} size="lg">
                        {subscriber.ownerName}
                      </Text>
                      <Text size="sm">
                        {m.subscriptionNumber}:{' '}
                        <span className="ltr-value">{localDigits(subscriber.subscriptionNumber, language)}</span>
                      </Text>
                      {subscriber.billId ? (
                        <Text size="sm">
                          {m.billId}: <span className="ltr-value">{localDigits(subscriber.billId, language)}</span>
                        </Text>
                      ) : null}
                      {subscriber.address ? (
                        <Text size="sm">
                          {m.address}: {localDigits(subscriber.address, language)}
                        </Text>
                      ) : null}
                      {subscriber.unit ? (
                        <Text size="sm">
                          {m.area}: {pick(subscriber.unit.nameFa, subscriber.unit.nameEn)}
                        </Text>
                      ) : null}
                    </Card>
                  ) : null}
                  {subscriber ? (
                    <Stack
                      gap={4}
                      component="section"
                      aria-labelledby="open-requests-heading"
                      data-testid="open-requests"
                    >
                      <Title order={3} size="h5" id="open-requests-heading">
                        {m.openRequests}
                      </Title>
                      {subscriber.openRequests.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {m.noOpenRequests}
                        </Text>
                      ) : (
                        subscriber.openRequests.map((r) => (
                          <Paper key={r.id} withBorder p="xs">
                            <Group justify="space-between" gap="xs">
                              <Anchor component={Link} to={`/desk/${r.trackingCode}`} className="ltr-value">
                                {localDigits(r.trackingCode, language)}
                              </Anchor>
                              <StatusBadge status={r.status} overdue={r.overdue} />
                            </Group>
                            <Text size="sm">{r.categoryNameFa}</Text>
                            <Text size="xs" c="dimmed">
                              <JalaliDate value={r.registeredAt} /> — {m.due}: <JalaliDate value={r.dueAt} />
                            </Text>
                          </Paper>
                        ))
                      )}
                    </Stack>
                  ) : null}
                </Stack>
              )
            ) : null}
            {incidents.length > 0 ? (
              <Stack gap={4} component="section" aria-labelledby="area-incidents-heading" data-testid="area-incidents">
                <Title order={3} size="h5" id="area-incidents-heading">
                  {m.incidentsInArea}
                </Title>
                {incidents.map((incident) => (
                  <Paper key={incident.id} withBorder p="xs" bg="orange.0">
                    <IncidentLine incident={incident} />
                  </Paper>
                ))}
              </Stack>
            ) : null}
            {outages.length > 0 ? (
              <Stack gap={4} component="section" aria-labelledby="area-outages-heading" data-testid="area-outages">
                <Title order={3} size="h5" id="area-outages-heading">
                  {m.outagesInArea}
                </Title>
                {outages.map((outage) => (
                  <Paper key={outage.id} withBorder p="xs" bg="yellow.0">
                    <OutageLine outage={outage} onInform={done ? undefined : () => void informOutage(outage)} />
                  </Paper>
                ))}
              </Stack>
            ) : null}
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 7 }}>
          {done ? (
            <Stack gap="md" data-testid="call-done" aria-live="polite">
              {done.kind === 'request' && done.progress.trackingCode ? (
                <>
                  <Title order={2} size="h3">
                    {m.requestRegistered}
                  </Title>
                  <TrackingCode code={done.progress.trackingCode} label={m.trackingCode} />
                  <Text>{m.readOut}</Text>
                  {done.progress.assignedUnit ? (
                    <Text>
                      {m.assignedTo}: {pick(done.progress.assignedUnit.nameFa, done.progress.assignedUnit.nameEn)} —{' '}
                      {m.due}: <JalaliDate value={done.progress.dueAt} />
                    </Text>
                  ) : null}
                  {incidentOpened ? (
                    <Alert color="teal" data-testid="incident-opened">
                      {m.incidentOpened}
                    </Alert>
                  ) : categories.find((c) => c.code === done.categoryCode)?.emergency && done.unitId ? (
                    <Can permission="incidents:write">
                      <Paper withBorder p="sm">
                        <Stack gap="xs" align="flex-start">
                          <Text size="sm">{m.openIncidentHint}</Text>
                          <Button
                            variant="light"
                            color="orange"
                            onClick={() => void openIncidentHere()}
                            loading={openIncident.fetching || link.fetching}
                            data-testid="open-incident"
                          >
                            {m.openIncident}
                          </Button>
                          {openIncident.formError || link.formError ? (
                            <Alert color="red" role="alert">
                              {openIncident.formError ?? link.formError}
                            </Alert>
                          ) : null}
                        </Stack>
                      </Paper>
                    </Can>
                  ) : null}
                </>
              ) : done.kind === 'linked' ? (
                <Alert color="teal" title={m.linkedCallTitle} data-testid="linked-to-incident">
                  <Stack gap="xs">
                    <IncidentLine incident={done.incident} />
                    <Text>{m.linkedCallDone}</Text>
                  </Stack>
                </Alert>
              ) : (
                <Alert color="teal" title={m.contactRecorded} data-testid="contact-recorded">
                  {done.kind === 'outage' ? m.outageDone : m.informedDone}
                </Alert>
              )}
              <Button ref={newCallRef} onClick={newCall} size="md" data-testid="new-call-after">
                {m.newCall}
              </Button>
            </Stack>
          ) : (
            <Paper
              withBorder
              p="md"
              component="form"
              onSubmit={submit}
              noValidate
              aria-labelledby="call-form-heading"
              data-testid="call-form"
            >
              <Stack gap="md">
                <Title order={2} size="h4" id="call-form-heading">
                  {m.callForm}
                </Title>
                <Select
                  ref={categoryRef}
                  label={m.category}
                  placeholder={m.categoryPlaceholder}
                  data={categoryData}
                  searchable
                  selectFirstOptionOnChange
                  filter={categoryFilter}
                  nothingFoundMessage={m.noCategory}
                  limit={40}
                  maxDropdownHeight={320}
                  required
                  data-testid="category-picker"
                  {...form.getInputProps('categoryCode')}
                  onChange={(code) => {
                    form.setFieldValue('categoryCode', code ?? '');
                    setLinkIncident(null);
                  }}
                />
                {category ? (
                  <Group gap="xs">
                    {category.emergency ? (
                      <Badge color="red" variant="light">
                        {m.emergency}
                      </Badge>
                    ) : null}
                    {!category.createsRequest ? (
                      <Badge color="teal" variant="light">
                        {m.informational}
                      </Badge>
                    ) : null}
                    <Badge color="gray" variant="light">
                      {m.services[category.service]}
                    </Badge>
                  </Group>
                ) : null}

                {category && !category.createsRequest ? (
                  <Paper
                    withBorder
                    p="sm"
                    bg="gray.0"
                    component="section"
                    aria-labelledby="script-heading"
                    data-testid="answer-script"
                  >
                    <Title order={3} size="h5" id="script-heading" mb="xs">
                      {m.script}
                    </Title>
                    {script.fetching && !script.data ? (
                      <LoadingState />
                    ) : script.error ? (
                      <ErrorState error={script.error} />
                    ) : (script.data?.knowledgeArticles ?? []).length === 0 ? (
                      <Text c="dimmed">{m.noScript}</Text>
                    ) : (
                      (script.data?.knowledgeArticles ?? []).map((article) => (
                        <Stack key={article.id} gap={4}>
                          <Text fw={700}>{article.title}</Text>
                          <Text style={{ whiteSpace: 'pre-wrap' }}>{article.body}</Text>
                        </Stack>
                      ))
                    )}
                  </Paper>
                ) : null}

                {proposed.length > 0 ? (
                  <Alert
                    color="orange"
                    variant="light"
                    title={m.proposal}
                    data-testid="incident-proposal"
                    role="region"
                    aria-label={m.proposal}
                  >
                    <Stack gap="sm">
                      {proposed.map((p) => (
                        <Paper key={p.incident.id} withBorder p="xs">
                          <IncidentLine incident={p.incident} />
                          <Text size="sm" mt={4}>
                            {pick(p.reasonFa, p.reasonEn)}
                          </Text>
                          {linkIncident?.id === p.incident.id ? (
                            <Group gap="xs" mt="xs">
                              <Badge color="teal" variant="light" size="lg" data-testid="incident-link-chosen">
                                {m.linked}
                              </Badge>
                              <Button size="xs" variant="subtle" onClick={() => setLinkIncident(null)}>
                                {m.unlink}
                              </Button>
                            </Group>
                          ) : (
                            <Button
                              mt="xs"
                              size="sm"
                              onClick={() => setLinkIncident(p.incident)}
                              data-testid="incident-link-button"
                            >
                              {m.linkToIncident}
                            </Button>
                          )}
                        </Paper>
                      ))}
                    </Stack>
                  </Alert>
                ) : null}

                {category?.createsRequest ? (
                  <>
                    <Textarea
                      label={m.description}
                      autosize
                      minRows={3}
                      maxLength={4000}
                      required={!linkIncident}
                      data-testid="description"
                      onKeyDown={getHotkeyHandler([['mod+Enter', () => void submit()]])}
                      {...form.getInputProps('description')}
                    />
                    {needsPlace ? (
                      <>
                        <Select
                          label={m.area}
                          placeholder={m.areaPlaceholder}
                          data={unitData}
                          searchable
                          selectFirstOptionOnChange
                          filter={categoryFilter}
                          nothingFoundMessage={m.noCategory}
                          required
                          data-testid="area-picker"
                          {...form.getInputProps('unitId')}
                          onChange={(id) => {
                            form.setFieldValue('unitId', id ?? '');
                            setLinkIncident(null);
                          }}
                        />
                        <Textarea
                          label={m.addressField}
                          autosize
                          minRows={2}
                          maxLength={500}
                          required={!linkIncident}
                          data-testid="address"
                          {...form.getInputProps('address')}
                        />
                      </>
                    ) : null}
                    {!subscriber ? (
                      <TextInput
                        label={m.callerName}
                        autoComplete="off"
                        data-testid="caller-name"
                        {...form.getInputProps('callerName')}
                      />
                    ) : null}
                  </>
                ) : category ? (
                  <Textarea
                    label={m.description}
                    autosize
                    minRows={2}
                    maxLength={2000}
                    data-testid="description"
                    onKeyDown={getHotkeyHandler([['mod+Enter', () => void submit()]])}
                    {...form.getInputProps('description')}
                  />
                ) : null}

                {partial && progress.current.requestId ? (
                  <Alert color="yellow" data-testid="partial-submit">
                    {m.partial}
                  </Alert>
                ) : null}
                {formError ? (
                  <Alert color="red" role="alert" data-testid="form-error">
                    {formError}
                  </Alert>
                ) : null}
                <Button type="submit" size="md" loading={busy} disabled={!category} data-testid="submit-call">
                  {submitLabel}
                </Button>
              </Stack>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
