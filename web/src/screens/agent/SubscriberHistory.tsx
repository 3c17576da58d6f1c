import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { localDigits } from '../../format.js';
import { useBilingual, useI18n, useMessages } from '../../i18n.js';
import { JalaliDate } from '../../ui/JalaliDate.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { TrackingCodeText } from '../../ui/TrackingCodeText.js';
import { callMessages } from './callMessages.js';
import type { Subscriber } from './summaries.js';

type Entry =
  | { kind: 'request'; at: string; request: Subscriber['requests'][number] }
  | { kind: 'contact'; at: string; contact: Subscriber['contacts'][number] };

/** The customer's past requests and calls on every line (122, 1523, the merged 1522, …), one list, newest first. */
export function SubscriberHistory({ subscriber }: { subscriber: Subscriber }) {
  const w = useMessages(callMessages);
  const { language } = useI18n();
  const pick = useBilingual();
  const entries: Entry[] = [
    ...subscriber.requests.map((request) => ({ kind: 'request' as const, at: request.registeredAt, request })),
    ...subscriber.contacts.map((contact) => ({ kind: 'contact' as const, at: contact.startedAt, contact })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  return (
    <Stack gap={4} component="section" aria-labelledby="history-heading" data-testid="subscriber-history">
      <Title order={3} size="h5" id="history-heading">
        {w.history}
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {w.noHistory}
        </Text>
      ) : (
        <Stack gap={4} component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {entries.map((entry) =>
            entry.kind === 'request' ? (
              <Paper key={`r-${entry.request.id}`} component="li" withBorder p={6} data-testid="history-request">
                <Group justify="space-between" gap="xs">
                  <Group gap={6}>
                    <Badge size="sm" variant="light" color="blue">
                      {w.historyRequest}
                    </Badge>
                    <Anchor component={Link} to={`/desk/${entry.request.trackingCode}`}>
                      <TrackingCodeText code={entry.request.trackingCode} />
                    </Anchor>
                  </Group>
                  <StatusBadge status={entry.request.status} overdue={entry.request.overdue} />
                </Group>
                <Text size="sm">{entry.request.categoryNameFa}</Text>
                <Text size="xs" c="dimmed">
                  <JalaliDate value={entry.request.registeredAt} />
                  {entry.request.callerName ? ` — ${entry.request.callerName}` : ''}
                </Text>
              </Paper>
            ) : (
              <Paper key={`c-${entry.contact.id}`} component="li" withBorder p={6} data-testid="history-contact">
                <Group gap={6}>
                  <Badge size="sm" variant="light" color="gray">
                    {w.historyContact}
                  </Badge>
                  {entry.contact.line ? (
                    <Text size="sm" fw={600} data-testid="history-line">
                      {localDigits(pick(entry.contact.line.nameFa, entry.contact.line.nameEn), language)}
                    </Text>
                  ) : null}
                </Group>
                <Text size="sm">
                  {w.outcomes[entry.contact.outcome] ?? entry.contact.outcome}
                  {entry.contact.categoryNameFa ? ` — ${entry.contact.categoryNameFa}` : ''}
                </Text>
                <Text size="xs" c="dimmed">
                  <JalaliDate value={entry.contact.startedAt} />
                  {entry.contact.callerNumberMasked ? (
                    <>
                      {' — '}
                      <span className="ltr-value">{localDigits(entry.contact.callerNumberMasked, language)}</span>
                    </>
                  ) : null}
                </Text>
              </Paper>
            ),
          )}
        </Stack>
      )}
    </Stack>
  );
}
