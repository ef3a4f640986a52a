// One store seen by the operator: legal entity, categories, deposit and ledger, closing.
import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { QueryBoundary, ProblemAlert } from '../components/States.tsx';
import { StoreStatusBadge } from '../components/Badge.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { StoreFacts } from '../components/StoreFacts.tsx';
import { StoreCategoriesTable } from '../components/StoreCategoriesTable.tsx';
import { DepositSummary } from '../components/DepositSummary.tsx';
import { LedgerTable } from '../components/LedgerTable.tsx';
import { client, data, type RequestBody } from '../lib/api.ts';
import { LedgerEntryForm } from './LedgerEntryForm.tsx';

type Event = RequestBody<'/api/operator/stores/{storeId}/status', 'post'>['event'];
const EVENT_LABEL: Record<Event, string> = {
  close_by_operator: 'operator.store.close',
  reinstate: 'operator.store.reinstate',
  complete_close: 'operator.store.completeClose',
};

export function StoreReview() {
  const { storeId = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [confirm, setConfirm] = useState<Event | null>(null);
  const query = useQuery({
    queryKey: ['operator', 'store', storeId],
    queryFn: ({ signal }) => data(client.GET('/api/operator/stores/{storeId}', { params: { path: { storeId } }, signal })),
  });
  const status = useMutation({
    mutationFn: (event: Event) => data(client.POST('/api/operator/stores/{storeId}/status', { params: { path: { storeId } }, body: { event } })),
    onSuccess: (s) => {
      setConfirm(null);
      announce(t('operator.store.statusChanged', { status: t(`status.store.${s.status}`) }));
      void qc.invalidateQueries({ queryKey: ['operator'] });
    },
  });

  return (
    <QueryBoundary query={query}>
      {(store) => (
        <>
          <PageHeader
            back={{ to: '/operator/stores', label: t('operator.nav.stores') }}
            title={
              <>
                {store.name} <StoreStatusBadge status={store.status} />
              </>
            }
            subtitle={`${t(`storeType.${store.storeType}`)} · ${store.ownerEmail}`}
            actions={
              <>
                {store.status === 'open' && (
                  <button type="button" className="btn btn--danger-outline" onClick={() => setConfirm('close_by_operator')}>
                    {t('operator.store.close')}
                  </button>
                )}
                {store.status === 'closing' && (
                  <>
                    <button type="button" className="btn" onClick={() => setConfirm('reinstate')}>
                      {t('operator.store.reinstate')}
                    </button>
                    <button type="button" className="btn btn--danger" onClick={() => setConfirm('complete_close')}>
                      {t('operator.store.completeClose')}
                    </button>
                  </>
                )}
              </>
            }
          />
          <ProblemAlert error={status.error} />
          <div className="grid-2">
            <section className="card" aria-labelledby="facts-h">
              <h2 id="facts-h">{t('store.facts.title')}</h2>
              <StoreFacts store={store} />
            </section>
            <section className="card" aria-labelledby="dep-h">
              <h2 id="dep-h">{t('deposit.title')}</h2>
              <DepositSummary deposit={store.deposit} />
            </section>
          </div>
          <section className="card" aria-labelledby="cats-h">
            <h2 id="cats-h">{t('store.categories.title')}</h2>
            <StoreCategoriesTable store={store} />
          </section>
          <section className="card" aria-labelledby="ledger-h">
            <h2 id="ledger-h">{t('deposit.ledger')}</h2>
            <LedgerTable entries={store.ledger} currency={store.currency} />
            <h3 className="section-sub">{t('operator.store.recordEntry')}</h3>
            <p className="muted small">{t('operator.store.recordEntryHint')}</p>
            <LedgerEntryForm storeId={store.id} balance={store.deposit.balance} />
          </section>
          <ConfirmDialog
            open={!!confirm}
            title={confirm ? t(EVENT_LABEL[confirm]) : ''}
            confirmLabel={confirm ? t(EVENT_LABEL[confirm]) : ''}
            danger={confirm !== 'reinstate'}
            busy={status.isPending}
            error={status.error}
            onConfirm={() => confirm && status.mutate(confirm)}
            onClose={() => {
              setConfirm(null);
              status.reset();
            }}
          >
            {confirm && t(`${EVENT_LABEL[confirm]}Text`, { name: store.name })}
          </ConfirmDialog>
        </>
      )}
    </QueryBoundary>
  );
}
