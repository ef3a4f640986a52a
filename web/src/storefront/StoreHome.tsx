// A store's own home in the storefront: its listed products, newest first.
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { client, data } from '../lib/api.ts';
import { useChannel } from '../lib/catalog.ts';
import { ProductGrid, useListing } from './ProductGrid.tsx';
import { JoinMembership } from '../components/JoinMembership.tsx';
import { CouponStrip } from './CouponStrip.tsx';
import { FollowButton } from '../components/FollowButton.tsx';

export function StoreHome() {
  const { storeId = '' } = useParams();
  const { t } = useTranslation();
  const channel = useChannel();
  const query = useListing({ channel, storeId });
  const store = useQuery({ queryKey: ['storefront-store', storeId], queryFn: ({ signal }) => data(client.GET('/api/storefront/stores/{storeId}', { params: { path: { storeId } }, signal })) });
  return (
    <>
      <h1 className="shop__title">{store.data?.name ?? t('catalog.shop.storeHome')}</h1>
      <JoinMembership storeId={storeId} storeName={store.data?.name} via={{ source: 'store' }} />
      {store.data && <FollowButton storeId={storeId} storeName={store.data.name} source="store_page" />}
      <CouponStrip storeId={storeId} />
      <ProductGrid query={query} channel={channel} emptyTitle={t('catalog.shop.storeEmpty')} />
    </>
  );
}
