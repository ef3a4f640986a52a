// The store's tab "Mini-sites": invite a brand's mini-site by its app id, withdraw a waiting invitation, end a link,
// and the history, each with who and when. Inviting and moving need minisites.manage; reading, store.read.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { can } from '../lib/permissions.ts';
import { useStoreContext } from '../merchant/StorePage.tsx';
import { LinkTable, splitLinks } from './LinkTable.tsx';
import { useLinkMoves } from './LinkMoves.tsx';
import { storeLinksKey, useStoreLinks } from './queries.ts';

export function StoreMiniSites() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const path = { storeId: store.id };
  const query = useStoreLinks(store.id);
  const manage = can(store, 'minisites.manage');
  const [appId, setAppId] = useState('');
  const invite = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/mini-site-links', { params: { path }, body: { appId } })),
    onSuccess: (l) => {
      setAppId('');
      announce(t('miniSites.store.invited', { name: l.miniSiteName }), 'success');
      void qc.invalidateQueries({ queryKey: storeLinksKey(store.id) });
    },
  });
  const moves = useLinkMoves(
    (link, move) => data(client.POST(`/api/merchant/stores/{storeId}/mini-site-links/{linkId}/${move}` as '/api/merchant/stores/{storeId}/mini-site-links/{linkId}/cancel', { params: { path: { ...path, linkId: link.id } } })),
    [[...storeLinksKey(store.id)]],
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    invite.mutate();
  }
  return (
    <section className="card" aria-labelledby="store-ms-h">
      <h2 id="store-ms-h">{t('miniSites.store.title')}</h2>
      <p className="muted">{t('miniSites.store.intro')}</p>
      {manage && (
        <form className="form form--inline" onSubmit={submit}>
          <Field label={t('miniSites.store.appId')} hint={t('miniSites.store.appIdHint')}>
            {(p) => <input {...p} required maxLength={64} className="mono" value={appId} onChange={(e) => setAppId(e.target.value.trim())} placeholder="ms_…" />}
          </Field>
          <button type="submit" className="btn btn--primary" disabled={invite.isPending}>
            {t('miniSites.store.invite')}
          </button>
        </form>
      )}
      <ProblemAlert error={invite.error} />
      <QueryBoundary query={query}>
        {(links) => {
          const { pending, linked, history } = splitLinks(links);
          return (
            <>
              <LinkTable title={t('miniSites.store.pending')} empty={t('miniSites.store.pendingEmpty')} links={pending} side="store"
                actions={manage ? (l) => moves.button(l, 'cancel', l.miniSiteName) : undefined} />
              <LinkTable title={t('miniSites.links.linked')} empty={t('miniSites.store.linkedEmpty')} links={linked} side="store"
                actions={manage ? (l) => moves.button(l, 'unlink', l.miniSiteName) : undefined} />
              <LinkTable title={t('miniSites.links.history')} empty={t('miniSites.links.historyEmpty')} links={history} side="store" />
            </>
          );
        }}
      </QueryBoundary>
      {moves.dialogs}
    </section>
  );
}
