// The mini-site's links: stores' invitations waiting for an answer (accept or reject), linked stores (unlink), and
// the history, each with who and when.
import { useTranslation } from 'react-i18next';
import { QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { LinkTable, splitLinks } from './LinkTable.tsx';
import { useLinkMoves } from './LinkMoves.tsx';
import { useMiniSiteContext } from './MiniSitePage.tsx';
import { miniSitesKey, siteLinksKey, useSiteLinks } from './queries.ts';

export function MiniSiteLinks() {
  const { miniSite } = useMiniSiteContext();
  const { t } = useTranslation();
  const query = useSiteLinks(miniSite.id);
  const moves = useLinkMoves(
    (link, move) =>
      data(client.POST(`/api/minisites/{miniSiteId}/links/{linkId}/${move}` as '/api/minisites/{miniSiteId}/links/{linkId}/accept', { params: { path: { miniSiteId: miniSite.id, linkId: link.id } } })),
    [[...siteLinksKey(miniSite.id)], [...miniSitesKey]],
  );
  return (
    <section className="card" aria-labelledby="ms-links-h">
      <h2 id="ms-links-h">{t('miniSites.links.title')}</h2>
      <p className="muted">{t('miniSites.links.text', { appId: miniSite.appId })}</p>
      <QueryBoundary query={query}>
        {(links) => {
          const { pending, linked, history } = splitLinks(links);
          return (
            <>
              <LinkTable title={t('miniSites.links.pending')} empty={t('miniSites.links.pendingEmpty')} links={pending} side="site"
                actions={(l) => [moves.button(l, 'accept', l.storeName), moves.button(l, 'reject', l.storeName)]} />
              <LinkTable title={t('miniSites.links.linked')} empty={t('miniSites.links.linkedEmpty')} links={linked} side="site" actions={(l) => moves.button(l, 'unlink', l.storeName)} />
              <LinkTable title={t('miniSites.links.history')} empty={t('miniSites.links.historyEmpty')} links={history} side="site" />
            </>
          );
        }}
      </QueryBoundary>
      {moves.dialogs}
    </section>
  );
}
