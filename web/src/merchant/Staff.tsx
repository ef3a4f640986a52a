import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { api } from '../lib/api.ts';
import type { StaffMember } from '../lib/types.ts';
import { useStoreContext } from './StorePage.tsx';

export function Staff() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'staff', store.id];
  const query = useQuery({ queryKey: key, queryFn: () => api<StaffMember[]>(`/api/merchant/stores/${store.id}/staff`) });
  const [email, setEmail] = useState('');
  const add = useMutation({
    mutationFn: () => api<StaffMember[]>(`/api/merchant/stores/${store.id}/staff`, { body: { email } }),
    onSuccess: (list) => {
      qc.setQueryData(key, list);
      announce(t('merchant.staff.added', { email }));
      setEmail('');
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate();
  }
  return (
    <section className="card" aria-labelledby="staff-h">
      <h2 id="staff-h">{t('merchant.staff.title')}</h2>
      <QueryBoundary query={query}>
        {(staff) => (
          <ul className="people">
            {staff.map((s) => (
              <li key={s.userId} className="person">
                <span className="avatar" aria-hidden="true">
                  {s.displayName.slice(0, 1).toUpperCase()}
                </span>
                <span className="person__body">
                  <span className="person__name">{s.displayName}</span>
                  <span className="muted small">{s.email}</span>
                </span>
                <span className={`tag ${s.role === 'owner' ? 'tag--accent' : ''}`}>{t(`merchant.staff.role.${s.role}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryBoundary>
      <h3 className="section-sub">{t('merchant.staff.add')}</h3>
      <p className="muted small">{t('merchant.staff.addText')}</p>
      <form className="form form--inline" onSubmit={submit}>
        <Field label={t('merchant.staff.email')}>
          {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <button type="submit" className="btn btn--primary" disabled={add.isPending}>
          {t('merchant.staff.addButton')}
        </button>
      </form>
      <ProblemAlert error={add.error} />
    </section>
  );
}
