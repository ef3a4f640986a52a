// On a product's screen: its repurchase cycle, the days after delivery its buyers get a reminder to order again (none:
// no reminder). The merchant's setting, audited.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';

export function RepurchaseCycleSection({ storeId, productId, days, queryKey, canWrite }: { storeId: string; productId: string; days: number | null; queryKey: readonly unknown[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [value, setValue] = useState(days === null ? '' : String(days));
  const n = value.trim() === '' ? null : Number(value);
  const valid = n === null || (Number.isInteger(n) && n >= 1 && n <= 730);
  const save = useMutation({
    mutationFn: () => data(client.PUT('/api/merchant/stores/{storeId}/products/{productId}/repurchase-cycle', { params: { path: { storeId, productId } }, body: { days: n } })),
    onSuccess: (p) => {
      qc.setQueryData(queryKey, p);
      announce(t('service.console.repurchaseSaved'));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) save.mutate();
  };
  return (
    <section className="card" aria-labelledby="repurchase-h">
      <h2 id="repurchase-h">{t('service.console.repurchaseCycle')}</h2>
      <form onSubmit={submit}>
        <Field label={t('service.console.repurchaseCycleDays')} hint={t('service.console.repurchaseCycleHint')}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={730} value={value} disabled={!canWrite} onChange={(e) => setValue(e.target.value)} />}
        </Field>
        <ProblemAlert error={save.error} />
        {canWrite && <button type="submit" className="btn" disabled={!valid || save.isPending}>{t('service.console.repurchaseSave')}</button>}
      </form>
    </section>
  );
}
