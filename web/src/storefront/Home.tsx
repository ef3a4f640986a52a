import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { Field } from '../components/Field.tsx';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { searchCategories, useListedCategoryIndex } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import { CategoryTile } from './CategoryTile.tsx';
import { ProductSearchBox } from './ProductSearchBox.tsx';
import { HomeRows } from './HomeRows.tsx';

export function Home() {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useSession();
  const { index, error, isPending, refetch } = useListedCategoryIndex();
  const [text, setText] = useState('');
  const q = text.trim();
  return (
    <>
      <section className="hero">
        <p className="hero__hello">{user ? t('shop.hello', { name: user.displayName }) : t('shop.welcome')}</p>
        <h1 className="hero__title">{t('shop.heroTitle')}</h1>
        <p className="hero__text">{t('shop.heroText')}</p>
      </section>
      <ProductSearchBox />
      <HomeRows />
      {/* Nothing listed anywhere yet: the rows above say so; no empty category browser. */}
      {!(index && index.roots.length === 0) && (
        <>
          <Field label={t('shop.searchCategories')} className="shop-search">
            {(p) => <input {...p} type="search" value={text} placeholder={t('shop.searchPlaceholder')} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <h2 className="shop__section-title">{q ? t('shop.results') : t('shop.browse')}</h2>
          {isPending ? (
            <Loading />
          ) : error || !index ? (
            <ErrorState error={error} onRetry={() => refetch()} />
          ) : q ? (
            (() => {
              const hits = searchCategories([...index.byId.values()], q).slice(0, 30);
              return hits.length === 0 ? (
                <EmptyState title={t('shop.noMatch')}>{t('shop.noMatchText')}</EmptyState>
              ) : (
                <ul className="tile-grid tile-grid--list">
                  {hits.map((c) => (
                    <li key={c.id}>
                      <CategoryTile node={c} size="sm" />
                      <span className="tile__path">{index.chain(c.id).slice(0, -1).map((x) => f.name(x.names)).join(' › ')}</span>
                    </li>
                  ))}
                </ul>
              );
            })()
          ) : (
            <ul className="tile-grid">
              {index.roots.map((r) => (
                <li key={r.id}>
                  <CategoryTile node={r} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
