// The data side of a list page: one server page at a time (limit + offset, with the total the server counts), or a
// list that grows page by page ("show more", on the buyer's phone screens). Both give ListPage the same shape.
import { keepPreviousData, useInfiniteQuery, useQuery, type QueryKey } from '@tanstack/react-query';

/** One page of rows and how many rows match in all. */
export type Page<T> = { rows: T[]; total: number };
export type FetchPage<T> = (p: { limit: number; offset: number; signal: AbortSignal }) => Promise<Page<T>>;

export type Paging =
  | { kind: 'pages'; offset: number; pageSize: number; setOffset: (offset: number) => void }
  | { kind: 'more'; hasMore: boolean; loadingMore: boolean; more: () => unknown };

/** What ListPage shows: the rows so far, the total (once known), the query's state, and how to see more. */
export type ListData<T> = {
  rows: T[];
  total: number | undefined;
  isPending: boolean;
  /** Fetching while showing the previous page (the rows are stale until it answers). */
  isRefreshing: boolean;
  error: unknown;
  refetch: () => unknown;
  paging: Paging;
};

/**
 * One page at a time: `key` names the list (and its filters), the page offset is added to it; the previous page stays
 * on screen while the next one loads. The offset comes from useListFilters (a changed filter goes back to page one).
 */
export function usePagedList<T>(key: QueryKey, fetchPage: FetchPage<T>, paging: { pageSize: number; offset: number; setOffset: (offset: number) => void }): ListData<T> {
  const { pageSize, offset, setOffset } = paging;
  const q = useQuery({
    queryKey: [...key, { offset, limit: pageSize }],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => fetchPage({ limit: pageSize, offset, signal }),
  });
  return {
    rows: q.data?.rows ?? [],
    total: q.data?.total,
    isPending: q.isPending,
    isRefreshing: q.isPlaceholderData,
    error: q.error,
    refetch: q.refetch,
    paging: { kind: 'pages', offset, pageSize, setOffset },
  };
}

/** A list that grows by `pageSize` rows each time "show more" is pressed (until the server's total is reached). */
export function useGrowingList<T>(key: QueryKey, fetchPage: FetchPage<T>, pageSize: number): ListData<T> {
  const q = useInfiniteQuery({
    queryKey: key,
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) => fetchPage({ limit: pageSize, offset: pageParam, signal }),
    getNextPageParam: (last, all) => {
      const seen = all.reduce((n, p) => n + p.rows.length, 0);
      return seen < last.total ? seen : undefined;
    },
  });
  const pages = q.data?.pages ?? [];
  return {
    rows: pages.flatMap((p) => p.rows),
    total: pages.at(-1)?.total,
    isPending: q.isPending,
    isRefreshing: false,
    error: q.error,
    refetch: q.refetch,
    paging: { kind: 'more', hasMore: q.hasNextPage, loadingMore: q.isFetchingNextPage, more: () => q.fetchNextPage() },
  };
}
