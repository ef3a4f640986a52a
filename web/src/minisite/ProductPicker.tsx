// The featured-products section's product picker: search the products of the stores linked to the mini-site by words,
// add the ones to feature, remove or reorder nothing else (the order is the order added). The section keeps ids; the
// chosen ones are read back with their titles and stores.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data, type Schemas } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';

type Picked = Schemas['PickedProduct'];

function useLinkedProducts(miniSiteId: string, query: { q?: string; ids?: string[] }, enabled = true) {
  const ids = query.ids?.join(',');
  return useQuery({
    queryKey: ['minisite-products', miniSiteId, query.q ?? '', ids ?? ''],
    enabled,
    queryFn: ({ signal }) => data(client.GET('/api/minisites/{miniSiteId}/sections/products', { params: { path: { miniSiteId }, query: { q: query.q || undefined, ids, limit: 20 } }, signal })),
  });
}

export function ProductPicker({ miniSiteId, ids, onChange, max, error }: { miniSiteId: string; ids: string[]; onChange: (ids: string[]) => void; max: number; error?: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [words, setWords] = useState('');
  const found = useLinkedProducts(miniSiteId, { q: words.trim() });
  const chosen = useLinkedProducts(miniSiteId, { ids }, ids.length > 0);
  const known = new Map<string, Picked>([...(found.data ?? []), ...(chosen.data ?? [])].map((p) => [p.id, p]));
  const line = (p: Picked | undefined, id: string) => (p ? `${p.title} · ${p.storeName} · ${f.money(p.price, p.currency)}` : id);
  return (
    <fieldset className="product-picker">
      <legend>{t('hostedSite.editor.products')}</legend>
      {ids.length === 0 ? (
        <p className="muted small">{t('miniSiteRules.picker.noneChosen')}</p>
      ) : (
        <ul className="product-picker__chosen" aria-label={t('miniSiteRules.picker.chosen')}>
          {ids.map((id) => (
            <li key={id} data-testid="picked-product">
              <span>{line(known.get(id), id)}</span>{' '}
              <button type="button" className="btn btn--sm btn--ghost" onClick={() => onChange(ids.filter((x) => x !== id))}
                aria-label={t('miniSiteRules.picker.removeOne', { name: known.get(id)?.title ?? id })}>
                {t('miniSiteRules.picker.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="field__error" role="alert">{error}</p>}
      <Field label={t('miniSiteRules.picker.search')} hint={t('miniSiteRules.picker.searchHint')}>
        {(p) => <input {...p} type="search" value={words} maxLength={100} onChange={(e) => setWords(e.target.value)} />}
      </Field>
      <ProblemAlert error={found.error} />
      {found.isPending ? (
        <p className="muted small">{t('common.loading')}</p>
      ) : found.data && found.data.length === 0 ? (
        <p className="muted small">{t('miniSiteRules.picker.noResults')}</p>
      ) : (
        <ul className="product-picker__results" aria-label={t('miniSiteRules.picker.results')}>
          {(found.data ?? []).map((p) => (
            <li key={p.id} data-testid="product-result">
              {p.imageUrl && <img src={p.imageUrl} alt="" width={40} height={40} />}
              <span>{line(p, p.id)}</span>{' '}
              <button type="button" className="btn btn--sm" disabled={ids.includes(p.id) || ids.length >= max} onClick={() => onChange([...ids, p.id])}
                aria-label={t('miniSiteRules.picker.addOne', { name: p.title })}>
                {ids.includes(p.id) ? t('miniSiteRules.picker.added') : t('miniSiteRules.picker.add')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
