import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { StoreStatusBadge } from '../components/Badge.tsx';
import { useFormat } from '../lib/format.ts';
import { useMyStores } from './queries.ts';
import { MyInvitations } from './MyInvitations.tsx';

export function MyStores() {
  const { t } = useTranslation();
  const f = useFormat();
  const query = useMyStores();
  const apply = (
    <Link to="/merchant/apply" className="btn btn--primary">
      {t('merchant.stores.apply')}
    </Link>
  );
  return (
    <>
      <PageHeader title={t('merchant.stores.title')} subtitle={t('merchant.stores.subtitle')} actions={query.data?.length ? apply : undefined} />
      <MyInvitations />
      <QueryBoundary query={query}>
        {(stores) =>
          stores.length === 0 ? (
            <EmptyState icon="+" title={t('merchant.stores.emptyTitle')} action={apply}>
              {t('merchant.stores.emptyText')}
            </EmptyState>
          ) : (
            <ul className="store-grid">
              {stores.map((s) => (
                <li key={s.id}>
                  <Link to={`/merchant/stores/${s.id}`} className="card store-card">
                    <span className="store-card__top">
                      <span className="store-card__name">{s.name}</span>
                      <StoreStatusBadge status={s.status} />
                    </span>
                    <span className="muted">
                      {t(`storeType.${s.storeType}`)} · {s.legalEntityName}
                    </span>
                    <span className="store-card__counts">
                      <span>{t('merchant.stores.approved', { count: s.approved })}</span>
                      {s.inReview > 0 && <span className="tag tag--info">{t('merchant.stores.inReview', { count: s.inReview })}</span>}
                      {(s.entityClaim === 'documents_required' || s.entityClaim === 'in_review' || s.entityClaim === 'rejected') && (
                        <span className={`tag tag--${s.entityClaim === 'rejected' ? 'danger' : 'warning'}`}>{t(`tenancy.status.${s.entityClaim}`)}</span>
                      )}
                    </span>
                    <span className="muted small">
                      {t('merchant.stores.since', { date: f.date(s.createdAt) })}
                      {s.myRole && ` · ${t(`merchant.staff.role.${s.myRole}`)}`}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
    </>
  );
}
