// Steps 2 and 3 of applying (also "apply for more categories"): choose categories, upload documents, submit.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { PolicyBadge } from '../components/Badge.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { useCategoryIndex } from '../lib/categories.ts';
import { useFormat } from '../lib/format.ts';
import type { ApplicationStatus } from '../lib/types.ts';
import { CategoryPicker } from './CategoryPicker.tsx';
import { DocumentsStep, neededDocuments, withCheckDocuments, type UploadState } from './DocumentsStep.tsx';
import { WizardSteps } from './WizardSteps.tsx';
import { storeKey, uploadDocument, useStore } from './queries.ts';
import { toggled } from '../lib/sets.ts';

export function ApplyCategories() {
  const { storeId = '' } = useParams();
  const [params] = useSearchParams();
  const isNew = params.get('new') === '1';
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const store = useStore(storeId);
  const cats = useCategoryIndex();
  const [step, setStep] = useState<2 | 3>(2);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [uploads, setUploads] = useState<Record<string, UploadState>>({});

  const existing = useMemo(() => {
    const m = new Map<number, ApplicationStatus>();
    for (const a of store.data?.applications ?? []) if (a.status === 'approved' || a.status === 'in_review') m.set(a.categoryId, a.status);
    return m;
  }, [store.data]);

  const submit = useMutation({
    mutationFn: () => {
      const index = cats.index!;
      const docs = Object.values(uploads).flatMap((u) => (u.status === 'done' ? [u.doc] : []));
      const checkKinds = store.data?.checks.documents ?? [];
      const categories = [...selected].map((id) => {
        const kinds = new Set([...index.qualificationsOf(id).map((q) => q.kind), ...checkKinds]);
        return { categoryId: id, documentIds: docs.filter((d) => kinds.has(d.kind)).map((d) => d.id) };
      });
      return data(client.POST('/api/merchant/stores/{storeId}/category-applications', { params: { path: { storeId } }, body: { categories } }));
    },
    onSuccess: (apps) => {
      const approved = apps.filter((a) => a.status === 'approved').length;
      announce(t('merchant.wizard.submitted', { approved, inReview: apps.length - approved }));
      void qc.invalidateQueries({ queryKey: storeKey(storeId) });
      void qc.invalidateQueries({ queryKey: ['merchant', 'stores'] });
      navigate(`/merchant/stores/${storeId}`);
    },
  });

  if (store.isPending || cats.isPending) return <Loading />;
  if (store.error || !store.data) return <ErrorState error={store.error} onRetry={() => store.refetch()} />;
  if (cats.error || !cats.index) return <ErrorState error={cats.error} onRetry={() => cats.refetch()} />;
  const index = cats.index;
  const chosen = [...selected].map((id) => index.byId.get(id)!);
  const checks = store.data.checks;
  const needed = withCheckDocuments(neededDocuments(index, [...selected]), checks.documents, (kind) => t(`storeChecks.document.${kind}`, { defaultValue: kind }), t('storeChecks.documentHint'));
  const missing = needed.filter((n) => n.mandatory && uploads[n.kind]?.status !== 'done');
  const depositEstimate = chosen.reduce((m, c) => Math.max(m, c.zeroDeposit ? 0 : c.effectiveDeposit), 0);
  // While the store's own checks are due, everything asked for waits for the operator.
  const targeted = checks.reasons.length ? chosen.length : chosen.filter((c) => c.policy === 'targeted').length;

  const toggle = (id: number) => setSelected((prev) => toggled(prev, id));

  async function upload(kind: string, file: File) {
    setUploads((u) => ({ ...u, [kind]: { status: 'uploading', fileName: file.name } }));
    try {
      const doc = await uploadDocument(storeId, kind, file);
      setUploads((u) => ({ ...u, [kind]: { status: 'done', doc } }));
    } catch (error) {
      setUploads((u) => ({ ...u, [kind]: { status: 'error', error } }));
    }
  }

  return (
    <>
      <PageHeader
        back={{ to: `/merchant/stores/${storeId}`, label: store.data.name }}
        title={isNew ? t('merchant.wizard.title') : t('merchant.wizard.moreTitle')}
        subtitle={store.data.name}
      />
      <WizardSteps current={step} />
      <div className="wizard">
        <section className="card wizard__main" aria-labelledby="wizard-step-h">
          {step === 2 ? (
            <>
              <h2 id="wizard-step-h">{t('merchant.wizard.step2')}</h2>
              <p className="muted">{t('merchant.wizard.step2Text')}</p>
              <CategoryPicker index={index} selected={selected} existing={existing} onToggle={toggle} />
            </>
          ) : (
            <>
              <h2 id="wizard-step-h">{t('merchant.wizard.step3')}</h2>
              <p className="muted">{t('merchant.wizard.step3Text')}</p>
              {checks.reasons.length > 0 && <p className="alert alert--info">{t('storeChecks.merchantText')}</p>}
              <DocumentsStep needed={needed} uploads={uploads} onFile={upload} />
              <ProblemAlert error={submit.error} />
            </>
          )}
        </section>
        <aside className="card wizard__side" aria-labelledby="wizard-summary-h">
          <h2 id="wizard-summary-h">{t('merchant.wizard.summary')}</h2>
          {chosen.length === 0 ? (
            <p className="muted">{t('merchant.wizard.noneChosen')}</p>
          ) : (
            <ul className="chosen-list">
              {chosen.map((c) => (
                <li key={c.id}>
                  <span>{f.name(c.names)}</span>
                  <PolicyBadge policy={c.policy} />
                  {step === 2 && (
                    <button type="button" className="btn btn--ghost btn--icon btn--sm" aria-label={t('merchant.wizard.remove', { name: f.name(c.names) })} onClick={() => toggle(c.id)}>
                      ×
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {chosen.length > 0 && (
            <dl className="facts facts--compact">
              <div>
                <dt>{t('merchant.wizard.depositEstimate')}</dt>
                <dd>{f.money(depositEstimate)}</dd>
              </div>
              <div>
                <dt>{t('merchant.wizard.reviewNeeded')}</dt>
                <dd>{t('merchant.wizard.reviewCount', { count: targeted })}</dd>
              </div>
            </dl>
          )}
          <p className="small muted">{t('merchant.wizard.howItWorks')}</p>
          <div className="btn-col">
            {step === 2 ? (
              <button type="button" className="btn btn--primary btn--block wizard__next" disabled={selected.size === 0} onClick={() => setStep(3)}>
                {t('merchant.wizard.continue')}
              </button>
            ) : (
              <>
                <button type="button" className="btn btn--primary btn--block wizard__next" disabled={missing.length > 0 || submit.isPending} onClick={() => submit.mutate()}>
                  {submit.isPending ? t('common.saving') : t('merchant.wizard.submit')}
                </button>
                {missing.length > 0 && <p className="small muted">{t('merchant.wizard.missing', { count: missing.length })}</p>}
                <button type="button" className="btn btn--ghost btn--block" onClick={() => setStep(2)}>
                  {t('merchant.wizard.back')}
                </button>
              </>
            )}
            <Link to={`/merchant/stores/${storeId}`} className="btn btn--ghost btn--block">
              {t('merchant.wizard.later')}
            </Link>
          </div>
        </aside>
      </div>
      {/* On a phone the summary sits below a long list: keep the next step at hand. */}
      <div className="wizard__bar">
        <span>{t('merchant.picker.chosen', { count: chosen.length })}</span>
        {step === 2 ? (
          <button type="button" className="btn btn--primary" disabled={selected.size === 0} onClick={() => setStep(3)}>
            {t('merchant.wizard.continue')}
          </button>
        ) : (
          <button type="button" className="btn btn--primary" disabled={missing.length > 0 || submit.isPending} onClick={() => submit.mutate()}>
            {submit.isPending ? t('common.saving') : t('merchant.wizard.submit')}
          </button>
        )}
      </div>
    </>
  );
}
