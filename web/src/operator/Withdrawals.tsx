// The operator's withdrawal desk: stores' withdrawals by state (those above the automatic limit wait here for a
// decision, oldest asked first among the newest page), approved with one click or rejected with a reason (the amount
// goes back to the store's balance); the others can be followed until paid.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ListFilterBar, useListFilters } from '../components/Filters.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { ReasonForm } from '../components/ReasonForm.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { WithdrawalStateBadge, WithdrawalTimeline } from '../components/WithdrawalParts.tsx';
import { client, data, type Answer } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { shortId } from '../lib/orders.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { WITHDRAWAL_STATES, type WithdrawalState } from '../lib/withdrawals.ts';

const PAGE = 30;
export const withdrawalsKey = ['operator', 'withdrawals'] as const;
type Row = Answer<'/api/operator/withdrawals', 'get'>['items'][number];
type DeskState = WithdrawalState | 'open';
const DESK_STATES: readonly DeskState[] = ['requested', 'open', ...WITHDRAWAL_STATES.filter((s) => s !== 'requested')];

/** How many withdrawals wait for a decision (the navigation's count). */
export function useWithdrawalCount() {
  const q = useQuery({
    queryKey: [...withdrawalsKey, 'count'],
    queryFn: ({ signal }) => data(client.GET('/api/operator/withdrawals', { params: { query: { state: 'requested', limit: 1 } }, signal })),
    refetchInterval: 60_000,
  });
  return q.data?.total;
}

export function Withdrawals() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const filters = useListFilters<DeskState, 'requested'>(DESK_STATES, { fallback: 'requested' });
  const { state } = filters;
  const [rejecting, setRejecting] = useState<Row | null>(null);
  const list = usePagedList<Row>(
    [...withdrawalsKey, state],
    async ({ limit, offset, signal }) => {
      const page = await data(client.GET('/api/operator/withdrawals', { params: { query: { state, limit, offset } }, signal }));
      return { rows: page.items, total: page.total };
    },
    { pageSize: PAGE, offset: filters.offset, setOffset: filters.setOffset },
  );
  const decided = (message: string) => {
    announce(message);
    setRejecting(null);
    void qc.invalidateQueries({ queryKey: withdrawalsKey });
  };
  const approve = useMutation({
    mutationFn: (r: Row) => data(client.POST('/api/operator/withdrawals/{withdrawalId}/approve', { params: { path: { withdrawalId: r.id } } })),
    onSuccess: (w) => decided(t('withdrawals.desk.approved', { no: shortId(w.id) })),
  });
  const reject = useMutation({
    mutationFn: ({ r, reason }: { r: Row; reason: string }) => data(client.POST('/api/operator/withdrawals/{withdrawalId}/reject', { params: { path: { withdrawalId: r.id } }, body: { reason } })),
    onSuccess: (w) => decided(t('withdrawals.desk.rejected', { no: shortId(w.id) })),
  });
  const columns: Column<Row>[] = [
    { header: t('withdrawals.date'), rowHeader: true, cell: (r) => <>{f.dateTime(r.createdAt)}<span className="sub mono">{shortId(r.id)}</span></> },
    { header: t('withdrawals.store'), cell: (r) => <Link to={`/operator/stores/${r.storeId}`}>{r.storeName}</Link> },
    { header: t('withdrawals.amount'), num: true, cell: (r) => f.money(r.amount, r.currency) },
    {
      header: t('withdrawals.status'),
      cell: (r) => (
        <details>
          <summary><WithdrawalStateBadge state={r.state} /></summary>
          <WithdrawalTimeline w={r} label={t('withdrawals.timelineTitle', { no: shortId(r.id) })} />
        </details>
      ),
    },
    {
      header: t('common.actions'),
      actions: true,
      cell: (r) =>
        r.state === 'requested' ? (
          <div className="btn-row">
            <button type="button" className="btn btn--primary btn--sm" disabled={approve.isPending} onClick={() => approve.mutate(r)} aria-label={t('withdrawals.desk.approveOne', { no: shortId(r.id) })}>
              {t('withdrawals.desk.approve')}
            </button>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setRejecting(r)} aria-label={t('withdrawals.desk.rejectOne', { no: shortId(r.id) })}>
              {t('withdrawals.desk.reject')}
            </button>
          </div>
        ) : null,
    },
  ];
  return (
    <ListPage<Row>
      title={t('withdrawals.desk.title')}
      frame={{ kind: 'page', subtitle: t('withdrawals.desk.subtitle') }}
      intro={<ProblemAlert error={approve.error} />}
      filters={
        <ListFilterBar<DeskState, 'requested'>
          filters={filters}
          state={{ label: t('withdrawals.desk.filter'), segmented: true, options: DESK_STATES.map((s) => ({ value: s, label: s === 'open' ? t('withdrawals.desk.open') : stateLabel(t, 'WithdrawalState', s) })) }}
        />
      }
      list={list}
      count={(n) => t('withdrawals.desk.count', { count: n })}
      rowKey={(r) => r.id}
      columns={columns}
      empty={{ icon: '↗', title: t('withdrawals.desk.empty'), text: t('withdrawals.desk.emptyText') }}
      noMatch={null}
    >
      <Dialog open={!!rejecting} title={rejecting ? t('withdrawals.desk.rejectOne', { no: shortId(rejecting.id) }) : ''} onClose={() => setRejecting(null)}>
        {rejecting && (
          <>
            <ProblemAlert error={reject.error} />
            <ReasonForm
              label={t('withdrawals.desk.rejectReason')}
              hint={t('withdrawals.desk.rejectHint')}
              confirmLabel={t('withdrawals.desk.reject')}
              pending={reject.isPending}
              onConfirm={(reason) => reject.mutate({ r: rejecting, reason })}
              onCancel={() => setRejecting(null)}
            />
          </>
        )}
      </Dialog>
    </ListPage>
  );
}
