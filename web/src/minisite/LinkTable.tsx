// Links as both consoles show them: the other side's name, the state, who invited and when, who answered or ended it
// and when, and the moves this side may make (given by the caller).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type Column } from '../components/DataTable.tsx';
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
  const columns: Column<MiniSiteLink>[] = [
    {
      header: side === 'store' ? t('miniSites.links.miniSite') : t('miniSites.links.store'),
      rowHeader: true,
      cell: (l) => (
        <>
          {side === 'store' ? l.miniSiteName : l.storeName}
          {side === 'store' && (
            <div className="muted small">
              <code>{l.appId}</code>
            </div>
          )}
        </>
      ),
    },
    {
      header: t('miniSites.links.state'),
      cell: (l) => (
        <>
          <LinkBadge state={l.state} />
          {l.state === 'pending' && <div className="muted small">{t('miniSites.links.expires', { date: f.dateTime(l.expiresAt) })}</div>}
        </>
      ),
    },
    {
      header: t('miniSites.links.invited'),
      cell: (l) => (
        <>
          {f.dateTime(l.invitedAt)}
          <div className="muted small">{who(l.invitedByName)}</div>
        </>
      ),
    },
    {
      header: t('miniSites.links.answered'),
      cell: (l) => (
        <>
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
        </>
      ),
    },
    ...(actions ? [{ header: t('common.actions'), actions: true, cell: actions }] : []),
  ];
  return (
    <section aria-labelledby={headId} className="link-group">
      <h3 id={headId}>{title}</h3>
      {links.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <DataTable rows={links} rowKey={(l) => l.id} columns={columns} rowTestId="link-row" />
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
