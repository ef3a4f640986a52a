// The store's settlement balance: what has been credited (order amounts less commission), what is still inside the
// after-sales window, withdrawing it (Withdrawals), and the ledger of settled orders and withdrawals.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Pager } from '../components/Pager.tsx';
import { SettlementTable } from '../components/SettlementTable.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { useStoreContext } from './StorePage.tsx';
import { Withdrawals } from './Withdrawals.tsx';

const PAGE = 30;

export function Balance() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: ['merchant', 'balance', store.id, offset],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/balance', { params: { path: { storeId: store.id }, query: { limit: PAGE, offset } }, signal })),
  });
  return (
    <QueryBoundary query={query}>
      {(b) => (
        <>
          <section className="card" aria-labelledby="bal-h">
            <h2 id="bal-h">{t('orders.balance.title')}</h2>
            <div className="stats">
              <div className="stat stat--ok">
                <span className="stat__label">{t('orders.balance.balance')}</span>
                <span className="stat__value" data-testid="store-balance">{f.money(b.balance, b.currency)}</span>
                <span className="stat__note">{t('orders.balance.balanceNote')}</span>
              </div>
              <div className="stat">
                <span className="stat__label">{t('orders.balance.pending')}</span>
                <span className="stat__value">{f.money(b.pending.amount, b.currency)}</span>
                <span className="stat__note">{t('orders.balance.pendingNote', { count: b.pending.orders })}</span>
              </div>
              <div className="stat">
                <span className="stat__label">{t('orders.balance.settledOrders')}</span>
                <span className="stat__value">{f.number(b.settledOrders)}</span>
              </div>
            </div>
            <p className="muted small">{t('orders.balance.explain')}</p>
          </section>
          <Withdrawals />
          <section className="card" aria-labelledby="bal-ledger-h">
            <h2 id="bal-ledger-h">{t('orders.balance.ledger')}</h2>
            {b.entries.length === 0 ? (
              <EmptyState title={t('orders.balance.emptyTitle')}>{t('orders.balance.emptyText')}</EmptyState>
            ) : (
              <>
                <SettlementTable entries={b.entries} currency={b.currency} orderLink={(id) => `/merchant/stores/${store.id}/orders/${id}`} />
                <Pager offset={offset} pageSize={PAGE} shown={b.entries.length} total={b.total} onChange={setOffset} />
              </>
            )}
          </section>
        </>
      )}
    </QueryBoundary>
  );
}
