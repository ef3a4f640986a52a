// Cooperation gift activities (/merchant/stores/:storeId/gift-activities): gifts a linked brand mini-site sends from
// a pool of the store's stock. The list shows each activity's state, dates and pool left; a new one is made for a
// linked mini-site with a product/variant picker and a pool per variant; a running one can be closed early (its
// pool goes back to stock).
import { LANGUAGES } from '../i18n/index.ts';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { CardSection } from '../components/CardSection.tsx';
import { ConfirmRowDialog } from '../components/ConfirmDialog.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { ListCard } from '../components/ListCard.tsx';
import { EmptyState, Loading, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { client, data, idempotency } from '../lib/api.ts';
import type { components } from '../lib/api/schema.ts';
import { useListedProducts, useMerchantProduct } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { useIdempotencyKey } from '../lib/orders.ts';
import { can } from '../lib/permissions.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useStoreContext } from './StorePage.tsx';

type Activity = components['schemas']['GiftActivity'];
const activitiesKey = (storeId: string) => ['merchant', 'gift-activities', storeId] as const;

/** The activity's title in the page's language, else any it has. */
function titleOf(a: Pick<Activity, 'title'>, lang: string) {
  const t = a.title as Record<string, string | undefined>;
  return t[lang.slice(0, 2)] || t.en || t.zh || t.vi || '';
}

export function GiftActivities() {
  const { store } = useStoreContext();
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const query = useQuery({ queryKey: activitiesKey(store.id), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/gift-activities', { params: { path: { storeId: store.id } }, signal })) });
  const [creating, setCreating] = useState(false);
  const [closing, setClosing] = useState<Activity | null>(null);
  const close = useMutation({
    mutationFn: (a: Activity) => data(client.POST('/api/merchant/stores/{storeId}/gift-activities/{activityId}/close', { params: { path: { storeId: store.id, activityId: a.id } } })),
    onSuccess: (a) => {
      setClosing(null);
      void qc.invalidateQueries({ queryKey: activitiesKey(store.id) });
      announce(t('coopGifts.closed', { name: titleOf(a, i18n.language) }));
    },
  });
  const manage = can(store, 'minisites.manage');

  return (
    <CardSection
      id="activities-h"
      title={t('coopGifts.title')}
      intro={t('coopGifts.intro')}
      actions={
        manage && (
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            + {t('coopGifts.add')}
          </button>
        )
      }
    >
      <QueryBoundary query={query}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState icon="🎁" title={t('coopGifts.emptyTitle')}>
              {t('coopGifts.emptyText')}
            </EmptyState>
          ) : (
            <ul className="shop-cards" aria-label={t('coopGifts.title')}>
              {list.map((a) => {
                const name = titleOf(a, i18n.language);
                const open = a.state === 'scheduled' || a.state === 'active';
                return (
                  <ListCard
                    key={a.id}
                    name={name}
                    badge={<span className={`badge${open ? '' : ' badge--muted'}`}>{stateLabel(t, 'GiftActivityState', a.state)}</span>}
                    faded={!open}
                    actions={
                      manage &&
                      open && (
                        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setClosing(a)} aria-label={t('coopGifts.closeOne', { name })}>
                          {t('coopGifts.close')}
                        </button>
                      )
                    }
                  >
                    <p className="sub">
                      {t('coopGifts.miniSite')}: {a.miniSiteName}
                    </p>
                    <p className="sub">{t('coopGifts.window', { from: f.dateTime(a.startsAt), to: f.dateTime(a.endsAt) })}</p>
                    <p className="sub" data-testid="remaining">{t('coopGifts.remaining', { remaining: f.number(a.remaining), pool: f.number(a.pool) })}</p>
                    <p className="sub">{t('coopGifts.sent', { count: a.giftsSent, claimed: f.number(a.giftsClaimed) })}</p>
                    <ul className="small">
                      {a.items.map((i) => (
                        <li key={i.skuId}>
                          {i.title} {Object.values(i.attrs).join(' / ')} · {t('coopGifts.remaining', { remaining: f.number(i.remaining), pool: f.number(i.pool) })}
                        </li>
                      ))}
                    </ul>
                  </ListCard>
                );
              })}
            </ul>
          )
        }
      </QueryBoundary>
      <Dialog open={creating} wide title={t('coopGifts.add')} onClose={() => setCreating(false)}>
        {creating && <ActivityForm onDone={() => setCreating(false)} />}
      </Dialog>
      <ConfirmRowDialog row={closing} action={close} title={t('coopGifts.close')} confirmLabel={t('coopGifts.close')} onClose={() => setClosing(null)}>
        {(a) => t('coopGifts.closeText', { name: titleOf(a, i18n.language), remaining: a.remaining })}
      </ConfirmRowDialog>
    </CardSection>
  );
}

/** The local date-time text a datetime-local input takes: "2026-05-03T18:30". */
function localInput(d: Date) {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

type Line = { skuId: string; label: string; stock: number; pool: string };

function ActivityForm({ onDone }: { onDone: () => void }) {
  const { store } = useStoreContext();
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const sites = useQuery({ queryKey: ['merchant', 'gift-activities', store.id, 'mini-sites'], queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/gift-activities/mini-sites', { params: { path: { storeId: store.id } }, signal })) });
  const products = useListedProducts(store.id);
  const [siteId, setSiteId] = useState('');
  const [title, setTitle] = useState({ en: '', zh: '', vi: '' });
  const now = new Date();
  const [startsAt, setStartsAt] = useState(localInput(now));
  const [endsAt, setEndsAt] = useState(localInput(new Date(now.getTime() + 7 * 86400_000)));
  const [productId, setProductId] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [formError, setFormError] = useState('');
  const product = useMerchantProduct(store.id, productId);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        miniSiteId: siteId || sites.data?.[0]?.id || '',
        title: Object.fromEntries(Object.entries(title).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v)),
        startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString(),
        items: lines.map((l) => ({ skuId: l.skuId, pool: Number(l.pool) })),
      };
      return data(client.POST('/api/merchant/stores/{storeId}/gift-activities', { params: { path: { storeId: store.id } }, body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (a) => {
      idem.done();
      void qc.invalidateQueries({ queryKey: activitiesKey(store.id) });
      announce(t('coopGifts.created', { name: titleOf(a, i18n.language) }));
      onDone();
    },
  });
  function addSku(skuId: string, label: string, stock: number) {
    setLines((ls) => (ls.some((l) => l.skuId === skuId) ? ls : [...ls, { skuId, label, stock, pool: String(Math.min(stock, 10)) }]));
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError('');
    if (!lines.length || lines.some((l) => !(Number(l.pool) >= 1))) return setFormError(t('coopGifts.noItems'));
    save.mutate();
  }
  if (sites.isPending) return <Loading />;
  if (sites.error) return <ProblemAlert error={sites.error} />;
  if (!sites.data.length) return <p className="muted">{t('coopGifts.noLinked')}</p>;
  return (
    <form className="form" onSubmit={submit}>
      <ProblemAlert error={save.error} />
      <Field label={t('coopGifts.miniSite')}>
        {(p) => (
          <select {...p} value={siteId || sites.data[0].id} onChange={(e) => setSiteId(e.target.value)}>
            {sites.data.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.appId})
              </option>
            ))}
          </select>
        )}
      </Field>
      {LANGUAGES.map(({ code: l }) => (
        <Field key={l} label={t(`coopGifts.title${l[0].toUpperCase()}${l[1]}` as 'coopGifts.titleEn')} hint={l === 'en' ? t('coopGifts.titleHint') : undefined}>
          {(p) => <input {...p} maxLength={80} value={title[l]} onChange={(e) => setTitle((x) => ({ ...x, [l]: e.target.value }))} />}
        </Field>
      ))}
      <div className="form-row">
        <Field label={t('coopGifts.startsAt')}>{(p) => <input {...p} type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />}</Field>
        <Field label={t('coopGifts.endsAt')}>{(p) => <input {...p} type="datetime-local" required value={endsAt} min={startsAt} onChange={(e) => setEndsAt(e.target.value)} />}</Field>
      </div>
      <Field label={t('coopGifts.product')}>
        {(p) =>
          products.isPending ? (
            <Loading />
          ) : !products.data?.length ? (
            <p className="muted">{t('coopGifts.noProducts')}</p>
          ) : (
            <select {...p} value={productId} onChange={(e) => setProductId(e.target.value)}>
              <option value="">{t('coopGifts.chooseProduct')}</option>
              {products.data.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.title}
                </option>
              ))}
            </select>
          )
        }
      </Field>
      {productId && product.isPending && <Loading />}
      {product.data && (
        <ul className="check-list" aria-label={t('coopGifts.variant')}>
          {product.data.skus.map((k) => {
            const label = `${product.data.title} ${Object.values(k.attrs).join(' / ') || t('coopGifts.defaultVariant')}`;
            return (
              <li key={k.id}>
                <button type="button" className="btn btn--sm" disabled={k.stock < 1 || lines.some((l) => l.skuId === k.id)} onClick={() => addSku(k.id, label, k.stock)}>
                  + {label} · {t('coopGifts.inStock')} {k.stock}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {lines.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('coopGifts.variant')}</th>
              <th scope="col">{t('coopGifts.inStock')}</th>
              <th scope="col">{t('coopGifts.pool')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('coopGifts.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.skuId}>
                <td>{l.label}</td>
                <td>{l.stock}</td>
                <td>
                  <input
                    type="number" min={1} max={l.stock} required inputMode="numeric" aria-label={t('coopGifts.poolOf', { name: l.label })} value={l.pool}
                    onChange={(e) => setLines((ls) => ls.map((x) => (x.skuId === l.skuId ? { ...x, pool: e.target.value } : x)))}
                  />
                </td>
                <td>
                  <button type="button" className="btn btn--ghost btn--sm" aria-label={t('coopGifts.removeOne', { name: l.label })} onClick={() => setLines((ls) => ls.filter((x) => x.skuId !== l.skuId))}>
                    {t('coopGifts.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {formError && (
        <p className="alert alert--error" role="alert">
          {formError}
        </p>
      )}
      <FormActions busy={save.isPending} label={t('coopGifts.create')} onCancel={onDone} />
    </form>
  );
}
