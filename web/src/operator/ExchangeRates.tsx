// The operator's exchange rates for approximate prices (display only): the rates set, a form to set one, and removal.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { Field } from '../components/Field.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { client, data } from '../lib/api.ts';
import { DISPLAY_CURRENCIES, type DisplayCurrency, type ExchangeRate } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';

const KEY = ['operator', 'exchange-rates'];

export function ExchangeRates() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [from, setFrom] = useState<DisplayCurrency>('CNY');
  const [to, setTo] = useState<DisplayCurrency>('VND');
  const [rate, setRate] = useState('');
  const rates = useQuery({ queryKey: KEY, queryFn: ({ signal }) => data(client.GET('/api/operator/exchange-rates', { signal })) });
  const save = useMutation({
    mutationFn: () => data(client.PUT('/api/operator/exchange-rates/{from}/{to}', { params: { path: { from, to } }, body: { rate: rate.trim() } })),
    onSuccess: (r) => {
      announce(t('rates.saved', { from: r.from, to: r.to, rate: r.rate }));
      setRate('');
      void qc.invalidateQueries({ queryKey: KEY });
      void qc.invalidateQueries({ queryKey: ['storefront'] });
    },
  });
  const remove = useMutation({
    mutationFn: (r: ExchangeRate) => data(client.DELETE('/api/operator/exchange-rates/{from}/{to}', { params: { path: { from: r.from, to: r.to } } })),
    onSuccess: () => {
      announce(t('rates.removed'));
      void qc.invalidateQueries({ queryKey: KEY });
      void qc.invalidateQueries({ queryKey: ['storefront'] });
    },
  });
  const select = (label: string, value: DisplayCurrency, onChange: (v: DisplayCurrency) => void) => (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as DisplayCurrency)}>
          {DISPLAY_CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <>
      <PageHeader title={t('rates.title')} subtitle={t('rates.intro')} />
      <section className="card" aria-labelledby="rates-h">
        <h2 id="rates-h" className="visually-hidden">
          {t('rates.title')}
        </h2>
        <QueryBoundary query={rates}>
          {(rows) =>
            rows.length === 0 ? (
              <EmptyState title={t('rates.empty')}>{t('rates.emptyText')}</EmptyState>
            ) : (
              <div className="table-wrap">
                <table className="table table--stack">
                  <thead>
                    <tr>
                      <th scope="col">{t('rates.from')}</th>
                      <th scope="col">{t('rates.to')}</th>
                      <th scope="col" className="num">
                        {t('rates.rate')}
                      </th>
                      <th scope="col">{t('rates.updated')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={`${r.from}-${r.to}`}>
                        <th scope="row">{r.from}</th>
                        <td data-label={t('rates.to')}>{r.to}</td>
                        <td data-label={t('rates.rate')} className="num mono">
                          {r.rate}
                        </td>
                        <td data-label={t('rates.updated')}>{f.dateTime(r.updatedAt)}</td>
                        <td>
                          <button type="button" className="btn btn--ghost btn--sm" disabled={remove.isPending} onClick={() => remove.mutate(r)} aria-label={t('rates.removeOne', { from: r.from, to: r.to })}>
                            {t('rates.remove')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryBoundary>
        {remove.error != null && <ProblemAlert error={remove.error} />}
      </section>
      <section className="card" aria-labelledby="rate-set-h">
        <h2 id="rate-set-h">{t('rates.set')}</h2>
        <form
          className="rate-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          {select(t('rates.from'), from, setFrom)}
          {select(t('rates.to'), to, setTo)}
          <Field label={t('rates.rate')} hint={t('rates.rateHint')}>
            {(p) => <input {...p} inputMode="decimal" required pattern="\d{1,12}(\.\d{1,8})?" value={rate} onChange={(e) => setRate(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn--primary" disabled={save.isPending}>
            {t('rates.set')}
          </button>
        </form>
        {save.error != null && <ProblemAlert error={save.error} />}
      </section>
    </>
  );
}
