// "Buy again" on a paid order (its page, its notice in the inbox): the same items go into the cart with the same
// quantities at today's prices, then the cart opens; items no longer on sale are left out, and it is said how many.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAnnounce } from '../components/Announcer.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { cartKey } from '../lib/orders.ts';

/** skuIds: only these SKUs of the order (a repurchase reminder's reorder). */
export function BuyAgainButton({ orderId, skuIds, label }: { orderId: string; skuIds?: string[]; label?: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const again = useMutation({
    mutationFn: () => data(client.POST('/api/orders/{orderId}/buy-again', { params: { path: { orderId } }, body: skuIds ? { skuIds } : {} })),
    onSuccess: (r) => {
      qc.setQueryData(cartKey, r.cart);
      announce(r.unavailable.length ? t('service.inbox.someUnavailable', { count: r.unavailable.length }) : t('service.inbox.boughtAgain'));
      navigate('/cart');
    },
  });
  return (
    <>
      <button type="button" className="btn btn--sm" disabled={again.isPending} onClick={() => again.mutate()}>{label ?? t('service.inbox.buyAgain')}</button>
      <ProblemAlert error={again.error} />
    </>
  );
}
