// On a product's screen: may buyers send a customisation file with it (bought through a linked mini-site that uploads
// the buyer's image or PDF; the merchant downloads it from the order). The merchant's switch, audited.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';

export function CustomisableSection({ storeId, productId, customisable, queryKey, canWrite }: { storeId: string; productId: string; customisable: boolean; queryKey: readonly unknown[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const change = useMutation({
    mutationFn: (enabled: boolean) => data(client.PUT('/api/merchant/stores/{storeId}/products/{productId}/customisable', { params: { path: { storeId, productId } }, body: { enabled } })),
    onSuccess: (p) => {
      qc.setQueryData(queryKey, p);
      announce(p.customisable ? t('buy.customisableOn') : t('buy.customisableOff'));
    },
  });
  return (
    <section className="card" aria-labelledby="customisable-h">
      <h2 id="customisable-h">{t('buy.customFile')}</h2>
      <label className="switch">
        <input type="checkbox" role="switch" checked={customisable} disabled={!canWrite || change.isPending} onChange={(e) => change.mutate(e.target.checked)} />
        <span>{t('buy.customisable')}</span>
      </label>
      <p className="muted small">{t('buy.customisableHint')}</p>
      <ProblemAlert error={change.error} />
    </section>
  );
}
