// Refunds waiting for the operator: shipping fee refunds WeChat Pay refused for good, and profit-sharing returns it
// refused (the refund of a shared order waits until the store's share is taken back). Each can be sent again.
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { shortId } from '../lib/orders.ts';
import { DataTable, type Column } from '../components/DataTable.tsx';

const key = ['operator', 'refunds-waiting'] as const;
const LIMIT = 100;

/** How many refunds wait for the operator (the navigation's count). */
export function useRefundsWaitingCount() {
  const fees = useQuery({ queryKey: [...key, 'fees', 'count'], queryFn: ({ signal }) => data(client.GET('/api/operator/shipping-fee-refunds', { params: { query: { limit: 1 } }, signal })), refetchInterval: 60_000 });
  const returns = useQuery({ queryKey: [...key, 'returns', 'count'], queryFn: ({ signal }) => data(client.GET('/api/operator/profit-sharing-returns', { params: { query: { limit: 1 } }, signal })), refetchInterval: 60_000 });
  const n = (fees.data?.total ?? 0) + (returns.data?.total ?? 0);
  return n || undefined;
}

export function RefundsWaiting() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const fees = useQuery({ queryKey: [...key, 'fees'], queryFn: ({ signal }) => data(client.GET('/api/operator/shipping-fee-refunds', { params: { query: { limit: LIMIT } }, signal })) });
  const returns = useQuery({ queryKey: [...key, 'returns'], queryFn: ({ signal }) => data(client.GET('/api/operator/profit-sharing-returns', { params: { query: { limit: LIMIT } }, signal })) });
  const retryFee = useMutation({
    mutationFn: (orderId: string) => data(client.POST('/api/operator/orders/{orderId}/retry-shipping-fee-refund', { params: { path: { orderId } } })).then(() => orderId),
    onSuccess: (orderId) => {
      announce(t('profitSharing.desk.feeRetried', { no: shortId(orderId) }));
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const retryReturn = useMutation({
    mutationFn: (r: { outReturnNo: string; orderId: string }) => data(client.POST('/api/operator/profit-sharing-returns/{outReturnNo}/retry', { params: { path: { outReturnNo: r.outReturnNo } } })).then(() => r),
    onSuccess: (r) => {
      announce(t('profitSharing.desk.returnRetried', { no: shortId(r.orderId) }));
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <>
      <PageHeader title={t('profitSharing.desk.title')} subtitle={t('profitSharing.desk.subtitle')} />
      <section className="card" aria-labelledby="rw-fees-h">
        <h2 id="rw-fees-h">{t('profitSharing.desk.fees')}</h2>
        <p className="muted small">{t('profitSharing.desk.feesText')}</p>
        <ProblemAlert error={retryFee.error} />
        <QueryBoundary query={fees}>
          {(page) => page.items.length === 0 ? <EmptyState icon="✓" title={t('profitSharing.desk.feesEmpty')} /> : (
            <WaitingTable testId="fee-refund-row" pending={retryFee.isPending} rows={page.items.map((r) => ({
              key: r.orderId, orderId: r.orderId, at: r.requestedAt, storeId: r.storeId, storeName: r.storeName, amount: r.amount, currency: r.currency,
              answer: r.lastError, retryLabel: t('profitSharing.desk.retryFee', { no: shortId(r.orderId) }), retry: () => retryFee.mutate(r.orderId),
            }))} />
          )}
        </QueryBoundary>
      </section>
      <section className="card" aria-labelledby="rw-returns-h">
        <h2 id="rw-returns-h">{t('profitSharing.desk.returns')}</h2>
        <p className="muted small">{t('profitSharing.desk.returnsText')}</p>
        <ProblemAlert error={retryReturn.error} />
        <QueryBoundary query={returns}>
          {(page) => page.items.length === 0 ? <EmptyState icon="✓" title={t('profitSharing.desk.returnsEmpty')} /> : (
            <WaitingTable testId="return-row" pending={retryReturn.isPending} rows={page.items.map((r) => ({
              key: r.outReturnNo, orderId: r.orderId, at: r.createdAt, storeId: r.storeId, storeName: r.storeName, account: r.returnAccount, amount: r.amount, currency: r.currency,
              answer: r.failReason ? t(`profitSharing.failReason.${r.failReason}`, { defaultValue: t('withdrawals.failReason.other', { code: r.failReason }) }) : null,
              retryLabel: t('profitSharing.desk.retryReturn', { no: shortId(r.orderId) }), retry: () => retryReturn.mutate(r),
            }))} />
          )}
        </QueryBoundary>
      </section>
    </>
  );
}

type WaitingRow = {
  key: string; orderId: string; at: string; storeId: string; storeName: string; account?: string; amount: number; currency: string;
  answer: string | null; retryLabel: string; retry: () => void;
};

/** One list of refused money movements: order, store, amount, what WeChat Pay said, and "Send again". */
function WaitingTable({ rows, testId, pending }: { rows: WaitingRow[]; testId: string; pending: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const columns: Column<WaitingRow>[] = [
    { header: t('profitSharing.desk.order'), rowHeader: true, cell: (r) => <><span className="mono">{shortId(r.orderId)}</span><span className="sub">{f.dateTime(r.at)}</span></> },
    { header: t('withdrawals.store'), cell: (r) => <><Link to={`/operator/stores/${r.storeId}`}>{r.storeName}</Link>{r.account && <span className="sub mono">{r.account}</span>}</> },
    { header: t('withdrawals.amount'), num: true, cell: (r) => f.money(r.amount, r.currency) },
    { header: t('profitSharing.desk.answer'), cell: (r) => (r.answer ? <span className="small">{r.answer}</span> : '—') },
    {
      header: t('common.actions'), actions: true,
      cell: (r) => <button type="button" className="btn btn--primary btn--sm" disabled={pending} onClick={r.retry} aria-label={r.retryLabel}>{t('profitSharing.desk.retry')}</button>,
    },
  ];
  return <DataTable rows={rows} rowKey={(r) => r.key} columns={columns} rowTestId={testId} />;
}
