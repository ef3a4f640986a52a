import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DepositSummary } from '../components/DepositSummary.tsx';
import { LedgerTable } from '../components/LedgerTable.tsx';
import { QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { useStoreContext } from './StorePage.tsx';
import { TopUpButton } from './TopUp.tsx';
import { can } from '../lib/permissions.ts';

export function StoreDeposit() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const query = useQuery({
    queryKey: ['merchant', 'deposit', store.id],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/deposit', { params: { path: { storeId: store.id } }, signal })),
  });
  const names = new Map(store.applications.map((a) => [a.categoryId, a.category.names]));
  return (
    <QueryBoundary query={query}>
      {(d) => (
        <>
          <section className="card" aria-labelledby="dep-h">
            <div className="card__head">
              <h2 id="dep-h">{t('deposit.title')}</h2>
              {can(store, 'deposits.pay') && <TopUpButton storeId={store.id} deposit={d} />}
            </div>
            <DepositSummary deposit={d} />
            <p className="muted small">{t('deposit.explain')}</p>
            {d.byCategory.length > 0 && (
              <div className="table-wrap">
                <table className="table table--compact">
                  <caption className="caption">{t('deposit.byCategory')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('store.categories.category')}</th>
                      <th scope="col" className="num">{t('deposit.required')}</th>
                      <th scope="col">{t('deposit.covered')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.byCategory.map((c) => (
                      <tr key={c.categoryId}>
                        <th scope="row">{f.name(names.get(c.categoryId))}</th>
                        <td className="num">{f.money(c.required, d.currency)}</td>
                        <td>{c.covered ? <span className="tag tag--success">{t('common.yes')}</span> : <span className="tag tag--danger">{t('deposit.notCovered')}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="ledger-h">
            <h2 id="ledger-h">{t('deposit.ledger')}</h2>
            <LedgerTable entries={d.ledger} currency={d.currency} />
          </section>
        </>
      )}
    </QueryBoundary>
  );
}
