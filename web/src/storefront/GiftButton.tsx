// "Send as gift" under a product's buy buttons: only when the product may be gifted; otherwise a short reason
// (or nothing, when the product is simply not on sale).
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { useGiftOptions } from '../lib/gifts.ts';
import { stateLabel } from '../lib/state-labels.ts';

export function GiftButton({ productId, skuId, shopId }: { productId: string; skuId?: string; shopId?: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const options = useGiftOptions(productId);
  const o = options.data;
  if (!o || (user && user.role !== 'buyer')) return null;
  if (!o.giftable) return o.reason && o.reason !== 'not_on_sale' ? <p className="muted small gift-reason">{stateLabel(t, 'NotGiftableReason', o.reason)}</p> : null;
  const giftableSku = skuId && o.skus.some((s) => s.id === skuId && s.giftable) ? skuId : undefined;
  const qs = new URLSearchParams({ product: productId });
  if (giftableSku) qs.set('sku', giftableSku);
  if (shopId) qs.set('shop', shopId);
  return (
    <Link to={`/gift/new?${qs}`} className="btn btn--block gift-button" data-testid="send-as-gift">
      <span aria-hidden="true">🎁</span> {t('gifts.send.button')}
    </Link>
  );
}
