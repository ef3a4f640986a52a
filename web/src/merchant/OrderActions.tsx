// What a merchant does to an order: ship some or all of its items (carrier, tracking number), or lower its price
// before payment. Used by the order list and the order page.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { ApiError, client, data, idempotency } from '../lib/api.ts';
import { attrsLabel } from '../lib/catalog.ts';
import { parseMajorAmount, useFormat } from '../lib/format.ts';
import { CarrierFields, noParcel, parcelBody } from '../components/CarrierParts.tsx';
import { shortId, useIdempotencyKey, type OrderDetail, type OrderSummary } from '../lib/orders.ts';
import { toggled } from '../lib/sets.ts';


function useOrderSaved(storeId: string) {
  const qc = useQueryClient();
  return (o: OrderDetail) => {
    qc.setQueryData(['merchant', 'order', storeId, o.id], o);
    void qc.invalidateQueries({ queryKey: ['merchant', 'orders', storeId] });
    void qc.invalidateQueries({ queryKey: ['merchant', 'balance', storeId] });
  };
}

export type OrderAction = 'ship' | 'price';

/** Ships an order or lowers its price, in a dialog; closes itself when done. */
export function OrderActionDialog({ storeId, order, action, onClose }: { storeId: string; order: OrderSummary | null; action: OrderAction; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={!!order} title={order ? t(`orders.merchant.${action}.title`, { no: shortId(order.id) }) : ''} onClose={onClose}>
      {order && (action === 'ship' ? <ShipForm key={order.id} storeId={storeId} order={order} onClose={onClose} /> : <LowerPriceForm key={order.id} storeId={storeId} order={order} onClose={onClose} />)}
    </Dialog>
  );
}

function ShipForm({ storeId, order, onClose }: { storeId: string; order: OrderSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const saved = useOrderSaved(storeId);
  const idem = useIdempotencyKey();
  const waiting = order.items.filter((i) => i.state === 'awaiting_shipment');
  const [parcel, setParcel] = useState(noParcel);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(waiting.map((i) => i.id)));
  const all = chosen.size === waiting.length;
  const ship = useMutation({
    mutationFn: () => {
      const body = { ...parcelBody(parcel), ...(all ? {} : { itemIds: waiting.filter((i) => chosen.has(i.id)).map((i) => i.id) }) };
      return data(client.POST('/api/merchant/stores/{storeId}/orders/{orderId}/shipments', { params: { path: { storeId, orderId: order.id } }, body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (o) => {
      idem.done();
      saved(o);
      announce(all ? t('orders.merchant.ship.doneAll', { no: shortId(o.id) }) : t('orders.merchant.ship.donePart', { count: chosen.size, no: shortId(o.id) }));
      onClose();
    },
  });
  const fe = (f: string) => (ship.error instanceof ApiError ? ship.error.fieldError(f) : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (chosen.size > 0) ship.mutate();
  }
  const toggle = (id: string) => setChosen((s) => toggled(s, id));
  return (
    <form className="form" onSubmit={submit}>
      <ProblemAlert error={ship.error} />
      <fieldset className="ship-items">
        <legend>{t('orders.merchant.ship.items')}</legend>
        <ul className="check-list">
          {waiting.map((i) => (
            <li key={i.id}>
              <label className="check">
                <input type="checkbox" checked={chosen.has(i.id)} onChange={() => toggle(i.id)} />
                <span>
                  {i.title}
                  {Object.keys(i.attrs).length > 0 && <span className="sub">{attrsLabel(i.attrs)}</span>}
                </span>
                <span className="muted">× {i.quantity}</span>
              </label>
            </li>
          ))}
        </ul>
        {chosen.size === 0 && <p className="field__error">{t('orders.merchant.ship.chooseOne')}</p>}
        {chosen.size > 0 && !all && <p className="field__hint">{t('orders.merchant.ship.partHint', { count: waiting.length - chosen.size })}</p>}
      </fieldset>
      <CarrierFields value={parcel} onChange={setParcel} fieldError={fe} />
      <div className="btn-row">
        <button type="submit" className="btn btn--primary" disabled={ship.isPending || chosen.size === 0}>
          {ship.isPending ? t('common.saving') : all ? t('orders.merchant.ship.shipAll') : t('orders.merchant.ship.shipSome', { count: chosen.size })}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function LowerPriceForm({ storeId, order, onClose }: { storeId: string; order: OrderSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const announce = useAnnounce();
  const saved = useOrderSaved(storeId);
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const total = parseMajorAmount(text);
  const problem = total === null ? t('common.amountInvalid') : total <= 0 ? t('orders.merchant.price.positive') : total >= order.total ? t('orders.merchant.price.notLower', { total: f.money(order.total, order.currency) }) : null;
  const lower = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/orders/{orderId}/price', { params: { path: { storeId, orderId: order.id } }, body: { total: total! } })),
    onSuccess: (o) => {
      saved(o);
      announce(t('orders.merchant.price.done', { no: shortId(o.id), total: f.money(o.total, o.currency) }));
      onClose();
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!problem) lower.mutate();
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">{t('orders.merchant.price.text', { total: f.money(order.total, order.currency), items: f.money(order.itemsTotal, order.currency) })}</p>
      <ProblemAlert error={lower.error} />
      <Field label={t('orders.merchant.price.newTotal')} hint={!problem && total !== null ? t('orders.merchant.price.off', { amount: f.money(order.total - total, order.currency) }) : undefined} error={touched ? (problem ?? undefined) : undefined}>
        {(p) => <input {...p} inputMode="decimal" autoComplete="off" required value={text} onChange={(e) => setText(e.target.value)} onBlur={() => setTouched(true)} />}
      </Field>
      <div className="btn-row">
        <button type="submit" className="btn btn--primary" disabled={lower.isPending}>
          {lower.isPending ? t('common.saving') : t('orders.merchant.price.save')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
