import { Anchor, Button, Card, Group, Paper, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { type RefObject, useState } from 'react';
import { Link } from 'react-router';
import type { CombinedError } from 'urql';
import { digitsOnly, localDigits, normalizePersian } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { formKeys } from '../../ui/shortcuts.js';
import { ErrorState, LoadingState } from '../../ui/states.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { callMessages } from './callMessages.js';
import { messages } from './messages.js';
import { SubscriberHistory } from './SubscriberHistory.js';
import { type Incident, IncidentLine, type Outage, OutageLine, type Subscriber } from './summaries.js';

export type SearchKind = 'subscriptionNumber' | 'billId' | 'name';

interface Props {
  callerRef: RefObject<HTMLInputElement | null>;
  callerInput: GetInputPropsReturnType;
  callerTyped: boolean;
  mobile: string | null;
  /** Enter in the caller's number: look the caller up (again) and go on to the category. */
  onCallerEnter: () => void;
  search: { by: SearchKind; value: string } | null;
  onSearch: (search: { by: SearchKind; value: string } | null) => void;
  lookup: { lookingUp: boolean; error: CombinedError | undefined; loading: boolean; retry: () => void };
  subscribers: Subscriber[];
  subscriber: Subscriber | undefined;
  onChooseSubscriber: (id: string) => void;
  /** Found by the number calling (the owner's own phone), not by another identifier. */
  callerIsOwner: boolean;
  incidents: Incident[];
  outages: Outage[];
  onInformOutage: ((outage: Outage) => void) | undefined;
}

/** The caller's side of a call: their number, the customer found for it, their open requests, and their area. */
export function CallerPanel(props: Props) {
  const m = useMessages(messages);
  const w = useMessages(callMessages);
  const { language } = useI18n();
  const pick = useBilingual();
  const { subscriber, subscribers, lookup } = props;
  const [searchBy, setSearchBy] = useState<SearchKind>('subscriptionNumber');
  const [searchValue, setSearchValue] = useState('');

  const runSearch = () => {
    const value = searchBy === 'name' ? normalizePersian(searchValue).trim() : digitsOnly(searchValue);
    if (value) props.onSearch({ by: searchBy, value });
  };

  return (
    <Stack gap="md" component="section" aria-labelledby="caller-heading">
      <Title order={2} size="h4" id="caller-heading">
        {m.callerSection}
      </Title>
      <TextInput
        ref={props.callerRef}
        label={m.caller}
        description={props.callerTyped && !props.mobile ? m.notMobile : m.callerHint}
        inputMode="tel"
        autoComplete="off"
        autoFocus
        size="md"
        data-testid="caller-number"
        classNames={{ input: 'ltr-value' }}
        {...props.callerInput}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
            event.preventDefault();
            props.onCallerEnter();
          }
        }}
      />
      <Paper
        withBorder
        p="xs"
        component="form"
        aria-label={m.searchBy}
        onKeyDown={formKeys(runSearch)}
        onSubmit={(event) => {
          event.preventDefault();
          runSearch();
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
        {props.search ? (
          <Button variant="subtle" size="compact-sm" mt={4} onClick={() => props.onSearch(null)}>
            {m.searchClear}
          </Button>
        ) : null}
      </Paper>
      {lookup.lookingUp ? (
        lookup.error && subscribers.length === 0 ? (
          <ErrorState error={lookup.error} onRetry={lookup.retry} />
        ) : lookup.loading ? (
          <LoadingState />
        ) : subscribers.length === 0 ? (
          <Text c="dimmed" data-testid="no-subscriber">
            {m.noSubscriber}
          </Text>
        ) : (
          <Stack gap="sm">
            {subscribers.length > 1 ? (
              <Radio.Group label={m.subscriber} value={subscriber?.id ?? ''} onChange={props.onChooseSubscriber}>
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
                <Text size="sm" data-testid="mobile-on-file">
                  {subscriber.mobileMasked ? (
                    <>
                      {w.mobileOnFile}:{' '}
                      <span className="ltr-value">{localDigits(subscriber.mobileMasked, language)}</span>
                    </>
                  ) : (
                    w.noMobileOnFile
                  )}
                </Text>
                <Text size="sm" fw={600} data-testid="caller-vs-owner">
                  {props.callerIsOwner ? w.callerIsOwner : w.callerNotOwner}
                </Text>
              </Card>
            ) : null}
            {subscriber ? (
              <Stack gap={4} component="section" aria-labelledby="open-requests-heading" data-testid="open-requests">
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
                        <Anchor component={Link} to={`/desk/${r.trackingCode}`}>
                          <TrackingCodeText code={r.trackingCode} />
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
            {subscriber ? <SubscriberHistory subscriber={subscriber} /> : null}
          </Stack>
        )
      ) : null}
      {props.incidents.length > 0 ? (
        <Stack gap={4} component="section" aria-labelledby="area-incidents-heading" data-testid="area-incidents">
          <Title order={3} size="h5" id="area-incidents-heading">
            {m.incidentsInArea}
          </Title>
          {props.incidents.map((incident) => (
            <Paper key={incident.id} withBorder p="xs" bg="orange.0">
              <IncidentLine incident={incident} />
            </Paper>
          ))}
        </Stack>
      ) : null}
      {props.outages.length > 0 ? (
        <Stack gap={4} component="section" aria-labelledby="area-outages-heading" data-testid="area-outages">
          <Title order={3} size="h5" id="area-outages-heading">
            {m.outagesInArea}
          </Title>
          {props.outages.map((outage) => (
            <Paper key={outage.id} withBorder p="xs" bg="yellow.0">
              <OutageLine
                outage={outage}
                onInform={props.onInformOutage ? () => props.onInformOutage?.(outage) : undefined}
              />
            </Paper>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
