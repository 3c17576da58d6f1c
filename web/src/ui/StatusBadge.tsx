import { Badge } from '@mantine/core';
import type { MessageKey } from '../i18n.js';
import { useI18n } from '../i18n.js';

export type RequestStatus =
  | 'REGISTERED'
  | 'DISPATCHED'
  | 'IN_PROGRESS'
  | 'RESOLVED'
  | 'CLOSED'
  | 'REJECTED'
  | 'DUPLICATE'
  | 'REOPENED';

// Dark shades on light backgrounds: readable text (WCAG AA) for every status.
const colours: Record<RequestStatus, string> = {
  REGISTERED: 'blue',
  DISPATCHED: 'indigo',
  IN_PROGRESS: 'orange',
  RESOLVED: 'teal',
  CLOSED: 'gray',
  REJECTED: 'red',
  DUPLICATE: 'gray',
  REOPENED: 'grape',
};

/** A request status in words (Persian labels of the API's lifecycle), coloured by stage. */
export function StatusBadge({ status, overdue = false }: { status: RequestStatus; overdue?: boolean }) {
  const { t } = useI18n();
  return (
    <Badge
      color={overdue ? 'red' : colours[status]}
      variant="light"
      size="lg"
      styles={{ label: { color: 'var(--mantine-color-dark-7)' } }}
      data-status={status}
    >
      {t(`status.${status}` as MessageKey)}
      {overdue ? ' ⏰' : ''}
    </Badge>
  );
}

export function statusLabelKey(status: RequestStatus): MessageKey {
  return `status.${status}`;
}
