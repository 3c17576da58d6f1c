import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { QueryState } from './states.js';
import type { Connection } from './useConnection.js';

/**
 * A list read page by page (`useConnection`): its error (retry starts again from the first page), loading and empty
 * states, else the list with a "more" button while pages remain. `footer` (a count, say) stands at the start of the
 * button's row and is shown even when no page remains.
 */
export function PagedList<N>({
  list,
  empty = list.items.length === 0,
  emptyText,
  moreLabel,
  moreTestId,
  footer,
  children,
}: {
  list: Connection<N>;
  /** Nothing to show; by default, no item loaded (a screen that filters what it loaded says so itself). */
  empty?: boolean;
  emptyText: ReactNode;
  moreLabel: string;
  moreTestId?: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const more = list.hasMore ? (
    <Button variant="light" onClick={list.loadMore} loading={list.fetchingMore} data-testid={moreTestId}>
      {moreLabel}
    </Button>
  ) : null;
  return (
    <QueryState loading={list.fetching} error={list.error} onRetry={list.reload} empty={empty} emptyText={emptyText}>
      {children}
      {footer ? (
        <Group justify="space-between" mt="sm">
          {footer}
          {more}
        </Group>
      ) : more ? (
        <Group mt="sm">{more}</Group>
      ) : null}
    </QueryState>
  );
}
