// The hosted mini-site at /m/<slug>, for a phone first: the brand's sections, built from the same custom elements
// brands embed on their own sites (<store-product>, <store-home>, <store-gift>, <store-coupon>, from Trio's
// /components.js). `HostedSections` renders a page; the console's live preview renders the draft with it too.
import { createElement, useEffect, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { RichText } from '../components/RichText.tsx';
import { SkipLink } from '../components/Shell.tsx';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { currentLang } from '../i18n/index.ts';
import { ApiError, client, data, type Schemas } from '../lib/api.ts';
import './hosted.css';
import { MiniSiteMembership } from './MiniSiteMembership.tsx';

export type HostedPageData = Schemas['HostedPage'];
export type SectionView = Schemas['SectionView'];

/** Loads Trio's components script once per page (the elements upgrade when it arrives). */
export function useComponentsScript() {
  useEffect(() => {
    if (document.querySelector('script[data-trio-components]')) return;
    const s = document.createElement('script');
    s.src = '/components.js';
    s.async = true;
    s.dataset.trioComponents = '';
    document.head.appendChild(s);
  }, []);
}

/** One of the embeddable elements, with its attributes (and a plain link inside for a browser without the script). */
function Element({ tag, attrs, children }: { tag: string; attrs: Record<string, string | undefined>; children?: ReactNode }) {
  const clean = Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined && v !== ''));
  return createElement(tag, { ...clean, class: 'hosted__element' }, children);
}

function Heading({ text }: { text: string }) {
  return text ? <h2 className="hosted__h">{text}</h2> : null;
}

function Section({ s, appId, lang, miniSiteId }: { s: SectionView; appId: string; lang: string; miniSiteId?: string }) {
  const { t } = useTranslation();
  switch (s.kind) {
    case 'hero':
      return (
        <section className={`hosted-hero${s.image ? '' : ' hosted-hero--plain'}`} lang={s.lang} aria-label={s.title}>
          {s.image && <img className="hosted-hero__img" src={s.image.urls.large} alt="" width={s.image.width} height={s.image.height} />}
          <div className="hosted-hero__text">
            <h1>{s.title}</h1>
            {s.subtitle && <p>{s.subtitle}</p>}
          </div>
        </section>
      );
    case 'story':
      return (
        <section className="hosted__section" lang={s.lang}>
          <Heading text={s.title} />
          <RichText source={s.body} />
        </section>
      );
    case 'featured':
      return (
        <section className="hosted__section" lang={s.lang}>
          <Heading text={s.title} />
          <div className="hosted__grid">
            {s.productIds.map((id) => (
              <Element key={id} tag="store-product" attrs={{ 'product-id': id, 'app-id': appId, lang }}>
                <a href={`/p/${id}?via=${appId}`}>{t('hostedSite.kind.featured')}</a>
              </Element>
            ))}
          </div>
        </section>
      );
    case 'coupons':
      return (
        <section className="hosted__section" lang={s.lang}>
          <Heading text={s.title} />
          <div className="hosted__row">
            {s.couponIds.map((id) => (
              <Element key={id} tag="store-coupon" attrs={{ 'coupon-id': id, 'store-id': s.storeId ?? undefined, lang }} />
            ))}
          </div>
        </section>
      );
    case 'membership':
      return (
        <section className="hosted__section" lang={s.lang}>
          <Heading text={s.title} />
          {s.body && <p>{s.body}</p>}
          {miniSiteId ? <MiniSiteMembership miniSiteId={miniSiteId} /> : <p className="hosted__notice" role="note">{t('hostedSite.page.membershipSoon')}</p>}
        </section>
      );
    case 'gift':
      return (
        <section className="hosted__section" lang={s.lang}>
          <Heading text={s.title} />
          {s.body && <p>{s.body}</p>}
          <Element tag="store-gift" attrs={{ 'activity-id': s.activityId ?? undefined, 'app-id': appId, lang }} />
        </section>
      );
    case 'store':
      return (
        <section className="hosted__section" lang={s.lang}>
          <Heading text={s.title} />
          <Element tag="store-home" attrs={{ 'store-id': s.storeId ?? undefined, lang }}>
            <a href={`/s/${s.storeId}`}>{t('hostedSite.kind.store')}</a>
          </Element>
        </section>
      );
  }
}

/** A mini-site's page: its sections in order, or a plain "nothing yet". */
export function HostedSections({ page }: { page: Pick<HostedPageData, 'miniSite' | 'lang' | 'sections'> }) {
  const { t } = useTranslation();
  useComponentsScript();
  if (!page.sections.length) return <EmptyState icon="✦" title={t('hostedSite.page.emptyTitle')}>{t('hostedSite.page.emptyText')}</EmptyState>;
  return (
    <div className="hosted__sections">
      {page.sections.map((s) => <Section key={s.id} s={s} appId={page.miniSite.appId} lang={page.lang} miniSiteId={page.miniSite.id} />)}
    </div>
  );
}

/** The route /m/:slug: the published page in the visitor's language (switchable), with the page's frame. */
export function HostedSite() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = currentLang();
  const query = useQuery({
    queryKey: ['hosted-site', slug, lang],
    queryFn: ({ signal }) => data(client.GET('/api/m/{slug}', { params: { path: { slug }, query: { lang } }, signal })),
    retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
  });
  useEffect(() => {
    if (query.data) document.title = query.data.miniSite.name;
    return () => { document.title = i18n.t('app.title'); };
  }, [query.data, i18n]);
  const notFound = query.error instanceof ApiError && query.error.status === 404;
  return (
    <div className="hosted">
      <SkipLink />
      <header className="hosted__bar">
        <span className="hosted__name">{query.data?.miniSite.name ?? ''}</span>
        <LanguageSwitcher compact />
      </header>
      <main id="main" className="hosted__main" tabIndex={-1}>
        {query.isPending ? (
          <Loading />
        ) : notFound ? (
          <EmptyState icon="?" title={t('hostedSite.page.notFoundTitle')}>{t('hostedSite.page.notFoundText')}</EmptyState>
        ) : query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <HostedSections page={query.data} />
        )}
      </main>
      <footer className="hosted__foot muted small">{t('hostedSite.page.soldThrough')}</footer>
    </div>
  );
}
