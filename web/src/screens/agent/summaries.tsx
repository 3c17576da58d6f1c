import { Button, Stack, Text } from '@mantine/core';
import { listSeparator, localDigits } from '../../format.js';
import type { ResultOf } from '../../graphql/graphql.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { messages } from './messages.js';
import type { FindCallerQuery } from './operations.js';

export type Subscriber = ResultOf<typeof FindCallerQuery>['findSubscribers'][number];
export type Incident = Subscriber['openIncidents'][number];
export type Outage = Subscriber['currentOutages'][number];

export function IncidentLine({ incident }: { incident: Incident }) {
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
        {m.linkedRequests}
        {listSeparator(language)}
        {localDigits(incident.linkedContactCount, language)} {m.linkedCalls}
      </Text>
    </Stack>
  );
}

export function OutageLine({ outage, onInform }: { outage: Outage; onInform?: (() => void) | undefined }) {
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
