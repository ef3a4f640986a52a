// Step 1 of applying for a store: name, type, subject and legal entity. Creates the store (status "opening").
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { ApiError, client, data } from '../lib/api.ts';
import { STORE_TYPES, SUBJECT_TYPES, type StoreType, type SubjectType } from '../lib/types.ts';
import { WizardSteps } from './WizardSteps.tsx';

export function ApplyStore() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [storeName, setStoreName] = useState('');
  const [storeType, setStoreType] = useState<StoreType>('specialty');
  const [subjectType, setSubjectType] = useState<SubjectType>('enterprise');
  const [entityName, setEntityName] = useState('');
  const [registrationNumber, setRegistrationNumber] = useState('');
  const create = useMutation({
    mutationFn: () =>
      data(client.POST('/api/merchant/stores', { body: { storeName, storeType, subjectType, legalEntity: { name: entityName, registrationNumber } } })),
    onSuccess: (store) => {
      void qc.invalidateQueries({ queryKey: ['merchant', 'stores'] });
      // The store page loads the store itself: the creation answer does not say what the caller may do in it (`me`).
      // Another account registered this entity: the store waits in entity review, where the licence is sent.
      navigate(store.entityClaim ? `/merchant/stores/${store.id}` : `/merchant/stores/${store.id}/apply?new=1`);
    },
  });
  const fe = (field: string) => (create.error instanceof ApiError ? create.error.fieldError(field) : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <>
      <PageHeader back={{ to: '/merchant', label: t('merchant.nav.stores') }} title={t('merchant.wizard.title')} subtitle={t('merchant.wizard.subtitle')} />
      <WizardSteps current={1} />
      <form className="card form form--narrow" onSubmit={submit}>
        <h2>{t('merchant.wizard.step1')}</h2>
        <ProblemAlert error={create.error} />
        <Field label={t('merchant.wizard.storeName')} hint={t('merchant.wizard.storeNameHint')} error={fe('storeName')}>
          {(p) => <input {...p} required minLength={2} maxLength={60} value={storeName} onChange={(e) => setStoreName(e.target.value)} />}
        </Field>
        <Field label={t('merchant.wizard.storeType')} hint={t(`storeTypeHint.${storeType}`)}>
          {(p) => (
            <select {...p} value={storeType} onChange={(e) => setStoreType(e.target.value as StoreType)}>
              {STORE_TYPES.map((s) => (
                <option key={s} value={s}>
                  {t(`storeType.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="radio-row">
          <legend>{t('merchant.wizard.subjectType')}</legend>
          {SUBJECT_TYPES.map((s) => (
            <label key={s} className="check">
              <input type="radio" name="subjectType" value={s} checked={subjectType === s} onChange={() => setSubjectType(s)} />
              <span>{t(`subjectType.${s}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field label={t('merchant.wizard.entityName')} hint={t('merchant.wizard.entityNameHint')} error={fe('legalEntity.name')}>
          {(p) => <input {...p} required minLength={2} maxLength={120} autoComplete="organization" value={entityName} onChange={(e) => setEntityName(e.target.value)} />}
        </Field>
        <Field label={t('merchant.wizard.registration')} hint={t('merchant.wizard.registrationHint')} error={fe('legalEntity.registrationNumber')}>
          {(p) => (
            <input {...p} required minLength={6} maxLength={40} pattern="[0-9A-Za-z\-]+" value={registrationNumber} onChange={(e) => setRegistrationNumber(e.target.value)} />
          )}
        </Field>
        <div className="btn-row">
          <button type="submit" className="btn btn--primary" disabled={create.isPending}>
            {create.isPending ? t('common.saving') : t('merchant.wizard.continue')}
          </button>
        </div>
      </form>
    </>
  );
}
