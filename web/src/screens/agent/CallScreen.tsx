import {
  Alert,
  Badge,
  Button,
  type ComboboxItem,
  type ComboboxItemGroup,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { digitsOnly, normalizePersian, parseCoordinates } from '../../format.js';
import type { ResultOf } from '../../graphql/graphql.js';
import { useBilingual, useMessages } from '../../i18n.js';
import { newIdempotencyKey, useMutationWithErrors } from '../../ui/mutation.js';
import { formKeys, useShortcuts } from '../../ui/shortcuts.js';
import { ErrorState, LoadingState } from '../../ui/states.js';
import { LinkRequestToIncidentMutation, OpenIncidentMutation } from '../incidents/operations.js';
import { CallDone, type Done, type Progress, RegisteredRequest } from './CallDone.js';
import { CallerPanel, type SearchKind } from './CallerPanel.js';
import { CallTimer, useCallTimer } from './CallTimer.js';
import { callMessages } from './callMessages.js';
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
  RepeatCandidatesQuery,
  ScriptQuery,
} from './operations.js';
import { fieldFamilies, mobileOf, selectOnFocus, wordFilter } from './pickers.js';
import { RepeatCandidates } from './RepeatCandidates.js';
import { type Incident, IncidentLine, type Outage, type Subscriber } from './summaries.js';

type Category = ResultOf<typeof AgentContextQuery>['categories'][number];

const blank = {
  caller: '',
  categoryCode: '',
  description: '',
  callerName: '',
  address: '',
  coordinates: '',
  unitId: '',
};

/**
 * One call, from its first second to the next call. It is mounted afresh for every call (AgentWorkspace keys it),
 * so nothing of the previous caller — a field, a selection, a customer found, a hidden value — can survive into
 * the next one; its timer starts when it mounts.
 */
export function CallScreen({ initialCaller, onNewCall }: { initialCaller: string; onNewCall: () => void }) {
  const m = useMessages(messages);
  const w = useMessages(callMessages);
  const pick = useBilingual();
  const callerRef = useRef<HTMLInputElement>(null);
  const categoryRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const newCallRef = useRef<HTMLButtonElement>(null);

  const [startedAt] = useState(() => new Date());
  const timer = useCallTimer(startedAt);
  const [subscriberId, setSubscriberId] = useState<string | null>(null);
  const [search, setSearch] = useState<{ by: SearchKind; value: string } | null>(null);
  const [linkIncident, setLinkIncident] = useState<Incident | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [incidentOpened, setIncidentOpened] = useState(false);
  // One key per call's request, kept across retries: a retry answers the request the server already has.
  const [idempotencyKey] = useState(newIdempotencyKey);
  // What a failed submit already did is not done again; the tracking code shows as soon as the server gave one.
  const [progress, setProgress] = useState<Progress>({});
  const progressRef = useRef<Progress>({});
  const [offline, setOffline] = useState(false);

  const form = useForm({ mode: 'controlled', initialValues: { ...blank, caller: initialCaller } });
  const values = form.getValues();
  const mobile = mobileOf(values.caller);

  // The company's categories and units: a refetch (urql asks again after a mutation answers with a unit) that fails
  // keeps what was loaded — the call goes on, it is not replaced by an error.
  const [context, reloadContext] = useQuery({ query: AgentContextQuery, requestPolicy: 'cache-first' });
  const loaded = useRef(context.data);
  if (context.data) loaded.current = context.data;
  const contextData = context.data ?? loaded.current;
  const categories = contextData?.categories ?? [];
  const category: Category | undefined = categories.find((c) => c.code === values.categoryCode);
  const needsPlace = category ? category.createsRequest && fieldFamilies.has(category.family) : false;

  // The customer: by the caller's number, or by another identifier when that number is not on file. Only an answer
  // to the look-up now asked counts (urql keeps the previous answer while the next one loads).
  const lookupVariables = search ? { [search.by]: search.value } : { mobile: mobile ?? '' };
  const lookingUp = Boolean(search || mobile);
  const [found, refetchCaller] = useQuery({
    query: FindCallerQuery,
    variables: lookupVariables,
    pause: !lookingUp,
    requestPolicy: 'cache-and-network',
  });
  const answered =
    lookingUp && found.data && JSON.stringify(found.operation?.variables) === JSON.stringify(lookupVariables);
  const subscribers: Subscriber[] = answered ? (found.data?.findSubscribers ?? []) : [];
  const subscriber = subscribers.find((s) => s.id === subscriberId) ?? subscribers[0];
  /** Found by the number calling: the caller is presumably the customer; found otherwise, maybe a neighbour. */
  const callerIsOwner = Boolean(subscriber && !search);

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
    const current = watched.current;
    if ((changed.subscriber && current.subscriberIds.has(changed.subscriber.id)) || current.requestIds.has(changed.id))
      current.refetchCaller({ requestPolicy: 'network-only' });
    return data;
  });

  // The customer's area and address fill the form; another customer (or none) replaces what was filled from the
  // previous one, never what the agent typed.
  const filled = useRef({ unitId: '', address: '' });
  const subscriberKey = subscriber?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when another customer (or none) is shown
  useEffect(() => {
    const next = { unitId: subscriber?.unit?.id ?? '', address: subscriber?.address ?? '' };
    const now = form.getValues();
    if (now.unitId === filled.current.unitId) form.setFieldValue('unitId', next.unitId);
    if (now.address === filled.current.address) form.setFieldValue('address', next.address);
    filled.current = next;
    // A customer found for the number just typed: the next thing to do is the subject of the call.
    const focused = document.activeElement;
    if (subscriber && (focused === callerRef.current || focused === document.body)) categoryRef.current?.focus();
  }, [subscriberKey]);

  const unitId = values.unitId;
  const [proposals] = useQuery({
    query: ProposedIncidentsQuery,
    variables: { categoryCode: values.categoryCode, unitId: unitId || null },
    pause: !needsPlace || !unitId,
    requestPolicy: 'cache-and-network',
  });
  const proposed = category && unitId ? (proposals.data?.proposedIncidents ?? []) : [];

  // The outages and open incidents of the caller's area: the customer's own, or (a caller who is not a customer)
  // those of the area the agent picked.
  const pauseArea = !unitId || Boolean(subscriber);
  const [areaOutages] = useQuery({
    query: AreaOutagesQuery,
    variables: { unitId, activeAt: startedAt.toISOString() },
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
    pause: !category,
  });

  // A repeat caller: their open requests in this category's family (by number, customer or address) come first.
  const [typedAddress] = useDebouncedValue(normalizePersian(values.address).trim(), 400);
  const [repeats] = useQuery({
    query: RepeatCandidatesQuery,
    variables: {
      categoryCode: values.categoryCode,
      callerMobile: mobile ?? null,
      subscriberId: subscriber?.id ?? null,
      address: typedAddress.length >= 5 ? typedAddress : null,
    },
    pause: !category?.createsRequest || Boolean(progress.requestId),
    requestPolicy: 'cache-and-network',
  });
  const repeatCandidates = (category?.createsRequest && !progress.requestId && repeats.data?.repeatCandidates) || [];

  const fieldMap = {
    callerMobile: 'caller',
    callerNumber: 'caller',
    callerName: 'callerName',
    locationUnitId: 'unitId',
    assignedUnitId: 'unitId',
    latitude: 'coordinates',
    longitude: 'coordinates',
  };
  const register = useMutationWithErrors(RegisterRequestMutation, (d) => d.registerRequest, { form, fieldMap });
  const link = useMutationWithErrors(LinkRequestToIncidentMutation, (d) => d.linkRequestToIncident, { form, fieldMap });
  const record = useMutationWithErrors(RecordContactMutation, (d) => d.recordContact, { form, fieldMap });
  const openIncident = useMutationWithErrors(OpenIncidentMutation, (d) => d.openIncident);
  const busy = register.fetching || record.fetching;
  const formError = register.formError ?? record.formError;

  /** A failed call to the server: an inline notice (the form keeps its values); a network failure says so. */
  const failed = (outcome: { ok: false; error: unknown }) => setOffline(outcome.error === null);

  /** The talk time sent with the last contact recorded: the timer stops on it. */
  const recordedTalk = useRef(0);
  const finish = (next: Done) => {
    timer.stop(recordedTalk.current);
    setOffline(false);
    setDone(next);
  };

  const contactBase = () => {
    // What the timer shows now: the talk time recorded is the one the agent saw.
    recordedTalk.current = timer.current();
    return {
      talkSeconds: recordedTalk.current,
      channel: 'PHONE' as const,
      callerNumber: digitsOnly(values.caller) || null,
      subscriberId: subscriber?.id ?? null,
      categoryCode: values.categoryCode || null,
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
    };
  };

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
    if (chosen && needsPlace && !v.address.trim() && !linkIncident?.address) {
      form.setFieldError('address', m.required);
      invalid = true;
    }
    // Optional: where the problem is, as the caller reads it from their phone or a map («35.7, 51.4»).
    const place = needsPlace ? parseCoordinates(v.coordinates) : null;
    if (place === 'invalid') {
      form.setFieldError('coordinates', w.coordinatesInvalid);
      invalid = true;
    }
    if (invalid || !chosen || place === 'invalid') return;

    if (!chosen.createsRequest) {
      const outcome = await record.run({
        input: { ...contactBase(), outcome: 'INFORMED', note: normalizePersian(v.description).trim() || null },
      });
      if (outcome.ok) finish({ kind: 'informed' });
      else failed(outcome);
      return;
    }

    if (linkIncident) {
      // A known problem: the call is counted on the incident and the caller told the crew is on it. No second
      // request for the same burst main, so the unit's queue holds one item per problem, not one per caller.
      const contact = await record.run({
        input: { ...contactBase(), outcome: 'LINKED_INCIDENT', incidentId: linkIncident.id },
      });
      if (contact.ok) finish({ kind: 'linked', incident: contact.data.incident ?? linkIncident });
      else failed(contact);
      return;
    }

    const p = progressRef.current;
    if (!p.requestId) {
      const outcome = await register.run(
        {
          input: {
            categoryCode: chosen.code,
            channel: 'PHONE',
            callerMobile: mobileOf(v.caller),
            // The caller's own name: the owner's only when the owner's number is calling (a neighbour is not them).
            callerName: normalizePersian(v.callerName).trim() || (callerIsOwner ? subscriber?.ownerName : null) || null,
            subscriberId: subscriber?.id ?? null,
            description: normalizePersian(v.description).trim(),
            address: normalizePersian(v.address).trim() || null,
            locationUnitId: unitId || null,
            latitude: place?.latitude ?? null,
            longitude: place?.longitude ?? null,
          },
        },
        { idempotencyKey },
      );
      if (!outcome.ok) return failed(outcome);
      p.requestId = outcome.data.id;
      p.trackingCode = outcome.data.trackingCode;
      p.assignedUnit = outcome.data.assignedUnit;
      p.dueAt = outcome.data.dueAt;
      setProgress({ ...p });
    }
    const contact = await record.run({
      input: { ...contactBase(), outcome: 'REQUEST_REGISTERED', requestId: p.requestId },
    });
    if (!contact.ok) return failed(contact);
    finish({
      kind: 'request',
      progress: { ...p },
      categoryCode: chosen.code,
      emergency: chosen.emergency,
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
    if (outcome.ok) finish({ kind: 'outage' });
    else failed(outcome);
  };

  const openIncidentHere = async () => {
    if (done?.kind !== 'request' || !done.unitId || !done.progress.requestId) return;
    const cat = categories.find((c) => c.code === done.categoryCode);
    const unitName = contextData?.units.nodes.find((u) => u.id === done.unitId)?.nameFa ?? '';
    const address = normalizePersian(done.address).trim();
    const title = `${cat?.nameFa ?? done.categoryCode} — ${address || unitName}`.slice(0, 200);
    const opened = await openIncident.run({
      input: { categoryCode: done.categoryCode, unitId: done.unitId, title, address: address || null },
    });
    if (!opened.ok) return;
    const linked = await link.run({ incidentId: opened.data.id, requestId: done.progress.requestId });
    if (linked.ok) {
      setIncidentOpened(true);
      refetchCaller({ requestPolicy: 'network-only' });
    }
  };

  /** Linking or unlinking replaces the button pressed: the focus goes on to the submit button, the next step. */
  const chooseIncident = (incident: Incident | null) => {
    setLinkIncident(incident);
    requestAnimationFrame(() => submitRef.current?.focus());
  };

  useShortcuts([
    { code: 'Enter', mod: true, label: w.shortcutSubmit },
    { code: 'Digit1', alt: true, label: w.shortcutCaller, run: () => callerRef.current?.focus() },
    { code: 'Digit2', alt: true, label: w.shortcutCategory, run: () => categoryRef.current?.focus() },
  ]);

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
      (contextData?.units.nodes ?? [])
        .filter((u) => u.kind === 'DISTRICT' || u.kind === 'TEAM')
        .map((u) => ({ value: u.id, label: pick(u.nameFa, u.nameEn) })),
    [contextData, pick],
  );

  if (!contextData)
    return context.error ? (
      <ErrorState error={context.error} onRetry={() => reloadContext({ requestPolicy: 'network-only' })} />
    ) : (
      <LoadingState />
    );

  const submitLabel = !category
    ? m.submitRequest
    : !category.createsRequest
      ? m.submitInformed
      : linkIncident
        ? m.submitLinked
        : m.submitRequest;

  return (
    // Ctrl+Enter anywhere on the call (the caller's number too) submits the call; the search form keeps its own.
    <fieldset
      style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}
      aria-label={w.currentCall}
      onKeyDown={done ? undefined : formKeys(() => void submit())}
    >
      <Group justify="flex-end" mb="xs">
        <CallTimer seconds={timer.seconds} running={timer.running} label={w.talkTime} />
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <CallerPanel
            callerRef={callerRef}
            callerInput={form.getInputProps('caller')}
            callerTyped={Boolean(values.caller)}
            mobile={mobile}
            onCallerEnter={() => {
              if (mobile) refetchCaller({ requestPolicy: 'network-only' });
              categoryRef.current?.focus();
            }}
            search={search}
            onSearch={(next) => {
              setSubscriberId(null);
              setSearch(next);
            }}
            lookup={{
              lookingUp,
              error: found.error,
              loading: !answered,
              retry: () => refetchCaller({ requestPolicy: 'network-only' }),
            }}
            subscribers={subscribers}
            subscriber={subscriber}
            onChooseSubscriber={setSubscriberId}
            callerIsOwner={callerIsOwner}
            incidents={incidents}
            outages={outages}
            onInformOutage={done ? undefined : (outage) => void informOutage(outage)}
          />
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 7 }}>
          {done ? (
            <CallDone
              done={done}
              newCallRef={newCallRef}
              onNewCall={onNewCall}
              incidentOpened={incidentOpened}
              onOpenIncident={() => void openIncidentHere()}
              openingIncident={openIncident.fetching || link.fetching}
              openIncidentError={openIncident.formError ?? link.formError}
            />
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
                  allowDeselect={false}
                  filter={wordFilter}
                  nothingFoundMessage={m.noCategory}
                  limit={40}
                  maxDropdownHeight={320}
                  required
                  data-testid="category-picker"
                  {...form.getInputProps('categoryCode')}
                  {...selectOnFocus}
                  onChange={(code) => {
                    form.setFieldValue('categoryCode', code ?? '');
                    setLinkIncident(null);
                    // Chosen: the next thing to do is to write what the caller says.
                    if (code) requestAnimationFrame(() => descriptionRef.current?.focus());
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

                <RepeatCandidates
                  candidates={repeatCandidates}
                  description={values.description}
                  base={() => {
                    const { talkSeconds, channel, callerNumber, startedAt: started } = contactBase();
                    return { talkSeconds, channel, callerNumber, startedAt: started };
                  }}
                  onAdded={(added) => finish({ kind: 'repeat', progress: added })}
                />

                {category ? (
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

                {proposed.length > 0 && !progress.requestId ? (
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
                              <Button size="xs" variant="subtle" onClick={() => chooseIncident(null)}>
                                {m.unlink}
                              </Button>
                            </Group>
                          ) : (
                            <Button
                              mt="xs"
                              size="sm"
                              onClick={() => chooseIncident(p.incident)}
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
                      ref={descriptionRef}
                      label={m.description}
                      autosize
                      minRows={3}
                      maxLength={4000}
                      required={!linkIncident}
                      data-testid="description"
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
                          allowDeselect={false}
                          filter={wordFilter}
                          nothingFoundMessage={m.noCategory}
                          required
                          data-testid="area-picker"
                          {...form.getInputProps('unitId')}
                          {...selectOnFocus}
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
                        <TextInput
                          label={w.coordinates}
                          description={w.coordinatesHint}
                          inputMode="decimal"
                          autoComplete="off"
                          data-testid="coordinates"
                          classNames={{ input: 'ltr-value' }}
                          {...form.getInputProps('coordinates')}
                        />
                      </>
                    ) : null}
                    <TextInput
                      label={m.callerName}
                      description={
                        callerIsOwner && subscriber ? `${w.callerNameOwner} (${subscriber.ownerName})` : undefined
                      }
                      autoComplete="off"
                      data-testid="caller-name"
                      {...form.getInputProps('callerName')}
                    />
                  </>
                ) : category ? (
                  <Textarea
                    ref={descriptionRef}
                    label={m.description}
                    autosize
                    minRows={2}
                    maxLength={2000}
                    data-testid="description"
                    {...form.getInputProps('description')}
                  />
                ) : null}

                {progress.trackingCode ? (
                  <Alert color="yellow" data-testid="partial-submit" aria-live="polite">
                    <Stack gap="xs">
                      <Text>{w.registeredSoFar}</Text>
                      <RegisteredRequest progress={progress} />
                    </Stack>
                  </Alert>
                ) : null}
                {formError ? (
                  <Alert color="red" role="alert" data-testid="form-error">
                    <Stack gap="xs" align="flex-start">
                      <Text size="sm">{formError}</Text>
                      {offline ? <Text size="sm">{w.offline}</Text> : null}
                    </Stack>
                  </Alert>
                ) : null}
                <Button
                  ref={submitRef}
                  type="submit"
                  size="md"
                  loading={busy}
                  disabled={!category}
                  data-testid="submit-call"
                >
                  {offline ? w.retry : submitLabel}
                </Button>
              </Stack>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </fieldset>
  );
}
