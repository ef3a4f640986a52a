// The sandbox cashier: Trio's offline stand-in for WeChat Pay's payment page. The prepay id in the address is the
// capability (no sign-in). Pay sends a signed notification through the real verification path; fail and cancel
// let a tester try the unhappy paths.
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { Logo, SkipLink } from '../components/Shell.tsx';
import { ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import type { CashierView, TradeState } from '../lib/orders.ts';
import { safeReturn } from './Pay.tsx';

export function SandboxCashier() {
  const { prepayId = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const back = safeReturn(params.get('return'), '/orders');
  const key = ['sandbox-cashier', prepayId];
  const [notice, setNotice] = useState<'failed' | 'notifyFailed' | null>(null);
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/sandbox/cashier/{prepayId}', { params: { path: { prepayId } }, signal })) });
  const act = useMutation({
    mutationFn: (action: 'pay' | 'fail' | 'cancel'): Promise<{ tradeState: TradeState; notifyStatus?: number }> => {
      const path = { params: { path: { prepayId } } };
      if (action === 'pay') return data(client.POST('/api/sandbox/cashier/{prepayId}/pay', path));
      return action === 'fail' ? data(client.POST('/api/sandbox/cashier/{prepayId}/fail', path)) : data(client.POST('/api/sandbox/cashier/{prepayId}/cancel', path));
    },
    onSuccess: (r, action) => {
      qc.setQueryData<CashierView>(key, (v) => (v ? { ...v, tradeState: r.tradeState } : v));
      if (action === 'cancel') return navigate(back, { replace: true });
      if (action === 'fail') {
        setNotice('failed');
        return announce(t('orders.cashier.failedToast'), 'error');
      }
      void qc.invalidateQueries({ queryKey: ['payment'] });
      void qc.invalidateQueries({ queryKey: ['buyer'] });
      void qc.invalidateQueries({ queryKey: ['merchant'] });
      if (r.notifyStatus !== undefined && (r.notifyStatus < 200 || r.notifyStatus >= 300)) return setNotice('notifyFailed');
      announce(t('orders.cashier.paidToast'));
      navigate(back, { replace: true });
    },
  });

  return (
    <div className="cashier-page">
      <SkipLink />
      <header className="cashier-page__bar">
        <span className="brand">
          <Logo />
          <span className="brand__name">Trio</span>
          <span className="brand__area">{t('orders.cashier.area')}</span>
        </span>
        <LanguageSwitcher compact />
      </header>
      <main id="main" className="cashier-page__main" tabIndex={-1}>
        {query.isPending ? (
          <Loading />
        ) : query.error || !query.data ? (
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        ) : (
          <CashierCard view={query.data} busy={act.isPending ? act.variables : undefined} error={act.error} notice={notice} back={back} onAction={(a) => { setNotice(null); act.mutate(a); }} money={f.money} expires={query.data.timeExpire ? f.dateTime(query.data.timeExpire) : null} />
        )}
      </main>
    </div>
  );
}

function CashierCard({ view, busy, error, notice, back, onAction, money, expires }: {
  view: CashierView;
  busy?: 'pay' | 'fail' | 'cancel';
  error: unknown;
  notice: 'failed' | 'notifyFailed' | null;
  back: string;
  onAction: (a: 'pay' | 'fail' | 'cancel') => void;
  money: (minor: number, currency?: string) => string;
  expires: string | null;
}) {
  const { t } = useTranslation();
  const open = view.tradeState === 'NOTPAY' || view.tradeState === 'PAYERROR';
  return (
    <section className="card cashier" aria-labelledby="cashier-h">
      <p className="cashier__sandbox" role="note">
        {t('orders.cashier.sandboxNote')}
      </p>
      <h1 id="cashier-h" className="cashier__title">
        {t('orders.cashier.title')}
      </h1>
      <p className="cashier__desc">{view.purpose && view.purpose !== 'orders' ? t(`orders.cashier.purpose.${view.purpose}`, { what: view.description }) : view.description}</p>
      <p className="cashier__amount" data-testid="cashier-amount">
        {money(view.amount, view.currency)}
      </p>
      <dl className="facts facts--compact cashier__facts">
        <div>
          <dt>{t('orders.cashier.merchantNo')}</dt>
          <dd className="mono">{view.mchid}</dd>
        </div>
        <div>
          <dt>{t('orders.cashier.tradeNo')}</dt>
          <dd className="mono">{view.outTradeNo}</dd>
        </div>
        {expires && (
          <div>
            <dt>{t('orders.cashier.expires')}</dt>
            <dd>{expires}</dd>
          </div>
        )}
        <div>
          <dt>{t('orders.cashier.state')}</dt>
          <dd>{t(`orders.cashier.trade.${view.tradeState}`)}</dd>
        </div>
      </dl>
      <div aria-live="polite">
        {notice === 'failed' && (
          <p className="alert alert--error">
            <span className="alert__title">{t('orders.cashier.failedTitle')}</span>
            <span className="alert__detail">{t('orders.cashier.failedText')}</span>
          </p>
        )}
        {notice === 'notifyFailed' && (
          <p className="alert alert--warning">
            {t('orders.cashier.notifyFailed')} <Link to={back}>{t('orders.pay.continue')}</Link>
          </p>
        )}
      </div>
      <ProblemAlert error={error} />
      {open ? (
        <div className="btn-col">
          <button type="button" className="btn btn--primary btn--block cashier__pay" disabled={!!busy} onClick={() => onAction('pay')}>
            {busy === 'pay' ? t('orders.cashier.paying') : t('orders.cashier.pay', { amount: money(view.amount, view.currency) })}
          </button>
          <button type="button" className="btn btn--block" disabled={!!busy} onClick={() => onAction('fail')}>
            {t('orders.cashier.fail')}
          </button>
          <button type="button" className="btn btn--ghost btn--block" disabled={!!busy} onClick={() => onAction('cancel')}>
            {t('orders.cashier.cancel')}
          </button>
        </div>
      ) : (
        <div className="btn-col">
          <p className="muted">{view.tradeState === 'SUCCESS' ? t('orders.cashier.alreadyPaid') : t('orders.cashier.notOpen')}</p>
          <Link to={back} className="btn btn--primary btn--block">
            {t('orders.pay.continue')}
          </Link>
        </div>
      )}
    </section>
  );
}
