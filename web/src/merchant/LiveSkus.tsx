// The live SKUs of a product: one-click price change, stock adjustment, and each SKU's price history and stock flows.
// A role that may not change prices or stock does not get those buttons, and is told why.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { attrsLabel, type MerchantProduct, type MerchantSku, type PriceHistoryRow, type ProductRights, type StockFlow, type StockOp } from '../lib/catalog.ts';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { stateLabel } from '../lib/state-labels.ts';
import { fenToYuanText, parseMajorAmount, useFormat } from '../lib/format.ts';
import { FormActions } from '../components/FormActions.tsx';

type Mode = { kind: 'price' | 'memberPrice' | 'stock' | 'history'; sku: MerchantSku };

/** `lowStock`: the server's threshold (a SKU with at most this many left is highlighted). */
export function LiveSkus({ product, rights, lowStock }: { product: MerchantProduct; rights: ProductRights; lowStock: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [mode, setMode] = useState<Mode | null>(null);
  const label = (s: MerchantSku) => attrsLabel(s.attrs) || t('catalog.editor.single');
  return (
    <section className="card" aria-labelledby="live-skus-h">
      <h2 id="live-skus-h">{t('catalog.skus.title')}</h2>
      <p className="muted small">{t('catalog.skus.text')}</p>
      {!rights.price && <p className="muted small">{t('catalog.rights.price')}</p>}
      {!rights.stock && <p className="muted small">{t('catalog.rights.stock')}</p>}
      <div className="table-wrap">
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">{t('catalog.editor.sku')}</th>
              <th scope="col" className="num">
                {t('catalog.merchant.price')}
              </th>
              <th scope="col" className="num">
                {t('catalog.skus.memberPrice')}
              </th>
              <th scope="col" className="num">
                {t('catalog.merchant.stock')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {product.skus.map((s) => (
              <tr key={s.id} className={s.stock <= lowStock ? 'is-low' : undefined}>
                <th scope="row">{label(s)}</th>
                <td className="num" data-label={t('catalog.merchant.price')}>
                  {f.money(s.price, s.currency)}
                </td>
                <td className="num" data-label={t('catalog.skus.memberPrice')}>
                  {s.memberPrice === null ? <span className="muted">{t('catalog.skus.noMemberPrice')}</span> : f.money(s.memberPrice, s.currency)}
                </td>
                <td className="num" data-label={t('catalog.merchant.stock')}>
                  {f.number(s.stock)}
                </td>
                <td className="actions-cell">
                  <div className="btn-row btn-row--tight">
                    {rights.price && (
                      <button type="button" className="btn btn--sm" aria-label={t('catalog.skus.changePriceOf', { sku: label(s) })} onClick={() => setMode({ kind: 'price', sku: s })}>
                        {t('catalog.skus.changePrice')}
                      </button>
                    )}
                    {rights.price && (
                      <button type="button" className="btn btn--sm" aria-label={t('catalog.skus.setMemberPriceOf', { sku: label(s) })} onClick={() => setMode({ kind: 'memberPrice', sku: s })}>
                        {t('catalog.skus.setMemberPrice')}
                      </button>
                    )}
                    {rights.stock && (
                      <button type="button" className="btn btn--sm" aria-label={t('catalog.skus.adjustStockOf', { sku: label(s) })} onClick={() => setMode({ kind: 'stock', sku: s })}>
                        {t('catalog.skus.adjustStock')}
                      </button>
                    )}
                    <button type="button" className="btn btn--ghost btn--sm" aria-label={t('catalog.skus.historyOf', { sku: label(s) })} onClick={() => setMode({ kind: 'history', sku: s })}>
                      {t('catalog.skus.history')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog open={!!mode} wide={mode?.kind === 'history'} title={mode ? `${t(`catalog.skus.${mode.kind === 'price' ? 'changePrice' : mode.kind === 'memberPrice' ? 'setMemberPrice' : mode.kind === 'stock' ? 'adjustStock' : 'history'}`)} · ${label(mode.sku)}` : ''} onClose={() => setMode(null)}>
        {mode?.kind === 'price' && <PriceForm product={product} sku={mode.sku} onDone={() => setMode(null)} />}
        {mode?.kind === 'memberPrice' && <MemberPriceForm product={product} sku={mode.sku} onDone={() => setMode(null)} />}
        {mode?.kind === 'stock' && <StockForm product={product} sku={mode.sku} onDone={() => setMode(null)} />}
        {mode?.kind === 'history' && <History storeId={product.storeId} sku={mode.sku} />}
      </Dialog>
    </section>
  );
}

function useRefresh(product: MerchantProduct) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['merchant', 'product', product.storeId, product.id] });
    void qc.invalidateQueries({ queryKey: ['merchant', 'products', product.storeId] });
    void qc.invalidateQueries({ queryKey: ['merchant', 'sku', product.storeId] });
  };
}

function PriceForm({ product, sku, onDone }: { product: MerchantProduct; sku: MerchantSku; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const announce = useAnnounce();
  const refresh = useRefresh(product);
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const m = useMutation({
    mutationFn: (price: number) => data(client.PUT('/api/merchant/stores/{storeId}/skus/{skuId}/price', { params: { path: { storeId: product.storeId, skuId: sku.id } }, body: { price } })),
    onSuccess: (_r, price) => {
      announce(t('catalog.skus.priceChanged', { price: f.money(price, sku.currency) }));
      refresh();
      onDone();
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const price = parseMajorAmount(text);
    setInvalid(!price);
    if (price) m.mutate(price);
  }
  return (
    <form className="form" onSubmit={submit}>
      <p>{t('catalog.skus.current', { price: f.money(sku.price, sku.currency) })}</p>
      <Field label={t('catalog.skus.newPrice')} error={invalid ? t('common.amountInvalid') : undefined}>
        {(p) => <input {...p} inputMode="decimal" required autoFocus value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <ProblemAlert error={m.error} />
      <FormActions busy={m.isPending} label={t('catalog.skus.savePrice')} onCancel={onDone} />
    </form>
  );
}

/** The member price of a SKU: set (at most the list price: the API answers 422 member_price_above_price), changed or removed (empty). */
function MemberPriceForm({ product, sku, onDone }: { product: MerchantProduct; sku: MerchantSku; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const announce = useAnnounce();
  const refresh = useRefresh(product);
  const [text, setText] = useState(sku.memberPrice === null ? '' : fenToYuanText(sku.memberPrice));
  const [invalid, setInvalid] = useState(false);
  const m = useMutation({
    mutationFn: (memberPrice: number | null) =>
      data(client.PUT('/api/merchant/stores/{storeId}/skus/{skuId}/member-price', { params: { path: { storeId: product.storeId, skuId: sku.id } }, body: { memberPrice } })),
    onSuccess: (r) => {
      announce(r.memberPrice === null ? t('catalog.skus.memberPriceCleared') : t('catalog.skus.memberPriceSaved', { price: f.money(r.memberPrice, sku.currency) }));
      refresh();
      onDone();
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return m.mutate(null);
    const price = parseMajorAmount(text);
    setInvalid(!price);
    if (price) m.mutate(price);
  }
  return (
    <form className="form" onSubmit={submit}>
      <p>{t('catalog.skus.memberPriceHelp', { price: f.money(sku.price, sku.currency) })}</p>
      <Field label={t('catalog.skus.newMemberPrice')} error={invalid ? t('common.amountInvalid') : undefined}>
        {(p) => <input {...p} inputMode="decimal" autoFocus value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <ProblemAlert error={m.error} />
      <FormActions busy={m.isPending} label={t('catalog.skus.saveMemberPrice')} onCancel={onDone} />
    </form>
  );
}

function StockForm({ product, sku, onDone }: { product: MerchantProduct; sku: MerchantSku; onDone: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const refresh = useRefresh(product);
  const [op, setOp] = useState<StockOp>('add');
  const [qty, setQty] = useState('');
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: () =>
      data(client.POST('/api/merchant/stores/{storeId}/skus/{skuId}/stock', { params: { path: { storeId: product.storeId, skuId: sku.id } }, body: { op, quantity: Number(qty), note: note.trim() || undefined } })),
    onSuccess: (r) => {
      announce(t('catalog.skus.stockChanged', { count: r.stock }));
      refresh();
      onDone();
    },
  });
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
    >
      <p>{t('catalog.skus.currentStock', { count: sku.stock })}</p>
      <Field label={t('catalog.skus.op')}>
        {(p) => (
          <select {...p} value={op} onChange={(e) => setOp(e.target.value as StockOp)}>
            <option value="add">{t('catalog.skus.ops.add')}</option>
            <option value="subtract">{t('catalog.skus.ops.subtract')}</option>
            <option value="set">{t('catalog.skus.ops.set')}</option>
          </select>
        )}
      </Field>
      <Field label={t('catalog.skus.quantity')}>
        {(p) => <input {...p} type="number" min={0} max={10000000} step={1} required value={qty} onChange={(e) => setQty(e.target.value)} />}
      </Field>
      <Field label={t('catalog.skus.note')} optional optionalText={t('common.optional')}>
        {(p) => <input {...p} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <ProblemAlert error={m.error} />
      <FormActions busy={m.isPending} onCancel={onDone} />
    </form>
  );
}

function History({ storeId, sku }: { storeId: string; sku: MerchantSku }) {
  const { t } = useTranslation();
  const f = useFormat();
  const prices = useQuery({ queryKey: ['merchant', 'sku', storeId, sku.id, 'prices'], queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/price-history', { params: { path: { storeId }, query: { skuId: sku.id, limit: 50 } }, signal })) });
  const flows = useQuery({ queryKey: ['merchant', 'sku', storeId, sku.id, 'flows'], queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/stock-flows', { params: { path: { storeId }, query: { skuId: sku.id, limit: 50 } }, signal })) });
  const priceColumns: Column<PriceHistoryRow>[] = [
    { header: t('catalog.skus.when'), cell: (r) => f.dateTime(r.at) },
    { header: t('catalog.bulk.old'), num: true, cell: (r) => f.money(r.oldPrice, sku.currency) },
    { header: t('catalog.bulk.new'), num: true, cell: (r) => f.money(r.newPrice, sku.currency) },
    { header: t('catalog.skus.by'), cell: (r) => r.actorName ?? '—' },
  ];
  const flowColumns: Column<StockFlow>[] = [
    { header: t('catalog.skus.when'), cell: (r) => f.dateTime(r.at) },
    { header: t('catalog.skus.delta'), num: true, cell: (r) => (r.delta > 0 ? `+${f.number(r.delta)}` : f.number(r.delta)) },
    { header: t('catalog.skus.after'), num: true, cell: (r) => f.number(r.stockAfter) },
    {
      header: t('catalog.skus.reason'),
      cell: (r) => (
        <>
          {stateLabel(t, 'StockReason', r.reason)}
          {r.note ? ` · ${r.note}` : ''}
        </>
      ),
    },
  ];
  return (
    <div className="history">
      <h3>{t('catalog.skus.priceHistory')}</h3>
      <QueryBoundary query={prices}>
        {(rows) => (rows.length === 0 ? <EmptyState title={t('catalog.skus.noPriceHistory')} /> : <DataTable rows={rows} rowKey={(r) => r.id} columns={priceColumns} stack={false} className="table--compact" />)}
      </QueryBoundary>
      <h3>{t('catalog.skus.stockFlows')}</h3>
      <QueryBoundary query={flows}>
        {(rows) => (rows.length === 0 ? <EmptyState title={t('catalog.skus.noFlows')} /> : <DataTable rows={rows} rowKey={(r) => r.id} columns={flowColumns} stack={false} className="table--compact" />)}
      </QueryBoundary>
    </div>
  );
}
