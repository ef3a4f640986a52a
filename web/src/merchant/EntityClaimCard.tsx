// A store applied for with the registration number of an entity another account registered waits in entity
// review: the merchant sends its business licence, the operator decides. Says where the claim stands.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { ENTITY_CLAIM_TONES, EntityClaimBadge } from '../components/Badge.tsx';
import type { StoreDetail } from '../lib/types.ts';
import { storeKey, uploadDocument } from './queries.ts';

export function EntityClaimCard({ store }: { store: StoreDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const claim = store.entityClaim;
  // Upload the licence as a document of the store, then send it with the claim.
  const send = useMutation({
    mutationFn: async (file: File) => {
      const doc = await uploadDocument(store.id, 'business_licence', file);
      return data(client.POST('/api/merchant/stores/{storeId}/entity-claim', { params: { path: { storeId: store.id } }, body: { documentIds: [doc.id] } }));
    },
    onSuccess: (c) => {
      qc.setQueryData<StoreDetail>(storeKey(store.id), (s) => s && { ...s, entityClaim: c });
      void qc.invalidateQueries({ queryKey: ['merchant'] });
      announce(t('tenancy.claim.sentToast'));
    },
  });
  if (!claim) return null;
  const live = claim.status === 'documents_required' || claim.status === 'in_review';
  return (
    <section className={`card alert alert--${ENTITY_CLAIM_TONES[claim.status]} entity-claim`} aria-labelledby="entity-claim-h">
      <h2 id="entity-claim-h">
        {t('tenancy.claim.title')} <EntityClaimBadge status={claim.status} />
      </h2>
      <p>{t(`tenancy.claim.text.${claim.status}`, { number: store.legalEntity.registrationNumber })}</p>
      {claim.reason && claim.status === 'rejected' && (
        <p>
          <strong>{t('common.reason')}:</strong> {claim.reason}
        </p>
      )}
      {claim.documentIds.length > 0 && <p className="muted small">{t('tenancy.claim.documents', { count: claim.documentIds.length })}</p>}
      {live && (
        <Field label={t('tenancy.claim.licence')} hint={t('tenancy.claim.licenceHint')}>
          {(p) => (
            <div className="file-pick">
              <input
                {...p}
                className="file-pick__input"
                type="file"
                accept=".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp"
                disabled={send.isPending}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) send.mutate(file);
                  e.target.value = '';
                }}
              />
              <label htmlFor={p.id} className="btn btn--sm file-pick__button" aria-hidden="true">
                {send.isPending ? t('common.saving') : t('tenancy.claim.choose')}
              </label>
            </div>
          )}
        </Field>
      )}
      <ProblemAlert error={send.error} />
    </section>
  );
}
