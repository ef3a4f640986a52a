// The store's withdrawals on its Balance page: what it may withdraw now and the form to do it, the account the money
// is paid to (registered with WeChat Pay as a profit-sharing receiver), and the withdrawals with their timelines.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { Field } from '../components/Field.tsx';
import { ListPage, type Column } from '../components/list/ListPage.tsx';
import { usePagedList } from '../components/list/useList.ts';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { FactList } from '../components/StoreFacts.tsx';
import { WithdrawalStateBadge, WithdrawalTimeline } from '../components/WithdrawalParts.tsx';
import { ApiError, client, data, idempotency, type Schemas } from '../lib/api.ts';
import { parseMajorAmount, useFormat } from '../lib/format.ts';
import { shortId, useIdempotencyKey } from '../lib/orders.ts';
import { can } from '../lib/permissions.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { RECEIVER_TONES, RECEIVER_TYPES, type Withdrawal, type WithdrawalReceiver } from '../lib/withdrawals.ts';
import { useStoreContext } from './StorePage.tsx';

const PAGE = 20;
const key = (storeId: string) => ['merchant', 'withdrawals', storeId] as const;
type Summary = Schemas['StoreWithdrawals'];

export function Withdrawals() {
  const { store } = useStoreContext();
  const summary = useQuery({
    queryKey: [...key(store.id), 'summary'],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/withdrawals', { params: { path: { storeId: store.id }, query: { limit: 1 } }, signal })),
    // Something waiting or on its way: look again now and then until it is final.
    refetchInterval: (q) => (q.state.data?.items.some((w) => w.state === 'requested' || w.state === 'approved' || w.state === 'paying') || q.state.data?.receiver?.state === 'pending' ? 5000 : false),
  });
  const mayWithdraw = can(store, 'finance.withdraw');
  // The list follows what the summary learns (a withdrawal paid meanwhile).
  const qc = useQueryClient();
  const seen = summary.dataUpdatedAt;
  useEffect(() => {
    if (seen) void qc.invalidateQueries({ queryKey: [...key(store.id), 'list'] });
  }, [seen, qc, store.id]);
  return (
    <QueryBoundary query={summary}>
      {(s) => (
        <>
          <WithdrawCard storeId={store.id} s={s} mayWithdraw={mayWithdraw} />
          <ReceiverCard storeId={store.id} receiver={s.receiver} mayChange={mayWithdraw} />
          <WithdrawalList storeId={store.id} />
        </>
      )}
    </QueryBoundary>
  );
}

function WithdrawCard({ storeId, s, mayWithdraw }: { storeId: string; s: Summary; mayWithdraw: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const amount = parseMajorAmount(text);
  // What the profit-sharing ratio lets through today, never more than the balance (the server says the same: 409 withdrawal_above_withdrawable).
  const max = s.withdrawableNow;
  const problem = amount === null || amount <= 0 ? t('common.amountInvalid') : amount > max ? t('profitSharing.amountMax', { max: f.money(max, s.currency) }) : null;
  const ratio = f.bp(s.profitSharingMaxBp);
  const create = useMutation({
    mutationFn: () => {
      const body = { amount: amount! };
      return data(client.POST('/api/merchant/stores/{storeId}/withdrawals', { params: { path: { storeId } }, body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (w) => {
      idem.done();
      setText('');
      setTouched(false);
      announce(t('withdrawals.done', { amount: f.money(w.amount, w.currency) }));
      void qc.invalidateQueries({ queryKey: key(storeId) });
      void qc.invalidateQueries({ queryKey: ['merchant', 'balance', storeId] });
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!problem) create.mutate();
  }
  return (
    <section className="card" aria-labelledby="wd-h">
      <h2 id="wd-h">{t('withdrawals.title')}</h2>
      <div className="stats">
        <div className="stat">
          <span className="stat__label">{t('profitSharing.settled')}</span>
          <span className="stat__value" data-testid="withdrawable">{f.money(s.available, s.currency)}</span>
          <span className="stat__note">{t('withdrawals.availableNote')}</span>
        </div>
        <div className="stat stat--ok">
          <span className="stat__label">{t('profitSharing.withdrawableNow')}</span>
          <span className="stat__value" data-testid="withdrawable-now">{f.money(max, s.currency)}</span>
          <span className="stat__note">{t('profitSharing.withdrawableNowNote', { ratio })}</span>
        </div>
      </div>
      {max < s.available && <p className="muted small" data-testid="withdrawable-why">{t('profitSharing.why', { ratio, now: f.money(max, s.currency), rest: f.money(s.available - max, s.currency) })}</p>}
      <p className="muted small">{t('withdrawals.autoLimit', { limit: f.money(s.autoLimit, s.currency) })}</p>
      {!mayWithdraw ? null : !s.receiver ? (
        <p className="muted">{t('withdrawals.noReceiver')}</p>
      ) : s.available <= 0 ? (
        <p className="muted">{t('withdrawals.nothing')}</p>
      ) : max <= 0 ? (
        <p className="muted">{t('profitSharing.nothingNow')}</p>
      ) : (
        <form className="form form--inline" onSubmit={submit} noValidate>
          <ProblemAlert error={create.error} />
          <Field label={t('withdrawals.amount')} hint={t('withdrawals.amountHint', { max: f.money(max, s.currency) })} error={touched ? (problem ?? undefined) : undefined}>
            {(p) => <input {...p} inputMode="decimal" autoComplete="off" required value={text} onChange={(e) => setText(e.target.value)} onBlur={() => setTouched(true)} />}
          </Field>
          <div className="btn-row">
            <button type="submit" className="btn btn--primary" disabled={create.isPending}>
              {create.isPending ? t('common.saving') : amount && amount > 0 ? t('withdrawals.submit', { amount: f.money(amount, s.currency) }) : t('withdrawals.button')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function ReceiverCard({ storeId, receiver, mayChange }: { storeId: string; receiver: WithdrawalReceiver | null; mayChange: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <section className="card" aria-labelledby="wd-rcv-h">
      <div className="card__head">
        <h2 id="wd-rcv-h">{t('withdrawals.receiver.title')}</h2>
        {receiver && mayChange && !editing && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(true)}>
            {t('withdrawals.receiver.change')}
          </button>
        )}
      </div>
      <p className="muted small">{t('withdrawals.receiver.intro')}</p>
      {receiver ? (
        <FactList
          rows={[
            [t('withdrawals.receiver.type'), stateLabel(t, 'ReceiverType', receiver.type)],
            [t('withdrawals.receiver.account'), <span className="mono" key="a">{receiver.account}</span>],
            ...(receiver.name ? [[t('withdrawals.receiver.name'), receiver.name] as [string, string]] : []),
            [t('withdrawals.status'), <span key="s" className={`badge badge--${RECEIVER_TONES[receiver.state]}`} data-testid="receiver-state">{stateLabel(t, 'ReceiverState', receiver.state)}</span>],
          ]}
        />
      ) : (
        <p>{t('withdrawals.receiver.none')}</p>
      )}
      {receiver?.state === 'failed' && receiver.lastError && <p className="alert alert--error" role="alert">{t('withdrawals.receiver.refused', { error: receiver.lastError })}</p>}
      {mayChange && (editing || !receiver) && <ReceiverForm storeId={storeId} receiver={receiver} onDone={() => setEditing(false)} />}
    </section>
  );
}

function ReceiverForm({ storeId, receiver, onDone }: { storeId: string; receiver: WithdrawalReceiver | null; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [type, setType] = useState<Schemas['ReceiverType']>(receiver?.type ?? 'MERCHANT_ID');
  const [account, setAccount] = useState(receiver?.account ?? '');
  const [name, setName] = useState(receiver?.name ?? '');
  const save = useMutation({
    mutationFn: () => data(client.PUT('/api/merchant/stores/{storeId}/withdrawal-receiver', { params: { path: { storeId } }, body: { type, account: account.trim(), name: name.trim() || null } })),
    onSuccess: () => {
      announce(t('withdrawals.receiver.saved'));
      void qc.invalidateQueries({ queryKey: key(storeId) });
      onDone();
    },
  });
  const fe = (field: string) => (save.error instanceof ApiError ? save.error.fieldError(field) : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ProblemAlert error={save.error} />
      <Field label={t('withdrawals.receiver.type')}>
        {(p) => (
          <select {...p} value={type} onChange={(e) => setType(e.target.value as Schemas['ReceiverType'])}>
            {RECEIVER_TYPES.map((v) => (
              <option key={v} value={v}>
                {stateLabel(t, 'ReceiverType', v)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('withdrawals.receiver.account')} hint={t('withdrawals.receiver.accountHint')} error={fe('account')}>
        {(p) => <input {...p} required maxLength={64} autoComplete="off" value={account} onChange={(e) => setAccount(e.target.value)} />}
      </Field>
      <Field label={t('withdrawals.receiver.name')} hint={t('withdrawals.receiver.nameHint')} error={fe('name')}>
        {(p) => <input {...p} required={type === 'MERCHANT_ID'} maxLength={100} autoComplete="organization" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <div className="btn-row">
        <button type="submit" className="btn btn--primary" disabled={save.isPending || !account.trim()}>
          {save.isPending ? t('common.saving') : t('withdrawals.receiver.save')}
        </button>
        {receiver && (
          <button type="button" className="btn btn--ghost" onClick={onDone}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function WithdrawalList({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const list = usePagedList<Withdrawal>(
    [...key(storeId), 'list'],
    async ({ limit, offset: from, signal }) => {
      const page = await data(client.GET('/api/merchant/stores/{storeId}/withdrawals', { params: { path: { storeId }, query: { limit, offset: from } }, signal }));
      return { rows: page.items, total: page.total };
    },
    { pageSize: PAGE, offset, setOffset },
  );
  const columns: Column<Withdrawal>[] = [
    { header: t('withdrawals.date'), rowHeader: true, cell: (w) => <>{f.dateTime(w.createdAt)}<span className="sub mono">{shortId(w.id)}</span></> },
    { header: t('withdrawals.amount'), num: true, cell: (w) => f.money(w.amount, w.currency) },
    { header: t('withdrawals.status'), cell: (w) => <span data-testid="withdrawal-state"><WithdrawalStateBadge state={w.state} /></span> },
    {
      header: t('withdrawals.show'),
      cell: (w) => (
        <details>
          <summary>{t('withdrawals.show')}</summary>
          <WithdrawalTimeline w={w} label={t('withdrawals.timelineTitle', { no: shortId(w.id) })} />
        </details>
      ),
    },
  ];
  return (
    <ListPage<Withdrawal>
      title={t('withdrawals.list')}
      frame={{ kind: 'card' }}
      list={list}
      count={(n) => t('withdrawals.desk.count', { count: n })}
      rowKey={(w) => w.id}
      columns={columns}
      empty={{ icon: '↗', title: t('withdrawals.emptyTitle'), text: t('withdrawals.emptyText') }}
      noMatch={null}
    />
  );
}
