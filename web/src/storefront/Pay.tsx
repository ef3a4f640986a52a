// Paying one payment (orders of a checkout, or a deposit top-up): starts a prepay with the provider and sends the
// payer to its cashier (the sandbox cashier, or WeChat Pay's code to scan); "I have paid" asks the provider again.
import { QrCode } from '../components/QrCode.tsx';
import { useEffect, useRef } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { EmptyState, ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { client, data, idempotency } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { useIdempotencyKey, type Payment } from '../lib/orders.ts';

/** A path inside this app to go back to after paying, never another site. */
export function safeReturn(raw: string | null, fallback: string) {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : fallback;
}

/** Where a payment leads when the address does not say: a gift to the gifts (the payment does not name its gift), orders to the order list. */
function afterPaying(p: Payment | undefined) {
  if (p?.purpose === 'gift') return '/gifts';
  return '/orders';
}

export function Pay() {
  const { paymentId = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const key = ['payment', paymentId];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => data(client.GET('/api/payments/{paymentId}', { params: { path: { paymentId } }, signal })),
    // While waiting for WeChat Pay, look again now and then.
    refetchInterval: (q) => (q.state.data?.state === 'awaiting' && q.state.data.provider === 'wechatpay' ? 4000 : false),
  });
  const back = safeReturn(params.get('return'), afterPaying(query.data));
  const prepay = useMutation({
    mutationFn: () => {
      const body = { method: 'native' as const };
      return data(client.POST('/api/payments/{paymentId}/prepay', { params: { path: { paymentId } }, body, headers: idempotency(idem.keyFor({ paymentId, ...body })) }));
    },
    onSuccess: (p) => {
      if (p.cashierUrl) navigate(`${p.cashierUrl}${p.cashierUrl.includes('?') ? '&' : '?'}return=${encodeURIComponent(back)}`, { replace: true });
    },
  });
  const refresh = useMutation({
    mutationFn: () => data(client.POST('/api/payments/{paymentId}/refresh', { params: { path: { paymentId } } })),
    onSuccess: (p) => {
      qc.setQueryData(key, p);
      announce(p.state === 'paid' ? t('orders.pay.paidToast') : t('orders.pay.notYet'), p.state === 'paid' ? 'success' : 'info');
    },
  });

  // Start paying at once when the payment is open; once only, also under StrictMode's double effects.
  const started = useRef(false);
  const payment = query.data;
  const start = prepay.mutate;
  useEffect(() => {
    if (payment?.state === 'awaiting' && !started.current) {
      started.current = true;
      start();
    }
  }, [payment?.state, start]);

  if (query.isPending) return <Loading />;
  if (query.error || !payment) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;

  const amount = f.money(payment.amount, payment.currency);
  if (payment.state === 'paid')
    return (
      <EmptyState
        icon="✓"
        title={t('orders.pay.paidTitle', { amount })}
        action={
          <Link to={back} className="btn btn--primary">
            {t('orders.pay.continue')}
          </Link>
        }
      >
        {payment.paidAt && t('orders.pay.paidAt', { when: f.dateTime(payment.paidAt) })}
      </EmptyState>
    );
  if (payment.state === 'closed')
    return (
      <EmptyState
        icon="×"
        title={t('orders.pay.closedTitle')}
        action={
          <Link to={back} className="btn">
            {t('orders.pay.continue')}
          </Link>
        }
      >
        {t('orders.pay.closedText')}
      </EmptyState>
    );

  return (
    <section className="card pay" aria-labelledby="pay-h">
      <h1 id="pay-h" className="shop__title">
        {t('orders.pay.title')}
      </h1>
      <p className="pay__desc">{payment.purpose !== 'orders' ? t(`orders.cashier.purpose.${payment.purpose}`, { what: payment.description }) : payment.description}</p>
      <p className="pay__amount" data-testid="pay-amount">
        {amount}
      </p>
      <p className="muted small">{t('orders.pay.deadline', { when: f.dateTime(payment.expiresAt) })}</p>
      {prepay.isPending && <Loading label={t('orders.pay.starting')} />}
      <ProblemAlert error={prepay.error} />
      {prepay.data?.codeUrl && (
        <div className="pay__code">
          <p>{t('orders.pay.scan')}</p>
          <QrCode text={prepay.data.codeUrl} label={t('orders.pay.scan')} />
          <p className="mono pay__code-url">{prepay.data.codeUrl}</p>
        </div>
      )}
      <ProblemAlert error={refresh.error} />
      <div className="btn-col">
        {(prepay.isError || prepay.data?.cashierUrl) && (
          <button type="button" className="btn btn--primary btn--block" disabled={prepay.isPending} onClick={() => prepay.mutate()}>
            {t('orders.pay.payNow', { amount })}
          </button>
        )}
        <button type="button" className="btn btn--block" disabled={refresh.isPending} onClick={() => refresh.mutate()}>
          {refresh.isPending ? t('common.loading') : t('orders.pay.havePaid')}
        </button>
        <Link to={back} className="btn btn--ghost btn--block">
          {t('orders.pay.later')}
        </Link>
      </div>
    </section>
  );
}
