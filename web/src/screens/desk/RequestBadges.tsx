import { Badge, Group } from '@mantine/core';
import { type MessageKey, useI18n, useMessages } from '../../i18n.js';
import { type RequestStatus, StatusBadge } from '../../ui/StatusBadge.js';

const messages = {
  fa: { overdue: 'دیرکرد', overdueHint: 'مهلت رسیدگی گذشته است', returned: 'بازگشتی از واحد' },
  en: { overdue: 'Overdue', overdueHint: 'Past its due time', returned: 'Returned by the unit' },
};

/** The red "overdue" mark every list of requests shows beside the status. */
export function OverdueBadge() {
  const m = useMessages(messages);
  return (
    <Badge
      miw="max-content"
      color="red"
      variant="filled"
      size="lg"
      title={m.overdueHint}
      data-testid="overdue-badge"
      styles={{ label: { color: 'var(--mantine-color-white)' } }}
      style={{ backgroundColor: 'var(--mantine-color-red-9)' }}
    >
      {m.overdue}
    </Badge>
  );
}

/** A unit sent the request back to the centre (misrouted): the reason shows on hover and on the request. */
export function ReturnedBadge({ reason }: { reason: string }) {
  const m = useMessages(messages);
  return (
    <Badge miw="max-content" color="orange" variant="outline" size="lg" title={reason} data-testid="returned-badge">
      <span style={{ color: 'var(--mantine-color-orange-9)' }}>{m.returned}</span>
    </Badge>
  );
}

/** Status, the overdue mark when the request is open past its due time, and the mark of a unit's return. */
export function RequestStatusBadges({
  status,
  overdue,
  returned,
}: {
  status: RequestStatus;
  overdue: boolean;
  returned?: { reason: string } | null;
}) {
  return (
    <Group gap={4} wrap="nowrap" miw="max-content">
      <StatusBadge status={status} />
      {overdue ? <OverdueBadge /> : null}
      {returned ? <ReturnedBadge reason={returned.reason} /> : null}
    </Group>
  );
}

export type Priority = 'CRITICAL' | 'HIGH' | 'NORMAL' | 'LOW';
const priorityColours: Record<Priority, string> = { CRITICAL: 'red', HIGH: 'orange', NORMAL: 'gray', LOW: 'gray' };

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useI18n();
  return (
    <Badge
      miw="max-content"
      color={priorityColours[priority]}
      variant="outline"
      size="md"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
    >
      {t(`priority.${priority}` as MessageKey)}
    </Badge>
  );
}

/** Open statuses: what still needs work (schema/src/rules/request-status.ts, openStatuses). */
export const openStatuses: RequestStatus[] = ['REGISTERED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED'];
export const allStatuses: RequestStatus[] = [
  'REGISTERED',
  'DISPATCHED',
  'IN_PROGRESS',
  'RESOLVED',
  'CLOSED',
  'REJECTED',
  'DUPLICATE',
  'REOPENED',
];
export const priorities: Priority[] = ['CRITICAL', 'HIGH', 'NORMAL', 'LOW'];
