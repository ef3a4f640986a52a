// One product: its states and actions (submit for review, cancel review, delist, relist), the draft editor
// (title, description, category, attributes, SKU matrix with price and stock, images) and the live SKUs with
// one-click price change, stock adjustment, price history and stock flow log. A role without catalog.write sees the
// product and its draft read-only, told why; price and stock buttons follow prices.write and stock.write.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { ApiError, client, data } from '../lib/api.ts';
import { attrsLabel, comboKey, productRights, skuMatrix, thumbUrl, type Attribute, type DraftContent, type DraftInput, type MerchantProduct } from '../lib/catalog.ts';
import { fenToYuanText, parseMajorAmount, useFormat } from '../lib/format.ts';
import { useStoreContext } from './StorePage.tsx';
import { DraftBadge, LiveBadge } from './ProductBadges.tsx';
import { LiveSkus } from './LiveSkus.tsx';
import { GiftingSection } from './GiftingSection.tsx';
import { CustomisableSection } from './CustomisableSection.tsx';
import { RepurchaseCycleSection } from './RepurchaseCycle.tsx';
import { ImageUploadField } from './ImageUpload.tsx';

export const productKey = (storeId: string, id: string) => ['merchant', 'product', storeId, id] as const;

type Move = MerchantProduct['moves'][number];
/** Each move the server offers (`product.moves`), its address, button and announcement. */
const MOVES = {
  submit: { path: '/api/merchant/stores/{storeId}/products/{productId}/submit', label: 'catalog.editor.submit', done: 'catalog.editor.done.submit', className: 'btn btn--primary' },
  cancel_review: { path: '/api/merchant/stores/{storeId}/products/{productId}/cancel-review', label: 'catalog.editor.cancelReview', done: 'catalog.editor.done.cancel-review', className: 'btn' },
  delist: { path: '/api/merchant/stores/{storeId}/products/{productId}/delist', label: 'catalog.editor.delist', done: 'catalog.editor.done.delist', className: 'btn btn--danger-outline' },
  relist: { path: '/api/merchant/stores/{storeId}/products/{productId}/relist', label: 'catalog.editor.relist', done: 'catalog.editor.done.relist', className: 'btn' },
} as const satisfies Record<Move, { path: string; label: string; done: string; className: string }>;

export function ProductEditor() {
  const { productId } = useParams();
  const { store } = useStoreContext();
  const query = useQuery({
    queryKey: productKey(store.id, productId ?? 'new'),
    enabled: !!productId,
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products/{productId}', { params: { path: { storeId: store.id, productId: productId ?? '' } }, signal })),
  });
  if (!productId) return <EditorBody key="new" product={null} />;
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <EditorBody key={`${query.data.id}-${query.data.draft.updatedAt}`} product={query.data} />;
}

type AttrRow = { name: string; values: string };
type Cell = { price: string; stock: string };
type SkuFacts = { code: string; barcode: string; weight: string };
const NO_FACTS: SkuFacts = { code: '', barcode: '', weight: '' };
const splitValues = (s: string) =>
  s
    .split(/[,，、;；]/)
    .map((v) => v.trim())
    .filter(Boolean)
    .filter((v, i, a) => a.indexOf(v) === i);

function EditorBody({ product }: { product: MerchantProduct | null }) {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const rights = productRights(store);
  const approved = store.applications.filter((a) => a.status === 'approved');
  const c: DraftContent | null = product?.draft.content ?? null;
  const [title, setTitle] = useState(c?.title ?? '');
  const [description, setDescription] = useState(c?.description ?? '');
  const [categoryId, setCategoryId] = useState<number>(c?.categoryId ?? approved[0]?.categoryId ?? 0);
  const [attrs, setAttrs] = useState<AttrRow[]>(c?.attributes.length ? c.attributes.map((a) => ({ name: a.name, values: a.values.join(', ') })) : [{ name: '', values: '' }]);
  const [cells, setCells] = useState<Record<string, Cell>>(() => Object.fromEntries((c?.skus ?? []).map((s) => [comboKey(s.attrs), { price: fenToYuanText(s.price), stock: String(s.stock) }])));
  const [imageIds, setImageIds] = useState<string[]>(c?.imageIds ?? []);
  // Product data per SKU (code, barcode, grams) and the freight template: part of the draft, live when review passes.
  const [facts, setFacts] = useState<Record<string, SkuFacts>>(() => Object.fromEntries((c?.skus ?? []).map((s) => [comboKey(s.attrs), { code: s.code ?? '', barcode: s.barcode ?? '', weight: s.weight == null ? '' : String(s.weight) }])));
  const [freightTemplateId, setFreightTemplateId] = useState<string>(c?.freightTemplateId ?? '');
  const templates = useQuery({
    queryKey: ['merchant', 'freight-templates', store.id],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/freight-templates', { params: { path: { storeId: store.id } }, signal })),
  });
  const [formError, setFormError] = useState('');
  const base = `/merchant/stores/${store.id}/products`;

  // A live SKU keeps its price and stock when a draft passes: those change with the actions above, not here.
  const liveByKey = new Map((product?.skus ?? []).map((s) => [comboKey(s.attrs), s]));
  const attributes: Attribute[] = attrs.map((a) => ({ name: a.name.trim(), values: splitValues(a.values) })).filter((a) => a.name && a.values.length > 0);
  const matrix = skuMatrix(attributes);

  const save = useMutation({
    mutationFn: (body: DraftInput) =>
      product
        ? data(client.PUT('/api/merchant/stores/{storeId}/products/{productId}/draft', { params: { path: { storeId: store.id, productId: product.id } }, body }))
        : data(client.POST('/api/merchant/stores/{storeId}/products', { params: { path: { storeId: store.id } }, body })),
    onSuccess: (p) => {
      announce(t('catalog.editor.saved'));
      qc.setQueryData(productKey(store.id, p.id), p);
      void qc.invalidateQueries({ queryKey: ['merchant', 'products', store.id] });
      if (!product) navigate(`${base}/${p.id}`, { replace: true });
    },
  });
  const act = useMutation({
    mutationFn: (move: Move) => data(client.POST(MOVES[move].path, { params: { path: { storeId: store.id, productId: product?.id ?? '' } } })),
    onSuccess: (p, move) => {
      announce(t(MOVES[move].done));
      qc.setQueryData(productKey(store.id, p.id), p);
      void qc.invalidateQueries({ queryKey: ['merchant', 'products', store.id] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError('');
    const skus: DraftContent['skus'] = [];
    for (const combo of matrix) {
      const live = liveByKey.get(comboKey(combo));
      const x = facts[comboKey(combo)] ?? NO_FACTS;
      const weight = x.weight.trim() === '' ? null : Number(x.weight);
      if (weight !== null && (!Number.isInteger(weight) || weight < 0)) return setFormError(t('shipping.product.weight'));
      const extra = { code: x.code.trim() || null, barcode: x.barcode.trim() || null, weight };
      if (live) {
        skus.push({ attrs: combo, price: live.price, stock: live.stock, ...extra });
        continue;
      }
      const cell = cells[comboKey(combo)] ?? { price: '', stock: '' };
      const price = parseMajorAmount(cell.price);
      const stock = cell.stock.trim() === '' ? 0 : Number(cell.stock);
      if (!price) return setFormError(t('catalog.editor.priceInvalid', { sku: attrsLabel(combo) || t('catalog.editor.single') }));
      if (!Number.isInteger(stock) || stock < 0) return setFormError(t('catalog.editor.stockInvalid', { sku: attrsLabel(combo) || t('catalog.editor.single') }));
      skus.push({ attrs: combo, price, stock, ...extra });
    }
    save.mutate({ title: title.trim(), description, categoryId, attributes, skus, imageIds, freightTemplateId: freightTemplateId || null });
  }
  const setFact = (key: string, patch: Partial<SkuFacts>) => setFacts((xs) => ({ ...xs, [key]: { ...(xs[key] ?? NO_FACTS), ...patch } }));
  const factCells = (key: string, label: string) => {
    const x = facts[key] ?? NO_FACTS;
    return (
      <>
        <td><input className="input--sm" maxLength={40} aria-label={`${t('shipping.product.code')} ${label}`} value={x.code} onChange={(e) => setFact(key, { code: e.target.value })} /></td>
        <td><input className="input--sm" inputMode="numeric" maxLength={13} aria-label={`${t('shipping.product.barcode')} ${label}`} value={x.barcode} onChange={(e) => setFact(key, { barcode: e.target.value })} /></td>
        <td><input className="input--sm" type="number" min={0} step={1} aria-label={`${t('shipping.product.weight')} ${label}`} value={x.weight} onChange={(e) => setFact(key, { weight: e.target.value })} /></td>
      </>
    );
  };
  const setCell = (key: string, patch: Partial<Cell>) => setCells((cs) => ({ ...cs, [key]: { ...(cs[key] ?? { price: '', stock: '' }), ...patch } }));
  const live = product?.liveState;
  const err = (field: string) => (save.error instanceof ApiError ? save.error.fieldError(field) : undefined);

  return (
    <>
      <PageHeader back={{ to: base, label: t('catalog.merchant.title') }} title={product ? product.title : t('catalog.editor.newTitle')} />
      {product && (
        <section className="card status-card" aria-labelledby="pstate-h">
          <h2 id="pstate-h" className="visually-hidden">
            {t('catalog.editor.state')}
          </h2>
          <dl className="pstate">
            <div>
              <dt>{t('catalog.merchant.liveState')}</dt>
              <dd>
                <LiveBadge state={product.liveState} />
                {product.stateReason && <span className="pstate__reason">{t('catalog.editor.reason', { reason: product.stateReason })}</span>}
              </dd>
            </div>
            <div>
              <dt>{t('catalog.merchant.draftState')}</dt>
              <dd>
                <DraftBadge state={product.draft.state} />
                {product.draft.state === 'review_failed' && product.draft.reason && (
                  <span className="pstate__reason" role="note">
                    {t('catalog.editor.failedReason', { reason: product.draft.reason })}
                  </span>
                )}
              </dd>
            </div>
          </dl>
          {!rights.write && <p className="muted small">{t('catalog.rights.write')}</p>}
          <div className="btn-row">
            {rights.write &&
              product.moves.map((move) => (
                <button key={move} type="button" className={MOVES[move].className} disabled={act.isPending} onClick={() => act.mutate(move)}>
                  {t(MOVES[move].label)}
                </button>
              ))}
            {live === 'listed' && (
              <Link className="btn btn--ghost" to={`/p/${product.id}`}>
                {t('catalog.editor.view')}
              </Link>
            )}
          </div>
          <ProblemAlert error={act.error} />
        </section>
      )}
      {product && product.skus.length > 0 && <LiveSkus product={product} rights={rights} lowStock={store.lowStockThreshold} />}
      {product && <GiftingSection storeId={store.id} productId={product.id} />}
      {product && <CustomisableSection storeId={store.id} productId={product.id} customisable={product.customisable} queryKey={productKey(store.id, product.id)} canWrite={rights.write} />}
      {product && <RepurchaseCycleSection key={product.id} storeId={store.id} productId={product.id} days={product.repurchaseCycleDays} queryKey={productKey(store.id, product.id)} canWrite={rights.write} />}
      <form className="card" onSubmit={submit} aria-labelledby="draft-h" noValidate={false}>
        {/* Disabled as a whole for a role that may not edit products: the draft stays readable. */}
        <fieldset className="form" disabled={!rights.write}>
          <h2 id="draft-h">{t('catalog.editor.draftTitle')}</h2>
          {product && <p className="muted small">{t('catalog.editor.draftText')}</p>}
          {/* With a product, its state card above already says why. */}
          {!rights.write && !product && <p className="muted small">{t('catalog.rights.write')}</p>}
          <Field label={t('catalog.editor.title')} error={err('title')}>
            {(p) => <input {...p} required minLength={2} maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <Field label={t('catalog.editor.description')} hint={t('catalog.editor.descriptionHint')} optional optionalText={t('common.optional')}>
            {(p) => <textarea {...p} rows={6} maxLength={20000} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          <Field label={t('catalog.merchant.category')} hint={approved.length === 0 ? t('catalog.editor.noCategories') : t('catalog.editor.categoryHint')} error={err('categoryId')}>
            {(p) => (
              <select {...p} required value={categoryId || ''} onChange={(e) => setCategoryId(Number(e.target.value))}>
                {approved.length === 0 && <option value="">—</option>}
                {approved.map((a) => (
                  <option key={a.categoryId} value={a.categoryId}>
                    {a.category.path.concat(a.category.names).map((n) => f.name(n)).join(' › ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('shipping.product.template')}>
            {(p) => (
              <select {...p} value={freightTemplateId} onChange={(e) => setFreightTemplateId(e.target.value)}>
                <option value="">{t('shipping.product.storeDefault')}</option>
                {(templates.data ?? []).map((tpl) => (
                  <option key={tpl.id} value={tpl.id}>
                    {tpl.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="attrs">
            <legend>{t('catalog.editor.attributes')}</legend>
            <p className="muted small">{t('catalog.editor.attributesHint')}</p>
            {attrs.map((a, i) => (
              <div key={i} className="attrs__row">
                <Field label={t('catalog.editor.attrName', { n: i + 1 })}>
                  {(p) => <input {...p} maxLength={30} value={a.name} placeholder={t('catalog.editor.attrNamePh')} onChange={(e) => setAttrs((xs) => xs.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />}
                </Field>
                <Field label={t('catalog.editor.attrValues', { n: i + 1 })}>
                  {(p) => <input {...p} value={a.values} placeholder={t('catalog.editor.attrValuesPh')} onChange={(e) => setAttrs((xs) => xs.map((x, j) => (j === i ? { ...x, values: e.target.value } : x)))} />}
                </Field>
                <button type="button" className="btn btn--ghost btn--sm" aria-label={t('catalog.editor.removeAttr', { n: i + 1 })} onClick={() => setAttrs((xs) => xs.filter((_, j) => j !== i))}>
                  {t('catalog.editor.remove')}
                </button>
              </div>
            ))}
            {attrs.length < 3 && (
              <button type="button" className="btn btn--sm" onClick={() => setAttrs((xs) => [...xs, { name: '', values: '' }])}>
                {t('catalog.editor.addAttr')}
              </button>
            )}
        </fieldset>
        <fieldset className="matrix">
          <legend>{t('catalog.editor.skus', { count: matrix.length })}</legend>
          <div className="table-wrap">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('catalog.editor.sku')}</th>
                  <th scope="col">{t('catalog.editor.priceYuan')}</th>
                  <th scope="col">{t('catalog.merchant.stock')}</th>
                  <th scope="col">{t('shipping.product.code')}</th>
                  <th scope="col">{t('shipping.product.barcode')}</th>
                  <th scope="col">{t('shipping.product.weight')}</th>
                </tr>
              </thead>
              <tbody>
                {matrix.map((combo) => {
                  const key = comboKey(combo);
                  const label = attrsLabel(combo) || t('catalog.editor.single');
                  const cell = cells[key] ?? { price: '', stock: '' };
                  const live = liveByKey.get(key);
                  return live ? (
                    <tr key={key}>
                      <th scope="row">{label}</th>
                      <td>
                        {f.money(live.price, live.currency)} <span className="muted small">{t('catalog.editor.liveSku')}</span>
                      </td>
                      <td>{f.number(live.stock)}</td>
                      {factCells(key, label)}
                    </tr>
                  ) : (
                    <tr key={key}>
                      <th scope="row">{label}</th>
                      <td>
                        <input className="input--sm" inputMode="decimal" required aria-label={t('catalog.editor.priceFor', { sku: label })} value={cell.price} onChange={(e) => setCell(key, { price: e.target.value })} />
                      </td>
                      <td>
                        <input className="input--sm" type="number" min={0} max={10000000} step={1} aria-label={t('catalog.editor.stockFor', { sku: label })} value={cell.stock} onChange={(e) => setCell(key, { stock: e.target.value })} />
                      </td>
                      {factCells(key, label)}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </fieldset>
        <fieldset className="images">
          <legend>{t('catalog.editor.images')}</legend>
          {imageIds.length > 0 && (
            <ul className="images__list">
              {imageIds.map((id, i) => (
                <li key={id}>
                  <img src={thumbUrl(id)} alt={t('catalog.shop.imageN', { n: i + 1 })} width="80" height="80" />
                  <button type="button" className="btn btn--ghost btn--sm" aria-label={t('catalog.editor.removeImage', { n: i + 1 })} onClick={() => setImageIds((xs) => xs.filter((x) => x !== id))}>
                    {t('catalog.editor.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <ImageUploadField storeId={store.id} label={t('catalog.editor.upload')} disabled={imageIds.length >= 20} onUploaded={(id) => setImageIds((ids) => [...ids, id])} />
        </fieldset>
        {formError && (
          <p className="alert alert--error" role="alert">
            {formError}
          </p>
        )}
        <ProblemAlert error={save.error} />
        {rights.write && (
          <div className="btn-row">
            <button type="submit" className="btn btn--primary" disabled={save.isPending || approved.length === 0}>
              {save.isPending ? t('common.saving') : product ? t('catalog.editor.saveDraft') : t('catalog.editor.create')}
            </button>
          </div>
        )}
        </fieldset>
      </form>
    </>
  );
}
