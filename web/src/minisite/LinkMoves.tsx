// A move on a link (accept, reject, cancel, unlink) from either console: the button, a confirmation for the moves that
// end something, and the answer announced. The mutation is the caller's (each side has its own route).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import type { MiniSiteLink } from './queries.ts';

export type Move = 'accept' | 'reject' | 'cancel' | 'unlink';
/** Moves that end a link or an invitation are confirmed first. */
const CONFIRMED: Move[] = ['reject', 'cancel', 'unlink'];

export function useLinkMoves(send: (link: MiniSiteLink, move: Move) => Promise<MiniSiteLink>, invalidate: readonly unknown[][]) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [asking, setAsking] = useState<{ link: MiniSiteLink; move: Move } | null>(null);
  const run = useMutation({
    mutationFn: (a: { link: MiniSiteLink; move: Move }) => send(a.link, a.move),
    onSuccess: (l, a) => {
      setAsking(null);
      announce(t(`miniSites.moves.done.${a.move}`, { name: l.miniSiteName, store: l.storeName }), 'success');
      for (const key of invalidate) void qc.invalidateQueries({ queryKey: key });
    },
  });
  const ask = (link: MiniSiteLink, move: Move) => (CONFIRMED.includes(move) ? setAsking({ link, move }) : run.mutate({ link, move }));
  const button = (link: MiniSiteLink, move: Move, other: string) => (
    <button
      key={move}
      type="button"
      className={`btn btn--sm ${move === 'accept' ? 'btn--primary' : 'btn--danger-outline'}`}
      disabled={run.isPending}
      onClick={() => ask(link, move)}
      aria-label={t(`miniSites.moves.one.${move}`, { name: other })}
    >
      {t(`miniSites.moves.${move}`)}
    </button>
  );
  const dialogs = (
    <>
      {!asking && <ProblemAlert error={run.error} />}
      <ConfirmDialog
        open={!!asking}
        title={asking ? t(`miniSites.moves.${asking.move}`) : ''}
        confirmLabel={asking ? t(`miniSites.moves.${asking.move}`) : ''}
        danger
        busy={run.isPending}
        error={run.error}
        onConfirm={() => asking && run.mutate(asking)}
        onClose={() => {
          setAsking(null);
          run.reset();
        }}
      >
        {asking && t(`miniSites.moves.confirm.${asking.move}`, { name: asking.link.miniSiteName, store: asking.link.storeName })}
      </ConfirmDialog>
    </>
  );
  return { button, dialogs };
}
