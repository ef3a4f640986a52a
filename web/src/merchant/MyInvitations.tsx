// Invitations to work in a store, waiting for the signed-in merchant's answer: accept (the store appears in My
// stores with the invited role) or decline. Nothing shows when there is none.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import type { MyInvitation } from '../lib/types.ts';

export function MyInvitations() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'my-invitations'];
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/invitations', { signal })) });
  const answer = useMutation({
    mutationFn: (v: { inv: MyInvitation; event: 'accept' | 'decline' }) => {
      const params = { path: { invitationId: v.inv.id } };
      return data(v.event === 'accept' ? client.POST('/api/merchant/invitations/{invitationId}/accept', { params }) : client.POST('/api/merchant/invitations/{invitationId}/decline', { params }));
    },
    onSuccess: (_r, v) => {
      announce(t(v.event === 'accept' ? 'merchant.invitations.accepted' : 'merchant.invitations.declined', { store: v.inv.storeName }));
      void qc.invalidateQueries({ queryKey: ['merchant'] });
    },
  });
  if (!query.data?.length) return null;
  return (
    <section className="card" aria-labelledby="my-inv-h">
      <h2 id="my-inv-h">{t('merchant.invitations.title')}</h2>
      <ul className="people">
        {query.data.map((inv) => (
          <li key={inv.id} className="person">
            <span className="person__body">
              <span className="person__name">{inv.storeName}</span>
              <span className="muted small">{t('merchant.invitations.from', { name: inv.invitedByName, role: t(`merchant.staff.role.${inv.role}`) })}</span>
            </span>
            <button type="button" className="btn btn--primary btn--sm" disabled={answer.isPending} onClick={() => answer.mutate({ inv, event: 'accept' })} aria-label={t('merchant.invitations.acceptOne', { store: inv.storeName })}>
              {t('merchant.invitations.accept')}
            </button>
            <button type="button" className="btn btn--ghost btn--sm" disabled={answer.isPending} onClick={() => answer.mutate({ inv, event: 'decline' })} aria-label={t('merchant.invitations.declineOne', { store: inv.storeName })}>
              {t('merchant.invitations.decline')}
            </button>
          </li>
        ))}
      </ul>
      <ProblemAlert error={answer.error} />
    </section>
  );
}
