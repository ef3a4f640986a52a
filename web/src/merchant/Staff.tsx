// The store's people: members with their roles (changed or removed by whoever may manage staff, never the owner),
// invitations waiting for an answer, and the invitation form.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { ASSIGNABLE_ROLES, can, type AssignableRole } from '../lib/permissions.ts';
import type { Invitation, StaffMember } from '../lib/types.ts';
import { useStoreContext } from './StorePage.tsx';

export function Staff() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const manage = can(store, 'staff.manage');
  const path = { storeId: store.id };
  const key = ['merchant', 'staff', store.id];
  const invKey = ['merchant', 'invitations', store.id];
  const members = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/staff', { params: { path }, signal })) });
  const invitations = useQuery({ queryKey: invKey, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/invitations', { params: { path }, signal })) });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AssignableRole>('operations');
  const [removing, setRemoving] = useState<StaffMember | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: invKey });
    void qc.invalidateQueries({ queryKey: ['merchant', 'audit', store.id] });
  };

  const invite = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/invitations', { params: { path }, body: { email, role } })),
    onSuccess: (inv) => {
      announce(t('merchant.staff.invited', { email: inv.email, role: t(`merchant.staff.role.${inv.role}`) }));
      setEmail('');
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (inv: Invitation) => data(client.DELETE('/api/merchant/stores/{storeId}/invitations/{invitationId}', { params: { path: { ...path, invitationId: inv.id } } })),
    onSuccess: (inv) => {
      announce(t('merchant.staff.invitationRevoked', { email: inv.email }));
      refresh();
    },
  });
  const changeRole = useMutation({
    mutationFn: (v: { member: StaffMember; role: AssignableRole }) =>
      data(client.PATCH('/api/merchant/stores/{storeId}/staff/{userId}', { params: { path: { ...path, userId: v.member.userId } }, body: { role: v.role } })),
    onSuccess: (list, v) => {
      qc.setQueryData(key, list);
      announce(t('merchant.staff.roleChanged', { name: v.member.displayName, role: t(`merchant.staff.role.${v.role}`) }));
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (m: StaffMember) => data(client.DELETE('/api/merchant/stores/{storeId}/staff/{userId}', { params: { path: { ...path, userId: m.userId } } })),
    onSuccess: (list, m) => {
      qc.setQueryData(key, list);
      setRemoving(null);
      announce(t('merchant.staff.removed', { name: m.displayName }));
      refresh();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    invite.mutate();
  }
  const roleOptions = ASSIGNABLE_ROLES.map((r) => (
    <option key={r} value={r}>
      {t(`merchant.staff.role.${r}`)}
    </option>
  ));

  return (
    <section className="card" aria-labelledby="staff-h">
      <h2 id="staff-h">{t('merchant.staff.title')}</h2>
      <p className="muted small">{t('merchant.staff.rolesText')}</p>
      <QueryBoundary query={members}>
        {(staff) => (
          <ul className="people" aria-label={t('merchant.staff.members')}>
            {staff.map((s) => (
              <li key={s.userId} className="person">
                <span className="avatar" aria-hidden="true">
                  {s.displayName.slice(0, 1).toUpperCase()}
                </span>
                <span className="person__body">
                  <span className="person__name">{s.displayName}</span>
                  <span className="muted small">{s.email}</span>
                </span>
                {manage && s.role !== 'owner' ? (
                  <>
                    <label className="visually-hidden" htmlFor={`role-${s.userId}`}>
                      {t('merchant.staff.roleOf', { name: s.displayName })}
                    </label>
                    <select
                      id={`role-${s.userId}`}
                      value={s.role}
                      disabled={changeRole.isPending}
                      onChange={(e) => changeRole.mutate({ member: s, role: e.target.value as AssignableRole })}
                    >
                      {roleOptions}
                    </select>
                    <button type="button" className="btn btn--danger-outline btn--sm" onClick={() => setRemoving(s)} aria-label={t('merchant.staff.removeOne', { name: s.displayName })}>
                      {t('merchant.staff.remove')}
                    </button>
                  </>
                ) : (
                  <span className={`tag ${s.role === 'owner' ? 'tag--accent' : ''}`}>{t(`merchant.staff.role.${s.role}`)}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryBoundary>
      <ProblemAlert error={changeRole.error} />

      <h3 className="section-sub">{t('merchant.staff.pending')}</h3>
      <QueryBoundary query={invitations}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted small">{t('merchant.staff.noPending')}</p>
          ) : (
            <ul className="people" aria-label={t('merchant.staff.pending')}>
              {list.map((inv) => (
                <li key={inv.id} className="person">
                  <span className="person__body">
                    <span className="person__name">{inv.email}</span>
                    <span className="muted small">{t('merchant.staff.invitedOn', { date: f.date(inv.createdAt) })}</span>
                  </span>
                  <span className="tag">{t(`merchant.staff.role.${inv.role}`)}</span>
                  {manage && (
                    <button type="button" className="btn btn--ghost btn--sm" disabled={revoke.isPending} onClick={() => revoke.mutate(inv)} aria-label={t('merchant.staff.revokeOne', { email: inv.email })}>
                      {t('merchant.staff.revoke')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
      <ProblemAlert error={revoke.error} />

      {manage && (
        <>
          <h3 className="section-sub">{t('merchant.staff.invite')}</h3>
          <p className="muted small">{t('merchant.staff.inviteText')}</p>
          <form className="form form--inline" onSubmit={submit}>
            <Field label={t('merchant.staff.email')}>
              {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
            </Field>
            <Field label={t('merchant.staff.roleLabel')}>
              {(p) => (
                <select {...p} value={role} onChange={(e) => setRole(e.target.value as AssignableRole)}>
                  {roleOptions}
                </select>
              )}
            </Field>
            <button type="submit" className="btn btn--primary" disabled={invite.isPending}>
              {t('merchant.staff.inviteButton')}
            </button>
          </form>
          <ProblemAlert error={invite.error} />
        </>
      )}
      <ConfirmDialog
        open={!!removing}
        title={t('merchant.staff.remove')}
        confirmLabel={t('merchant.staff.remove')}
        danger
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      >
        {removing && t('merchant.staff.removeText', { name: removing.displayName, store: store.name })}
      </ConfirmDialog>
    </section>
  );
}
