// Claims on legal entities: a merchant gave the registration number of an entity another account registered.
// Each claim sits beside the entity, its owner and its stores, with the claimant's licence; the operator grants
// it (the store joins the entity, or the claimant also becomes its owner) or rejects it (the store closes).
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { Segmented } from '../components/Segmented.tsx';
import { EntityClaimBadge, StoreStatusBadge } from '../components/Badge.tsx';
import { DocumentLink } from '../components/DocumentLink.tsx';
import { DecisionButtons } from '../components/ReasonForm.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { ENTITY_CLAIM_STATUSES, type EntityClaimItem, type EntityClaimStatus, type EntityGrant } from '../lib/types.ts';

export const entityClaimsKey = (status: string) => ['operator', 'entity-claims', status] as const;
export const useEntityClaims = (status: EntityClaimStatus) =>
  useQuery({ queryKey: entityClaimsKey(status), queryFn: ({ signal }) => data(client.GET('/api/operator/entity-claims', { params: { query: { status, limit: 200 } }, signal })) });

export function EntityClaims() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<EntityClaimStatus>('in_review');
  const query = useEntityClaims(status);
  return (
    <>
      <PageHeader title={t('tenancy.queue.title')} subtitle={t('tenancy.queue.subtitle')} />
      <Segmented label={t('tenancy.queue.filter')} value={status} onChange={setStatus} options={ENTITY_CLAIM_STATUSES.map((s) => ({ value: s, label: t(`tenancy.status.${s}`) }))} />
      <QueryBoundary query={query}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState icon="✓" title={t('tenancy.queue.empty')} />
          ) : (
            <div className="card-list">
              {items.map((c) => (
                <ClaimCard key={c.id} item={c} />
              ))}
            </div>
          )
        }
      </QueryBoundary>
    </>
  );
}

function ClaimCard({ item }: { item: EntityClaimItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const headingId = useId();
  const decide = useMutation({
    mutationFn: (d: { action: 'grant'; grant: EntityGrant } | { action: 'reject'; reason: string }) => {
      const params = { path: { claimId: item.id } };
      return data(d.action === 'grant' ? client.POST('/api/operator/entity-claims/{claimId}/grant', { params, body: { grant: d.grant } }) : client.POST('/api/operator/entity-claims/{claimId}/reject', { params, body: { reason: d.reason } }));
    },
    onSuccess: (c) => {
      announce(t(c.status === 'granted' ? 'tenancy.queue.grantedToast' : 'tenancy.queue.rejectedToast', { store: item.store.name }));
      void qc.invalidateQueries({ queryKey: ['operator'] });
    },
  });
  const e = item.entity;
  return (
    <article className="card app-card" aria-labelledby={headingId}>
      <div className="app-card__head">
        <h2 id={headingId} className="app-card__title">
          {t('tenancy.queue.claimFor', { number: e.registrationNumber })}
        </h2>
        <EntityClaimBadge status={item.status} />
      </div>
      <div className="claim-sides">
        <section aria-label={t('tenancy.queue.claimant')}>
          <h3 className="label-sm">{t('tenancy.queue.claimant')}</h3>
          <dl className="meta">
            <div><dt>{t('tenancy.queue.account')}</dt><dd>{item.claimant.displayName} · {item.claimant.email}</dd></div>
            <div><dt>{t('tenancy.queue.givenName')}</dt><dd>{item.claimedName} · {t(`subjectType.${item.claimedSubjectType}`)}</dd></div>
            <div><dt>{t('tenancy.queue.store')}</dt><dd><Link to={`/operator/stores/${item.store.id}`}>{item.store.name}</Link> <StoreStatusBadge status={item.store.status} /></dd></div>
            {item.submittedAt && <div><dt>{t('operator.queue.submitted')}</dt><dd>{f.dateTime(item.submittedAt)}</dd></div>}
          </dl>
          {item.documents.length === 0 ? (
            <p className="muted">{t('operator.queue.noDocuments')}</p>
          ) : (
            <ul className="doc-list">
              {item.documents.map((d) => (
                <li key={d.id}>
                  <DocumentLink id={d.id} fileName={d.fileName} label={`${t('tenancy.claim.licence')}: ${d.fileName}`} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label={t('tenancy.queue.entity')}>
          <h3 className="label-sm">{t('tenancy.queue.entity')}</h3>
          <dl className="meta">
            <div><dt>{t('tenancy.queue.entityName')}</dt><dd>{e.name} · {t(`subjectType.${e.subjectType}`)}</dd></div>
            <div><dt>{t('tenancy.queue.owner')}</dt><dd>{e.owner ? `${e.owner.displayName} · ${e.owner.email}` : t('common.none')}</dd></div>
          </dl>
          <ul>
            {e.stores.map((s) => (
              <li key={s.id}>
                <Link to={`/operator/stores/${s.id}`}>{s.name}</Link> <StoreStatusBadge status={s.status} />
              </li>
            ))}
          </ul>
        </section>
      </div>
      {item.reason && <p><strong>{t('common.reason')}:</strong> {item.reason}</p>}
      {item.grant && <p className="muted">{t(`tenancy.queue.granted.${item.grant}`)}</p>}
      {item.status === 'in_review' && (
        <div className="app-card__actions">
          <ProblemAlert error={decide.error} />
          <DecisionButtons
            refuseLabel={t('operator.queue.reject')}
            reasonLabel={t('operator.queue.reasonLabel')}
            reasonHint={t('tenancy.queue.reasonHint')}
            confirmLabel={t('operator.queue.confirmReject')}
            pending={decide.isPending}
            onRefuse={(reason) => decide.mutate({ action: 'reject', reason })}
          >
            <button type="button" className="btn btn--primary" disabled={decide.isPending} onClick={() => decide.mutate({ action: 'grant', grant: 'attach' })}>
              {t('tenancy.queue.attach')}
            </button>
            <button type="button" className="btn" disabled={decide.isPending} onClick={() => decide.mutate({ action: 'grant', grant: 'transfer' })}>
              {t('tenancy.queue.transfer')}
            </button>
          </DecisionButtons>
        </div>
      )}
    </article>
  );
}
