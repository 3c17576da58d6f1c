import { Badge, Group } from '@mantine/core';
import { type MessageKey, useI18n, useMessages } from '../../i18n.js';
import { type RequestStatus, StatusBadge } from '../../ui/StatusBadge.js';

const messages = {
  fa: { overdue: 'دیرکرد', overdueHint: 'مهلت رسیدگی گذشته است' },
  en: { overdue: 'Overdue', overdueHint: 'Past its due time' },
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

/** Status, and the overdue mark when the request is open past its due time. */
export function RequestStatusBadges({ status, overdue }: { status: RequestStatus; overdue: boolean }) {
  return (
    <Group gap={4} wrap="nowrap" miw="max-content">
      <StatusBadge status={status} />
      {overdue ? <OverdueBadge /> : null}
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
