import { Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatNumber, localDigits } from '../format.js';
import { useI18n, useMessages } from '../i18n.js';
import { QueryState } from './states.js';
import type { Connection } from './useConnection.js';

const messages = { fa: { shown: 'نمایش داده شده' }, en: { shown: 'shown' } };

/**
 * A list read page by page (`useConnection`): its error (retry starts again from the first page), loading and empty
 * states, else the list with a "more" button while pages remain. With `countLabel`, how many are loaded stands at
 * the start of the button's row, shown even when no page remains.
 */
export function PagedList<N>({
  list,
  empty = list.items.length === 0,
  emptyText,
  moreLabel,
  moreTestId,
  countLabel,
  totalLabel,
  children,
}: {
  list: Connection<N>;
  /** Nothing to show; by default, no item loaded (a screen that filters what it loaded says so itself). */
  empty?: boolean;
  emptyText: ReactNode;
  moreLabel: string;
  moreTestId?: string;
  /** Say how many items are loaded, as `<count> <countLabel>` ("۵۰ درخواست نمایش داده شده"), announced politely. */
  countLabel?: string;
  /** With the list's total known, say it: `<total> <totalLabel>` ("۱۲۳ درخواست"), and how many are shown when fewer. */
  totalLabel?: string;
  children: ReactNode;
}) {
  const { language } = useI18n();
  const m = useMessages(messages);
  const shown = localDigits(list.items.length, language);
  // With the list's total (its connection's totalCount): «۱۲۳ درخواست (۵۰ نمایش داده شده)», else what is loaded.
  const count =
    totalLabel && list.total != null ? (
      <Text size="sm" c="dimmed" role="status" data-testid="list-total" data-total={list.total}>
        {formatNumber(list.total, language)} {totalLabel}
        {list.items.length < list.total ? ` (${shown} ${m.shown})` : ''}
      </Text>
    ) : countLabel ? (
      <Text size="sm" c="dimmed" role="status">
        {shown} {countLabel}
      </Text>
    ) : null;
  const more = list.hasMore ? (
    <Button variant="light" onClick={list.loadMore} loading={list.fetchingMore} data-testid={moreTestId}>
      {moreLabel}
    </Button>
  ) : null;
  return (
    <QueryState loading={list.fetching} error={list.error} onRetry={list.reload} empty={empty} emptyText={emptyText}>
      {children}
      {count ? (
        <Group justify="space-between" mt="sm">
          {count}
          {more}
        </Group>
      ) : more ? (
        <Group mt="sm">{more}</Group>
      ) : null}
    </QueryState>
  );
}
