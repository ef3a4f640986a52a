// Product search across the whole storefront: any of the three languages, accents optional.
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useChannel } from '../lib/catalog.ts';
import { ProductGrid, useListing } from './ProductGrid.tsx';
import { ProductSearchBox } from './ProductSearchBox.tsx';

export function SearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const channel = useChannel();
  const q = (params.get('q') ?? '').trim();
  const query = useListing({ channel, q }, q.length > 0);
  return (
    <>
      <ProductSearchBox key={q} initial={q} />
      <h1 className="shop__title">{q ? t('catalog.shop.resultsFor', { q }) : t('catalog.shop.searchProducts')}</h1>
      {q && <ProductGrid query={query} channel={channel} emptyTitle={t('catalog.shop.noResults')} emptyText={t('catalog.shop.noResultsText')} />}
    </>
  );
}
