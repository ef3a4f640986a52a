// The store's after-sales window: the platform's days, or longer when the store offers buyers more (never shorter).
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';

/** Everyone in the store sees the window; only a role with store.settings gets the form to change it. */
export function AfterSalesWindow({ storeId, canEdit }: { storeId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const key = ['merchant', 'after-sales-window', storeId];
  const path = { storeId };
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/after-sales-window', { params: { path }, signal })) });
  const [days, setDays] = useState('');
  useEffect(() => {
    if (query.data) setDays(String(query.data.days));
  }, [query.data]);
  const save = useMutation({
    mutationFn: (value: number | null) => data(client.PUT('/api/merchant/stores/{storeId}/after-sales-window', { params: { path }, body: { days: value } })),
    onSuccess: (w) => {
      qc.setQueryData(key, w);
      announce(t('aftersales.window.saved', { days: w.days }));
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate(Number(days));
  }
  return (
    <section className="card" aria-labelledby="as-window-h">
      <h2 id="as-window-h">{t('aftersales.window.title')}</h2>
      <QueryBoundary query={query}>
        {(w) => (
          <>
            <p className="muted small">{t('aftersales.window.text', { days: w.days, platform: w.platformDays })}</p>
            {canEdit && (
            <form className="form form--inline" onSubmit={submit}>
              <Field label={t('aftersales.window.days')} hint={t('aftersales.window.hint', { min: w.platformDays, max: w.maxDays })}>
                {(p) => <input {...p} type="number" required min={w.platformDays} max={w.maxDays} step={1} value={days} onChange={(e) => setDays(e.target.value)} />}
              </Field>
              <button type="submit" className="btn btn--primary" disabled={save.isPending}>{t('aftersales.window.save')}</button>
              {w.storeDays !== null && (
                <button type="button" className="btn btn--ghost" disabled={save.isPending} onClick={() => save.mutate(null)}>
                  {t('aftersales.window.reset', { days: w.platformDays })}
                </button>
              )}
            </form>
            )}
            <ProblemAlert error={save.error} />
          </>
        )}
      </QueryBoundary>
    </section>
  );
}
