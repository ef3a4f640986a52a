// Offline shops and counters (/merchant/stores/:storeId/gift-shops): each has a QR code that opens a page listing
// its products with "Send as gift"; the list shows each shop's gifts, orders and sales; shops are added, edited
// (name, address, all products or some) and archived (the code stops working), and their codes printed.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { CardSection } from '../components/CardSection.tsx';
import { ConfirmRowDialog } from '../components/ConfirmDialog.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { ListCard } from '../components/ListCard.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { EmptyState, Loading, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { ApiError, client, data, idempotency } from '../lib/api.ts';
import { useListedProducts } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { absoluteUrl, type GiftShop } from '../lib/gifts.ts';
import { useIdempotencyKey } from '../lib/orders.ts';
import { useStoreContext } from './StorePage.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { toggled } from '../lib/sets.ts';
import { can } from '../lib/permissions.ts';

const shopsKey = (storeId: string) => ['merchant', 'gift-shops', storeId] as const;

export function GiftShops() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const query = useQuery({ queryKey: shopsKey(store.id), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/gift-shops', { params: { path: { storeId: store.id } }, signal })) });
  const [editing, setEditing] = useState<GiftShop | 'new' | null>(null);
  const [archiving, setArchiving] = useState<GiftShop | null>(null);
  const archive = useMutation({
    mutationFn: (s: GiftShop) => data(client.DELETE('/api/merchant/stores/{storeId}/gift-shops/{shopId}', { params: { path: { storeId: store.id, shopId: s.id } } })),
    onSuccess: (s) => {
      setArchiving(null);
      void qc.invalidateQueries({ queryKey: shopsKey(store.id) });
      announce(t('gifts.shops.archived', { name: s.name }));
    },
  });

  return (
    <CardSection
      id="shops-h"
      title={t('gifts.shops.title')}
      intro={t('gifts.shops.intro')}
      actions={
        can(store, 'gifts.manage') && (
          <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
            + {t('gifts.shops.add')}
          </button>
        )
      }
    >
      <QueryBoundary query={query}>
        {(shops) =>
          shops.length === 0 ? (
            <EmptyState icon="📍" title={t('gifts.shops.emptyTitle')}>
              {t('gifts.shops.emptyText')}
            </EmptyState>
          ) : (
            <ul className="shop-cards">
              {shops.map((s) => {
                const url = absoluteUrl(s.scanPath);
                return (
                  <ListCard
                    key={s.id}
                    name={s.name}
                    badge={s.archivedAt && <span className="badge badge--muted">{t('gifts.shops.archivedBadge')}</span>}
                    faded={!!s.archivedAt}
                    picture={s.archivedAt ? <span className="shop-card__noqr" aria-hidden="true">⌀</span> : <QrCode text={url} label={t('gifts.shops.qrOf', { name: s.name })} size={96} />}
                    actions={
                      !s.archivedAt && (
                        <>
                          <Link to={`/merchant/stores/${store.id}/gift-shops/${s.id}/print`} className="btn btn--sm" target="_blank" rel="noopener">
                            {t('gifts.shops.print')}
                          </Link>
                          <a href={url} className="btn btn--ghost btn--sm" target="_blank" rel="noopener">
                            {t('gifts.shops.open')}
                          </a>
                          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(s)} aria-label={t('gifts.shops.editOne', { name: s.name })}>
                            {t('common.edit')}
                          </button>
                          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setArchiving(s)} aria-label={t('gifts.shops.archiveOne', { name: s.name })}>
                            {t('gifts.shops.archive')}
                          </button>
                        </>
                      )
                    }
                  >
                    <p className="sub">{s.address}</p>
                    <p className="sub">{s.productIds ? t('gifts.shops.someProducts', { count: s.productIds.length }) : t('gifts.shops.allProducts')}</p>
                    <dl className="shop-card__stats">
                      <div>
                        <dt>{t('gifts.shops.stats.gifts')}</dt>
                        <dd>{f.number(s.stats.gifts)}</dd>
                      </div>
                      <div>
                        <dt>{t('gifts.shops.stats.orders')}</dt>
                        <dd>{f.number(s.stats.orders)}</dd>
                      </div>
                      <div>
                        <dt>{t('gifts.shops.stats.sales')}</dt>
                        <dd>{f.money(s.stats.sales, s.stats.currency)}</dd>
                      </div>
                    </dl>
                  </ListCard>
                );
              })}
            </ul>
          )
        }
      </QueryBoundary>
      <Dialog open={!!editing} wide title={editing === 'new' ? t('gifts.shops.add') : editing ? t('gifts.shops.editTitle', { name: editing.name }) : ''} onClose={() => setEditing(null)}>
        {editing && <ShopForm key={editing === 'new' ? 'new' : editing.id} shop={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Dialog>
      <ConfirmRowDialog row={archiving} action={archive} title={t('gifts.shops.archive')} confirmLabel={t('gifts.shops.archive')} onClose={() => setArchiving(null)}>
        {(s) => t('gifts.shops.archiveText', { name: s.name })}
      </ConfirmRowDialog>
    </CardSection>
  );
}

function ShopForm({ shop, onDone }: { shop: GiftShop | null; onDone: () => void }) {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const [name, setName] = useState(shop?.name ?? '');
  const [address, setAddress] = useState(shop?.address ?? '');
  const [some, setSome] = useState(!!shop?.productIds);
  const [chosen, setChosen] = useState<Set<string>>(new Set(shop?.productIds ?? []));
  const [formError, setFormError] = useState('');
  const products = useListedProducts(store.id, some);
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), address: address.trim(), productIds: some ? [...chosen] : null };
      return shop
        ? data(client.PATCH('/api/merchant/stores/{storeId}/gift-shops/{shopId}', { params: { path: { storeId: store.id, shopId: shop.id } }, body }))
        : data(client.POST('/api/merchant/stores/{storeId}/gift-shops', { params: { path: { storeId: store.id } }, body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (s) => {
      idem.done();
      void qc.invalidateQueries({ queryKey: shopsKey(store.id) });
      announce(shop ? t('gifts.shops.saved', { name: s.name }) : t('gifts.shops.added', { name: s.name }));
      onDone();
    },
  });
  const fe = (field: string) => (save.error instanceof ApiError ? save.error.fieldError(field) : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError('');
    if (some && chosen.size === 0) return setFormError(t('gifts.shops.chooseProducts'));
    save.mutate();
  }
  const toggle = (id: string) => setChosen((s) => toggled(s, id));
  return (
    <form className="form" onSubmit={submit}>
      <ProblemAlert error={save.error} />
      <Field label={t('gifts.shops.name')} hint={t('gifts.shops.nameHint')} error={fe('name')}>
        {(p) => <input {...p} required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('gifts.shops.address')} error={fe('address')}>
        {(p) => <input {...p} required maxLength={200} value={address} onChange={(e) => setAddress(e.target.value)} />}
      </Field>
      <fieldset className="radio-row">
        <legend>{t('gifts.shops.products')}</legend>
        <label className="check">
          <input type="radio" name="shop-products" checked={!some} onChange={() => setSome(false)} />
          {t('gifts.shops.allProducts')}
        </label>
        <label className="check">
          <input type="radio" name="shop-products" checked={some} onChange={() => setSome(true)} />
          {t('gifts.shops.onlySome')}
        </label>
      </fieldset>
      {some &&
        (products.isPending ? (
          <Loading />
        ) : products.error || !products.data ? (
          <ProblemAlert error={products.error} />
        ) : products.data.length === 0 ? (
          <p className="muted">{t('gifts.shops.noListed')}</p>
        ) : (
          <fieldset className="check-list shop-products">
            <legend className="visually-hidden">{t('gifts.shops.products')}</legend>
            {products.data.map((p) => (
              <label key={p.id} className="check">
                <input type="checkbox" checked={chosen.has(p.id)} onChange={() => toggle(p.id)} />
                {p.title}
              </label>
            ))}
          </fieldset>
        ))}
      {formError && (
        <p className="alert alert--error" role="alert">
          {formError}
        </p>
      )}
      <FormActions busy={save.isPending} label={shop ? t('common.save') : t('gifts.shops.add')} onCancel={onDone} />
    </form>
  );
}
