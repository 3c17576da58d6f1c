import type { TadaDocumentNode } from 'gql.tada';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type CombinedError, useClient } from 'urql';

/** What the screens read of a relay connection. */
export interface ConnectionPage<N> {
  nodes: readonly N[];
  /** The whole list's size, when the query asks for it. */
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface Connection<N> {
  items: N[];
  /** The first page is loading (nothing to show yet), or a later one ("more"). */
  fetching: boolean;
  fetchingMore: boolean;
  error: CombinedError | null;
  hasMore: boolean;
  /** The whole list's size (the connection's `totalCount`), when the query asks for it; else null. */
  total: number | null;
  loadMore: () => void;
  reload: () => void;
  /** Live changes (the queue's subscription) edit the loaded list in place. */
  setItems: (update: (items: N[]) => N[]) => void;
}

/**
 * A relay connection read page by page ("more" appends the next page) — for lists whose query takes `first` and
 * `after`. Changing `variables` starts again from the first page; answers to an older set of variables are dropped.
 */
export function useConnection<Data, Variables extends Record<string, unknown>, N>(
  document: TadaDocumentNode<Data, Variables>,
  variables: Omit<Variables, 'after'>,
  pick: (data: Data) => ConnectionPage<N>,
  options: { pause?: boolean } = {},
): Connection<N> {
  const client = useClient();
  const key = JSON.stringify(variables);
  const [items, setItemsState] = useState<N[]>([]);
  const [fetching, setFetching] = useState(!options.pause);
  const [fetchingMore, setFetchingMore] = useState(false);
  const [error, setError] = useState<CombinedError | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [total, setTotal] = useState<number | null>(null);
  const generation = useRef(0);
  const pickRef = useRef(pick);
  pickRef.current = pick;

  const fetchPage = useCallback(
    async (after: string | null) => {
      const mine = generation.current;
      const vars = { ...(JSON.parse(key) as object), after } as unknown as Variables;
      const result = await client.query(document, vars, { requestPolicy: 'network-only' }).toPromise();
      if (mine !== generation.current) return;
      if (result.error || !result.data) {
        setError(result.error ?? null);
      } else {
        const page = pickRef.current(result.data);
        setError(null);
        setItemsState((previous) => (after ? [...previous, ...page.nodes] : [...page.nodes]));
        setCursor(page.pageInfo.endCursor ?? null);
        setHasMore(page.pageInfo.hasNextPage);
        setTotal(page.totalCount ?? null);
      }
      setFetching(false);
      setFetchingMore(false);
    },
    [client, document, key],
  );

  const start = useCallback(() => {
    generation.current += 1;
    setItemsState([]);
    setError(null);
    setHasMore(false);
    setTotal(null);
    setFetching(true);
    void fetchPage(null);
  }, [fetchPage]);

  useEffect(() => {
    if (options.pause) {
      generation.current += 1;
      setItemsState([]);
      setFetching(false);
      return;
    }
    start();
  }, [start, options.pause]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    setFetchingMore(true);
    void fetchPage(cursor);
  }, [cursor, fetchPage]);

  return {
    items,
    fetching,
    fetchingMore,
    error,
    hasMore,
    total,
    loadMore,
    reload: start,
    setItems: setItemsState,
  };
}
