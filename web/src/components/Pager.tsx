import { useTranslation } from 'react-i18next';

/** Previous / next over an offset-paged list, with "from–to" (and "of total" when the total is known). */
export function Pager({ offset, pageSize, shown, total, onChange }: { offset: number; pageSize: number; shown: number; total?: number; onChange: (offset: number) => void }) {
  const { t } = useTranslation();
  const more = total === undefined ? shown >= pageSize : offset + shown < total;
  if (offset === 0 && !more) return null;
  const range = t('catalog.merchant.range', { from: offset + 1, to: offset + shown });
  return (
    <div className="pager">
      <button type="button" className="btn btn--sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - pageSize))}>
        {t('catalog.merchant.prev')}
      </button>
      <span className="muted small">{total === undefined ? range : t('orders.pager.of', { range, total })}</span>
      <button type="button" className="btn btn--sm" disabled={!more} onClick={() => onChange(offset + pageSize)}>
        {t('catalog.merchant.next')}
      </button>
    </div>
  );
}

/** "Show more" under a list that grows page by page. */
export function LoadMore({ query }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <div className="pgrid__more">
      <button type="button" className="btn" disabled={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
        {query.isFetchingNextPage ? t('common.loading') : t('catalog.shop.more')}
      </button>
    </div>
  );
}
