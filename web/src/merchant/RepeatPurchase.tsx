// Repeat purchase on the service-account page: the store's repeat-purchase rate and each bought product's (with its
// repurchase cycle), and a coupon for the lapsed buyers of a product (how many it would reach shown first; each buyer
// once per coupon) with the progress of those sent.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { CardSection } from '../components/CardSection.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Field } from '../components/Field.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { client, data, type Schemas } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

type Rates = Schemas['RepeatPurchase'];

export function RepeatPurchase({ storeId, canSend }: { storeId: string; canSend: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rates = useQuery({
    queryKey: ['service', storeId, 'repeat-purchase'],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/repeat-purchase', { params: { path: { storeId } }, signal })),
  });
  const pct = (rate: number) => f.percent(Math.round(rate * 1000) / 10);
  return (
    <CardSection id="repeat-h" title={t('service.console.repeat')} intro={rates.data && rates.data.store.buyers > 0
      ? t('service.console.repeatStore', { repeat: rates.data.store.repeatBuyers, buyers: rates.data.store.buyers, rate: pct(rates.data.store.rate) })
      : t('service.console.repeatNone')}>
      <QueryBoundary query={rates}>
        {(r) => r.products.length === 0 ? <EmptyState title={t('service.console.repeatNone')} /> : (
          <>
            <DataTable rows={r.products} rowKey={(p) => p.productId} caption={t('service.console.repeat')} rowTestId="repeat-row"
              columns={[
                { header: t('service.console.repeatProduct'), rowHeader: true, cell: (p) => p.title },
                { header: t('service.console.repeatBuyers'), num: true, cell: (p) => p.buyers },
                { header: t('service.console.repeatAgain'), num: true, cell: (p) => p.repeatBuyers },
                { header: t('service.console.repeatRate'), num: true, cell: (p) => pct(p.rate) },
                { header: t('service.console.cycle'), cell: (p) => p.repurchaseCycleDays ? t('service.console.cycleDays', { count: p.repurchaseCycleDays }) : t('service.console.noCycle') },
              ]} />
            <LapsedCoupon storeId={storeId} products={r.products} canSend={canSend} />
          </>
        )}
      </QueryBoundary>
    </CardSection>
  );
}

function LapsedCoupon({ storeId, products, canSend }: { storeId: string; products: Rates['products']; canSend: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [productId, setProductId] = useState('');
  const [days, setDays] = useState('60');
  const [couponId, setCouponId] = useState('');
  const n = Number(days);
  const validDays = Number.isInteger(n) && n >= 1 && n <= 3650;
  const coupons = useQuery({
    queryKey: ['service', storeId, 'active-coupons'],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/coupons', { params: { path: { storeId }, query: { state: 'active', limit: 100 } }, signal })),
  });
  const sendable = (coupons.data?.items ?? []).filter((c) => c.audience !== 'signup_gift');
  const audience = useQuery({
    queryKey: ['service', storeId, 'lapsed', productId, n, couponId],
    enabled: !!productId && validDays,
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/lapsed-buyers', { params: { path: { storeId }, query: { productId, days: n, ...(couponId ? { couponId } : {}) } }, signal })),
  });
  const sends = useQuery({
    queryKey: ['service', storeId, 'lapsed-sends'],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/lapsed-buyers/coupons', { params: { path: { storeId } }, signal })),
    refetchInterval: (q) => (q.state.data?.some((s) => s.pending > 0) ? 3_000 : false),
  });
  const send = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/lapsed-buyers/coupons', { params: { path: { storeId } }, body: { productId, days: n, couponId } })),
    onSuccess: (r) => {
      announce(t('service.console.lapsedQueued', { count: r.queued }));
      void qc.invalidateQueries({ queryKey: ['service', storeId, 'lapsed'] });
      void qc.invalidateQueries({ queryKey: ['service', storeId, 'lapsed-sends'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (productId && couponId && validDays) send.mutate();
  };
  return (
    <section aria-labelledby="lapsed-h">
      <h3 id="lapsed-h">{t('service.console.lapsed')}</h3>
      <p className="muted small">{t('service.console.lapsedHint')}</p>
      {canSend && (
        <form onSubmit={submit}>
          <Field label={t('service.console.lapsedProduct')}>
            {(p) => (
              <select {...p} value={productId} onChange={(e) => setProductId(e.target.value)}>
                <option value="">{t('service.console.choose')}</option>
                {products.map((x) => <option key={x.productId} value={x.productId}>{x.title}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('service.console.lapsedDays')}>
            {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />}
          </Field>
          <Field label={t('service.console.lapsedCoupon')} hint={coupons.data && sendable.length === 0 ? t('service.console.lapsedNoCoupons') : undefined}>
            {(p) => (
              <select {...p} value={couponId} onChange={(e) => setCouponId(e.target.value)}>
                <option value="">{t('service.console.choose')}</option>
                {sendable.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
              </select>
            )}
          </Field>
          {audience.data && <p role="status" data-testid="lapsed-audience">{t('service.console.lapsedAudience', { lapsed: audience.data.lapsed, count: audience.data.audience })}</p>}
          <ProblemAlert error={send.error ?? audience.error} />
          <button type="submit" className="btn btn--primary" disabled={send.isPending || !productId || !couponId || !validDays || audience.data?.audience === 0}>{t('service.console.lapsedSend')}</button>
        </form>
      )}
      {sends.data && sends.data.length > 0 && (
        <DataTable rows={sends.data} rowKey={(s) => `${s.couponId}:${s.productId}`} caption={t('service.console.lapsedSends')}
          columns={[
            { header: t('service.console.lapsedCoupon'), rowHeader: true, cell: (s) => s.couponTitle },
            { header: t('service.console.lapsedProduct'), cell: (s) => s.productTitle },
            { header: t('service.console.progress'), cell: (s) => t('service.console.lapsedProgress', { sent: s.sent, skipped: s.skipped, pending: s.pending }) },
          ]} />
      )}
    </section>
  );
}
