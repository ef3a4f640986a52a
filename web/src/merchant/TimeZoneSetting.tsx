// The zone the store's days are counted in (its analytics): the platform's, or one the store chooses. Changing it
// rebuilds the store's reports in the new zone within a few seconds.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';

/** The browser's zones, with the current names of those it may list by an older one (Asia/Saigon). */
const ZONES: string[] = [...new Set([...(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), 'Asia/Shanghai', 'Asia/Ho_Chi_Minh', 'Asia/Kolkata', 'UTC'])].sort();

export function TimeZoneSetting({ storeId, canEdit }: { storeId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'time-zone', storeId];
  const path = { storeId };
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/time-zone', { params: { path }, signal })) });
  const [zone, setZone] = useState('');
  useEffect(() => {
    if (query.data) setZone(query.data.timeZone ?? '');
  }, [query.data]);
  const save = useMutation({
    mutationFn: (timeZone: string | null) => data(client.PUT('/api/merchant/stores/{storeId}/time-zone', { params: { path }, body: { timeZone } })),
    onSuccess: (z) => {
      qc.setQueryData(key, z);
      void qc.invalidateQueries({ queryKey: ['merchant', 'analytics', storeId] });
      announce(t('analytics.timeZone.saved', { zone: z.effective }));
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate(zone || null);
  }
  return (
    <QueryBoundary query={query}>
      {(z) => (
        <div className="analytics-zone">
          <p className="muted small" data-testid="analytics-zone">{t('analytics.timeZone.text', { zone: z.effective })}</p>
          {canEdit && (
            <form className="form form--inline" onSubmit={submit}>
              <Field label={t('analytics.timeZone.label')} hint={t('analytics.timeZone.hint')}>
                {(p) => (
                  <select {...p} value={zone} onChange={(e) => setZone(e.target.value)}>
                    <option value="">{t('analytics.timeZone.platform', { zone: z.platformTimeZone })}</option>
                    {ZONES.map((name) => <option key={name} value={name}>{name}</option>)}
                  </select>
                )}
              </Field>
              <button type="submit" className="btn btn--sm" disabled={save.isPending || zone === (z.timeZone ?? '')}>{t('analytics.timeZone.save')}</button>
            </form>
          )}
          <ProblemAlert error={save.error} />
        </div>
      )}
    </QueryBoundary>
  );
}
