// Which channels the store sells in: one switch each.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { api } from '../lib/api.ts';
import type { Channel } from '../lib/catalog.ts';

type Row = { channel: Channel; enabled: boolean };

export function Channels({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'channels', storeId];
  const query = useQuery({ queryKey: key, queryFn: () => api<Row[]>(`/api/merchant/stores/${storeId}/channels`) });
  const set = useMutation({
    mutationFn: (r: Row) => api<Row[]>(`/api/merchant/stores/${storeId}/channels`, { method: 'PUT', body: r }),
    onSuccess: (rows, r) => {
      qc.setQueryData(key, rows);
      announce(t(r.enabled ? 'catalog.channels.on' : 'catalog.channels.off', { channel: t(`catalog.channel.${r.channel}`) }));
    },
  });
  return (
    <section className="card" aria-labelledby="channels-h">
      <h2 id="channels-h">{t('catalog.channels.title')}</h2>
      <p className="muted">{t('catalog.channels.text')}</p>
      <QueryBoundary query={query}>
        {(rows) => (
          <ul className="switch-list">
            {rows.map((r) => (
              <li key={r.channel}>
                <label className="switch">
                  <input type="checkbox" role="switch" checked={r.enabled} disabled={set.isPending} onChange={(e) => set.mutate({ channel: r.channel, enabled: e.target.checked })} />
                  <span>{t(`catalog.channel.${r.channel}`)}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </QueryBoundary>
      <ProblemAlert error={set.error} />
    </section>
  );
}
