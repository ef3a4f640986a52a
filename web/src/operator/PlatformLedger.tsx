// The platform's income: commission kept from every settled order, with the gross it came from, store by store.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Pager } from '../components/Pager.tsx';
import { PageHeader } from '../components/Shell.tsx';
import { SettlementTable } from '../components/SettlementTable.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

const PAGE = 50;

export function PlatformLedger() {
  const { t } = useTranslation();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: ['operator', 'ledger', offset],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => data(client.GET('/api/operator/ledger', { params: { query: { limit: PAGE, offset } }, signal })),
  });
  return (
    <>
      <PageHeader title={t('orders.ledger.title')} subtitle={t('orders.ledger.subtitle')} />
      <QueryBoundary query={query}>
        {(l) => (
          <>
            <section className="card" aria-label={t('orders.ledger.totals')}>
              <div className="stats">
                <div className="stat stat--ok">
                  <span className="stat__label">{t('orders.ledger.commission')}</span>
                  <span className="stat__value" data-testid="commission-total">{f.money(l.commissionTotal, l.currency)}</span>
                </div>
                <div className="stat">
                  <span className="stat__label">{t('orders.ledger.gross')}</span>
                  <span className="stat__value">{f.money(l.grossTotal, l.currency)}</span>
                </div>
                <div className="stat">
                  <span className="stat__label">{t('orders.ledger.orders')}</span>
                  <span className="stat__value">{f.number(l.settledOrders)}</span>
                </div>
                <div className="stat">
                  <span className="stat__label">{t('orders.ledger.rate')}</span>
                  <span className="stat__value">{l.grossTotal > 0 ? f.bp(Math.round((l.commissionTotal * 10000) / l.grossTotal)) : '—'}</span>
                </div>
              </div>
            </section>
            <section className="card" aria-labelledby="pl-h">
              <h2 id="pl-h">{t('orders.ledger.entries')}</h2>
              {l.entries.length === 0 ? (
                <EmptyState title={t('orders.ledger.emptyTitle')}>{t('orders.ledger.emptyText')}</EmptyState>
              ) : (
                <>
                  <SettlementTable entries={l.entries} currency={l.currency} storeLink={(id) => `/operator/stores/${id}`} />
                  <Pager offset={offset} pageSize={PAGE} shown={l.entries.length} total={l.total} onChange={setOffset} />
                </>
              )}
            </section>
          </>
        )}
      </QueryBoundary>
    </>
  );
}
