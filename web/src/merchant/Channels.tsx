// Which channels the store sells in: one switch each (shown disabled, with the reason, to a role that may not switch them).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import type { StoreChannel } from '../lib/catalog.ts';
import { stateLabel } from '../lib/state-labels.ts';

export function Channels({ storeId, canSwitch }: { storeId: string; canSwitch: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'channels', storeId];
  const path = { params: { path: { storeId } } };
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/channels', { ...path, signal })) });
  const set = useMutation({
    mutationFn: (r: StoreChannel) => data(client.PUT('/api/merchant/stores/{storeId}/channels', { ...path, body: r })),
    onSuccess: (rows, r) => {
      qc.setQueryData(key, rows);
      announce(t(r.enabled ? 'catalog.channels.on' : 'catalog.channels.off', { channel: stateLabel(t, 'Channel', r.channel) }));
    },
  });
  return (
    <section className="card" aria-labelledby="channels-h">
      <h2 id="channels-h">{t('catalog.channels.title')}</h2>
      <p className="muted">{t('catalog.channels.text')}</p>
      {!canSwitch && (
        <p className="muted small" id="channels-why">
          {t('catalog.rights.channels')}
        </p>
      )}
      <QueryBoundary query={query}>
        {(rows) => (
          <ul className="switch-list">
            {rows.map((r) => (
              <li key={r.channel}>
                <label className="switch">
                  <input type="checkbox" role="switch" checked={r.enabled} disabled={set.isPending || !canSwitch} aria-describedby={canSwitch ? undefined : 'channels-why'} onChange={(e) => set.mutate({ channel: r.channel, enabled: e.target.checked })} />
                  <span>{stateLabel(t, 'Channel', r.channel)}</span>
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
