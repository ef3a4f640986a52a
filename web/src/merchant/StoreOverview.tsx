import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { StoreCategoriesTable } from '../components/StoreCategoriesTable.tsx';
import { StoreFacts } from '../components/StoreFacts.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { can } from '../lib/permissions.ts';
import type { StoreDetail } from '../lib/types.ts';
import { storeKey } from './queries.ts';
import { useStoreContext } from './StorePage.tsx';
import { StoreTimeline } from './StoreTimeline.tsx';
import { StoreDashboard } from './StoreDashboard.tsx';

type App = StoreDetail['applications'][number];

export function StoreOverview() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [withdrawing, setWithdrawing] = useState<App | null>(null);
  const withdraw = useMutation({
    mutationFn: (a: App) => client.POST('/api/merchant/stores/{storeId}/category-applications/{applicationId}/withdraw', { params: { path: { storeId: store.id, applicationId: a.id } } }),
    onSuccess: () => {
      announce(t('merchant.store.withdrawn', { name: withdrawing ? f.name(withdrawing.category.names) : '' }));
      setWithdrawing(null);
      void qc.invalidateQueries({ queryKey: storeKey(store.id) });
      void qc.invalidateQueries({ queryKey: ['merchant', 'audit', store.id] });
    },
  });
  const canApply = (store.status === 'opening' || store.status === 'open') && can(store, 'store.settings');
  const applyLink = canApply ? (
    <Link to={`/merchant/stores/${store.id}/apply`} className="btn btn--primary">
      {t('merchant.store.applyMore')}
    </Link>
  ) : undefined;

  return (
    <div className="overview">
      {store.status !== 'opening' && <StoreDashboard store={store} />}
      <section className="card overview__categories" aria-labelledby="cats-h">
        <div className="section-head">
          <h2 id="cats-h">{t('store.categories.title')}</h2>
          {store.applications.length > 0 && applyLink}
        </div>
        <StoreCategoriesTable
          store={store}
          emptyAction={applyLink}
          action={(a) =>
            a.status === 'in_review' && can(store, 'store.settings') ? (
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => setWithdrawing(a)} aria-label={t('merchant.store.withdrawOne', { name: f.name(a.category.names) })}>
                {t('merchant.store.withdraw')}
              </button>
            ) : null
          }
        />
      </section>
      <section className="card overview__timeline" aria-labelledby="tl-h">
        <h2 id="tl-h">{t('merchant.store.timeline')}</h2>
        <StoreTimeline storeId={store.id} />
      </section>
      <section className="card overview__facts" aria-labelledby="facts-h">
        <h2 id="facts-h">{t('store.facts.title')}</h2>
        <StoreFacts store={store} />
      </section>
      <ConfirmDialog
        open={!!withdrawing}
        title={t('merchant.store.withdraw')}
        confirmLabel={t('merchant.store.withdraw')}
        danger
        busy={withdraw.isPending}
        error={withdraw.error}
        onConfirm={() => withdrawing && withdraw.mutate(withdrawing)}
        onClose={() => {
          setWithdrawing(null);
          withdraw.reset();
        }}
      >
        {withdrawing && t('merchant.store.withdrawText', { name: f.name(withdrawing.category.names) })}
      </ConfirmDialog>
    </div>
  );
}
