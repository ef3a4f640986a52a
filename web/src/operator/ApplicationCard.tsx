import { useId } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApplicationStatusBadge, PolicyBadge } from '../components/Badge.tsx';
import { DocumentLink } from '../components/DocumentLink.tsx';
import { DecisionButtons } from '../components/ReasonForm.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { useCategoryIndex } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import type { QueueItem } from '../lib/types.ts';
import { stateLabel } from '../lib/state-labels.ts';

export function ApplicationCard({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const { index } = useCategoryIndex();
  const headingId = useId();
  const categoryName = f.name(item.category.names);

  const decide = useMutation({
    mutationFn: (d: { action: 'approve' } | { action: 'reject'; reason: string }) => {
      const params = { path: { applicationId: item.id } };
      return data(d.action === 'reject' ? client.POST('/api/operator/applications/{applicationId}/reject', { params, body: { reason: d.reason } }) : client.POST('/api/operator/applications/{applicationId}/approve', { params }));
    },
    onSuccess: (a) => {
      announce(t(a.status === 'approved' ? 'operator.queue.approvedToast' : 'operator.queue.rejectedToast', { category: categoryName, store: item.storeName }));
      void qc.invalidateQueries({ queryKey: ['operator'] });
    },
  });

  const required = index?.qualificationsOf(item.categoryId).filter((q) => q.mandatory) ?? [];
  const provided = new Set(item.documents.map((d) => d.kind));

  return (
    <article className="card app-card" aria-labelledby={headingId}>
      <div className="app-card__head">
        <div>
          <h2 id={headingId} className="app-card__title">
            <Link to={`/operator/stores/${item.storeId}`}>{item.storeName}</Link>
          </h2>
          <p className="crumbs">
            {item.category.path.map((p, i) => (
              <span key={i}>{f.name(p)} › </span>
            ))}
            <strong>{categoryName}</strong> <PolicyBadge policy={item.category.policy} />
          </p>
        </div>
        <ApplicationStatusBadge status={item.status} />
      </div>
      <dl className="meta">
        {item.reviewReasons.length > 0 && (
          <div>
            <dt>{t('storeChecks.why')}</dt>
            <dd>
              {item.reviewReasons.map((r) => (
                <span key={r} className="tag tag--info">
                  {stateLabel(t, 'StoreCheckReason', r)}
                </span>
              ))}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('operator.queue.submitted')}</dt>
          <dd>{f.dateTime(item.createdAt)}</dd>
        </div>
        {item.decidedAt && (
          <div>
            <dt>{t('operator.queue.decided')}</dt>
            <dd>{f.dateTime(item.decidedAt)}</dd>
          </div>
        )}
        {item.reason && (
          <div>
            <dt>{t('common.reason')}</dt>
            <dd>{item.reason}</dd>
          </div>
        )}
      </dl>
      <div className="app-card__docs">
        <h3 className="label-sm">{t('operator.queue.documents')}</h3>
        {item.documents.length === 0 ? (
          <p className="muted">{t('operator.queue.noDocuments')}</p>
        ) : (
          <ul className="doc-list">
            {item.documents.map((d) => (
              <li key={d.id}>
                <DocumentLink id={d.id} fileName={d.fileName} label={t(`storeChecks.document.${d.kind}`, { defaultValue: index ? f.name(index.qualificationName(d.kind)) : d.kind })} />
              </li>
            ))}
          </ul>
        )}
        {required.some((q) => !provided.has(q.kind)) && (
          <p className="alert alert--warning">{t('operator.queue.missingDocs')}</p>
        )}
      </div>
      {item.status === 'in_review' && (
        <div className="app-card__actions">
          <ProblemAlert error={decide.error} />
          <DecisionButtons
            refuseLabel={t('operator.queue.reject')}
            reasonLabel={t('operator.queue.reasonLabel')}
            reasonHint={t('operator.queue.reasonHint')}
            confirmLabel={t('operator.queue.confirmReject')}
            pending={decide.isPending}
            onRefuse={(reason) => decide.mutate({ action: 'reject', reason })}
          >
            <button type="button" className="btn btn--primary" disabled={decide.isPending} onClick={() => decide.mutate({ action: 'approve' })}>
              {t('operator.queue.approve')}
            </button>
          </DecisionButtons>
        </div>
      )}
    </article>
  );
}
