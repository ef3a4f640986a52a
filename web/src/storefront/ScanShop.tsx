// What a QR code at a physical shop or counter opens (/shop/:shopId), on a phone: the shop's name and address and
// its products, each with "Send as gift" (orders made this way carry the offline channel and the shop).
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { thumbUrl } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import type { PublicGiftShop } from '../lib/gifts.ts';

export function ScanShop() {
  const { shopId = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const query = useQuery({ queryKey: ['gift-shop', shopId], queryFn: ({ signal }) => data(client.GET('/api/gift-shops/{shopId}', { params: { path: { shopId } }, signal })) });
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const shop = query.data;
  const products = shop.products.filter((p) => p.giftable);
  return (
    <div className="scan-shop">
      <header className="scan-shop__head">
        <p className="scan-shop__eyebrow">
          <span aria-hidden="true">📍</span> {shop.storeName}
        </p>
        <h1 className="shop__title">{shop.name}</h1>
        <p className="muted">{shop.address}</p>
        <p className="small">{t('gifts.scan.intro')}</p>
      </header>
      {products.length === 0 ? (
        <EmptyState icon="🎁" title={t('gifts.scan.empty')} action={<Link to={`/s/${shop.storeId}`} className="btn">{t('catalog.shop.visitStore')}</Link>} />
      ) : (
        <ul className="scan-shop__list" aria-label={t('catalog.shop.products')}>
          {products.map((p) => (
            <li key={p.id} className="scan-item">
              <Link to={`/p/${p.id}`} className="scan-item__img" tabIndex={-1} aria-hidden="true">
                {p.imageId ? <img src={thumbUrl(p.imageId)} alt="" width="96" height="96" loading="lazy" /> : <span className="pcard__noimg">{Array.from(p.title)[0]}</span>}
              </Link>
              <div className="scan-item__body">
                <Link to={`/p/${p.id}`} className="scan-item__title">
                  {p.title}
                </Link>
                <span className="pcard__price">{t('catalog.shop.from', { price: f.money(p.price, p.currency) })}</span>
                <Link to={`/gift/new?product=${p.id}&shop=${shop.id}`} className="btn btn--primary btn--sm" aria-label={t('gifts.scan.sendOne', { title: p.title })}>
                  <span aria-hidden="true">🎁</span> {t('gifts.send.button')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
