// On a product's screen: may buyers send it as a gift (the merchant's switch), why not when the platform says no
// (category excluded, price above the cap), and the way to its gift decoration.
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useGiftOptions } from '../lib/gifts.ts';
import { stateLabel } from '../lib/state-labels.ts';

export function GiftingSection({ storeId, productId }: { storeId: string; productId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'gifting', storeId, productId];
  const gifting = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products/{productId}/gifting', { params: { path: { storeId, productId } }, signal })) });
  const options = useGiftOptions(productId);
  const change = useMutation({
    mutationFn: (enabled: boolean) => data(client.PUT('/api/merchant/stores/{storeId}/products/{productId}/gifting', { params: { path: { storeId, productId } }, body: { enabled } })),
    onSuccess: (r) => {
      qc.setQueryData(key, r);
      void qc.invalidateQueries({ queryKey: ['gift-options', productId] });
      announce(r.enabled ? t('gifts.gifting.onToast') : t('gifts.gifting.offToast'));
    },
  });
  const enabled = gifting.data?.enabled;
  // The platform's reasons outrank the switch: say them even when it is on.
  const reason = options.data && !options.data.giftable && options.data.reason !== 'gifting_off' ? options.data.reason : null;
  return (
    <section className="card" aria-labelledby="gifting-h">
      <div className="card__head">
        <h2 id="gifting-h">{t('gifts.gifting.title')}</h2>
        <Link to={`/merchant/stores/${storeId}/products/${productId}/gift`} className="btn btn--sm">
          {t('gifts.gifting.decorate')}
        </Link>
      </div>
      <label className="switch">
        <input type="checkbox" role="switch" checked={!!enabled} disabled={enabled === undefined || change.isPending} onChange={(e) => change.mutate(e.target.checked)} />
        <span>{t('gifts.gifting.switch')}</span>
      </label>
      <p className="muted small">{t('gifts.gifting.hint')}</p>
      {reason && (
        <p className="alert alert--warning" role="note">
          {stateLabel(t, 'NotGiftableReason', reason)}
        </p>
      )}
      <ProblemAlert error={gifting.error ?? change.error} />
    </section>
  );
}
