// Drill down the tree: first level shows its second levels with their third levels; a third level lists its products.
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { useListedCategoryIndex, type CategoryNode } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import { CategoryTile } from './CategoryTile.tsx';
import { useChannel } from '../lib/catalog.ts';
import { ProductGrid, useListing } from './ProductGrid.tsx';

function CategoryProducts({ categoryId, moreTo, moreLabel }: { categoryId: number; moreTo: string; moreLabel: string }) {
  const { t } = useTranslation();
  const channel = useChannel();
  const query = useListing({ channel, categoryId });
  return (
    <ProductGrid
      query={query}
      channel={channel}
      emptyTitle={t('shop.noProductsTitle')}
      emptyText={t('shop.noProductsText')}
      emptyAction={
        <Link to={moreTo} className="btn">
          {moreLabel}
        </Link>
      }
    />
  );
}

export function CategoryPage() {
  const { categoryId } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const { index, full, error, isPending, refetch } = useListedCategoryIndex();
  if (isPending) return <Loading />;
  if (error || !index || !full) return <ErrorState error={error} onRetry={() => refetch()} />;
  // The category as buyers browse it (only what has products on sale below it), or, listed nothing, as it is.
  const known = full.byId.get(Number(categoryId));
  const node = index.byId.get(Number(categoryId));
  if (!known)
    return (
      <EmptyState
        icon="?"
        title={t('shop.categoryMissing')}
        action={
          <Link to="/" className="btn btn--primary">
            {t('shop.backHome')}
          </Link>
        }
      />
    );
  const chain = full.chain(known.id);
  const sections: CategoryNode[] = !node ? [] : node.level === 1 ? node.children : node.level === 2 ? [node] : [];

  return (
    <>
      <nav aria-label={t('shop.breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/">{t('shop.tabs.home')}</Link>
          </li>
          {chain.map((c, i) => (
            <li key={c.id}>{i === chain.length - 1 ? <span aria-current="page">{f.name(c.names)}</span> : <Link to={`/c/${c.id}`}>{f.name(c.names)}</Link>}</li>
          ))}
        </ol>
      </nav>
      <h1 className="shop__title">{f.name(known.names)}</h1>
      {!node ? (
        <EmptyState
          icon="✦"
          title={t('shop.noProductsTitle')}
          action={
            <Link to="/" className="btn">
              {t('shop.backHome')}
            </Link>
          }
        >
          {t('shop.noProductsText')}
        </EmptyState>
      ) : node.level === 3 ? (
        <CategoryProducts categoryId={node.id} moreTo={`/c/${node.parentId}`} moreLabel={t('shop.browseMore', { name: f.name(chain[chain.length - 2]?.names) })} />
      ) : (
        sections.map((s) => (
          <section key={s.id} className="shop-section" aria-labelledby={`s-${s.id}`}>
            {node.level === 1 && (
              <h2 id={`s-${s.id}`} className="shop__section-title">
                <Link to={`/c/${s.id}`}>{f.name(s.names)}</Link>
              </h2>
            )}
            {node.level === 2 && (
              <h2 id={`s-${s.id}`} className="visually-hidden">
                {f.name(s.names)}
              </h2>
            )}
            <ul className="chip-grid">
              {s.children.map((c) => (
                <li key={c.id}>
                  <CategoryTile node={c} size="sm" />
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
