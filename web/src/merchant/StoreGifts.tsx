// The store's gifts (/merchant/stores/:storeId/gifts): what buyers sent of its products and the store's own free
// gifts, with their state and claims; and sending a free gift (no payment, the store bears the cost) to a buyer.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.ts';
import { useAnnounce } from '../components/Announcer.tsx';
import { GiftStateBadge } from '../components/Badge.tsx';
import { CardSection } from '../components/CardSection.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { ApiError, client, data, idempotency, type Answer } from '../lib/api.ts';
import { attrsLabel, useListedProducts, useMerchantProduct } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { MESSAGE_MAX, messageLength } from '../lib/gifts.ts';
import { useIdempotencyKey } from '../lib/orders.ts';
import { useStoreContext } from './StorePage.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { can } from '../lib/permissions.ts';
import { stateLabel } from '../lib/state-labels.ts';

const giftsKey = (storeId: string) => ['merchant', 'gifts', storeId] as const;
type Gift = Answer<'/api/merchant/stores/{storeId}/gifts', 'get'>['items'][number];

export function StoreGifts() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const [sending, setSending] = useState(false);
  const query = useQuery({ queryKey: giftsKey(store.id), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/gifts', { params: { path: { storeId: store.id } }, signal })) });
  const columns: Column<Gift>[] = [
    { header: t('gifts.store.col.sent'), cell: (g) => f.dateTime(g.paidAt ?? g.createdAt) },
    {
      header: t('gifts.store.col.product'),
      cell: (g) => (
        <>
          {g.title}
          {Object.keys(g.attrs).length > 0 && <span className="sub">{attrsLabel(g.attrs)}</span>}
        </>
      ),
    },
    {
      header: t('gifts.store.col.kind'),
      cell: (g) => (
        <>
          {stateLabel(t, 'GiftKind', g.kind)}
          {g.source === 'merchant' && <span className="tag tag--accent">{t('gifts.store.free')}</span>}
          {g.channel === 'offline' && <span className="tag">{t('catalog.channel.offline')}</span>}
        </>
      ),
    },
    { header: t('gifts.store.col.state'), cell: (g) => <GiftStateBadge state={g.state} /> },
    {
      header: t('gifts.store.col.claims'),
      cell: (g) => (
        <>
          {t('gifts.share.claimedOf', { claimed: g.unitsClaimed, units: g.units })}
          {g.claims.length > 0 && <span className="sub">{g.claims.map((c) => c.claimantName).join(', ')}</span>}
        </>
      ),
    },
    { header: t('gifts.store.col.amount'), num: true, cell: (g) => f.money(g.amount, g.currency) },
  ];
  return (
    <CardSection
      id="store-gifts-h"
      title={t('gifts.store.title')}
      intro={t('gifts.store.intro')}
      actions={
        <div className="btn-row">
          <Link to={`/merchant/stores/${store.id}/gift-shops`} className="btn">
            {t('gifts.shops.title')}
          </Link>
          {can(store, 'gifts.manage') && (
            <button type="button" className="btn btn--primary" onClick={() => setSending(true)}>
              {t('gifts.free.title')}
            </button>
          )}
        </div>
      }
    >
      <QueryBoundary query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState icon="🎁" title={t('gifts.store.emptyTitle')}>
              {t('gifts.store.emptyText')}
            </EmptyState>
          ) : (
            <DataTable rows={items} rowKey={(g) => g.id} columns={columns} stack={false} className="table--compact" />
          )
        }
      </QueryBoundary>
      <Dialog open={sending} wide title={t('gifts.free.title')} onClose={() => setSending(false)}>
        {sending && <FreeGiftForm onDone={() => setSending(false)} />}
      </Dialog>
    </CardSection>
  );
}

function FreeGiftForm({ onDone }: { onDone: () => void }) {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const [productId, setProductId] = useState('');
  const [skuId, setSkuId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const [receiverName, setReceiverName] = useState('');
  const products = useListedProducts(store.id);
  const product = useMerchantProduct(store.id, productId);
  const send = useMutation({
    mutationFn: () => {
      const body = { skuId, quantity: Number(quantity), recipientEmail: email.trim(), message: message.trim(), ...(receiverName.trim() ? { receiverName: receiverName.trim() } : {}), cardLanguage: currentLang() };
      return data(client.POST('/api/merchant/stores/{storeId}/free-gifts', { params: { path: { storeId: store.id } }, body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: () => {
      idem.done();
      void qc.invalidateQueries({ queryKey: giftsKey(store.id) });
      announce(t('gifts.free.sent', { email: email.trim() }));
      onDone();
    },
  });
  const fe = (field: string) => (send.error instanceof ApiError ? send.error.fieldError(field) : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    send.mutate();
  }
  const skus = product.data?.skus ?? [];
  return (
    <form className="form" onSubmit={submit}>
      <p className="muted small">{t('gifts.free.intro')}</p>
      <ProblemAlert error={send.error ?? products.error} />
      <div className="form--pair">
        <Field label={t('gifts.store.col.product')}>
          {(p) => (
            <select
              {...p}
              required
              value={productId}
              onChange={(e) => {
                setProductId(e.target.value);
                setSkuId('');
              }}
            >
              <option value="">—</option>
              {(products.data ?? []).map((x) => (
                <option key={x.id} value={x.id}>
                  {x.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('catalog.editor.sku')} error={fe('skuId')}>
          {(p) => (
            <select {...p} required value={skuId} disabled={!productId || product.isPending} onChange={(e) => setSkuId(e.target.value)}>
              <option value="">—</option>
              {skus.map((s) => (
                <option key={s.id} value={s.id} disabled={s.stock === 0}>
                  {attrsLabel(s.attrs) || t('catalog.editor.single')} · {f.money(s.price, s.currency)} · {t('gifts.free.stock', { count: s.stock })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form--pair">
        <Field label={t('orders.cart.quantity')} error={fe('quantity')}>
          {(p) => <input {...p} type="number" required min={1} max={skus.find((s) => s.id === skuId)?.stock ?? 999} value={quantity} onChange={(e) => setQuantity(e.target.value)} />}
        </Field>
        <Field label={t('gifts.free.email')} hint={t('gifts.free.emailHint')} error={fe('recipientEmail')}>
          {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('gifts.send.receiverName')} optional optionalText={t('common.optional')}>
        {(p) => <input {...p} maxLength={40} value={receiverName} onChange={(e) => setReceiverName(e.target.value)} />}
      </Field>
      <Field label={t('gifts.send.message')} hint={t('gifts.send.counter', { n: messageLength(message), max: MESSAGE_MAX })} error={messageLength(message) > MESSAGE_MAX ? t('gifts.send.messageTooLong', { max: MESSAGE_MAX }) : fe('message')}>
        {(p) => <textarea {...p} rows={2} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      <FormActions busy={send.isPending} label={t('gifts.free.send')} onCancel={onDone} />
    </form>
  );
}
