// Links as both consoles show them: the other side's name, the state, who invited and when, who answered or ended it
// and when, and the moves this side may make (given by the caller).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/States.tsx';
import { useFormat } from '../lib/format.ts';
import { LinkBadge, LinkEndedSide } from './LinkBadge.tsx';
import type { MiniSiteLink } from './queries.ts';

type Props = { title: string; empty: string; links: MiniSiteLink[]; side: 'store' | 'site'; actions?: (l: MiniSiteLink) => ReactNode };

export function LinkTable({ title, empty, links, side, actions }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const who = (name: string | null) => name ?? t('miniSites.links.byTrio');
  const headId = `links-${title.replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={headId} className="link-group">
      <h3 id={headId}>{title}</h3>
      {links.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">{side === 'store' ? t('miniSites.links.miniSite') : t('miniSites.links.store')}</th>
                <th scope="col">{t('miniSites.links.state')}</th>
                <th scope="col">{t('miniSites.links.invited')}</th>
                <th scope="col">{t('miniSites.links.answered')}</th>
                {actions && (
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.id} data-testid="link-row">
                  <th scope="row">
                    {side === 'store' ? l.miniSiteName : l.storeName}
                    {side === 'store' && (
                      <div className="muted small">
                        <code>{l.appId}</code>
                      </div>
                    )}
                  </th>
                  <td data-label={t('miniSites.links.state')}>
                    <LinkBadge state={l.state} />
                    {l.state === 'pending' && <div className="muted small">{t('miniSites.links.expires', { date: f.dateTime(l.expiresAt) })}</div>}
                  </td>
                  <td data-label={t('miniSites.links.invited')}>
                    {f.dateTime(l.invitedAt)}
                    <div className="muted small">{who(l.invitedByName)}</div>
                  </td>
                  <td data-label={t('miniSites.links.answered')}>
                    {l.answeredAt && (
                      <div>
                        {f.dateTime(l.answeredAt)} · <span className="muted small">{who(l.answeredByName)}</span>
                      </div>
                    )}
                    {l.endedAt && (
                      <div>
                        {f.dateTime(l.endedAt)} · <span className="muted small">{who(l.endedByName)}</span>
                        <LinkEndedSide link={l} />
                      </div>
                    )}
                    {!l.answeredAt && !l.endedAt && <span className="muted">—</span>}
                  </td>
                  {actions && <td className="actions-cell">{actions(l)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Open links first (pending, then linked), the rest as history, each newest first as the server sends them. */
export function splitLinks(links: MiniSiteLink[]) {
  return {
    pending: links.filter((l) => l.state === 'pending'),
    linked: links.filter((l) => l.state === 'linked'),
    history: links.filter((l) => l.state !== 'pending' && l.state !== 'linked'),
  };
}
