// Where a return goes: the copy of the store's return address a request keeps (shown to the buyer with the deadline
// to send it), and the merchant's choice of address when accepting a return or an exchange.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../lib/api.ts';
import { useReturnAddresses, useTimeLeft } from '../lib/aftersales.ts';
import { useFormat } from '../lib/format.ts';
import { Field } from './Field.tsx';
import { FormActions } from './FormActions.tsx';
import { AddressLines } from './OrderParts.tsx';
import { ProblemAlert, QueryBoundary } from './States.tsx';

/** The address to send the goods to and, while the request waits for the parcel, the deadline to send it. */
export function ReturnAddressText({ address, request }: { address: Schemas['ReturnAddress']; request: { state: string; dueAt: string | null } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { left, overdue } = useTimeLeft(request.dueAt);
  return (
    <>
      <AddressLines address={address} />
      {request.state === 'waiting_buyer_return' && request.dueAt && (
        <span className="sub">
          <time dateTime={request.dueAt}>{overdue ? t('aftersales.due.overdue') : t('returnAddresses.sendBy', { date: f.dateTime(request.dueAt), left })}</time>
        </span>
      )}
    </>
  );
}

/** Accepting a return or an exchange: which of the store's return addresses the goods go back to (default preselected). */
export function AcceptReturnForm({ storeId, hint, busy, error, submitLabel, onSubmit, onCancel }: { storeId: string; hint: string; busy: boolean; error: unknown; submitLabel: string; onSubmit: (b: { returnAddressId: string }) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const query = useReturnAddresses(storeId);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <QueryBoundary query={query}>
      {({ addresses }) => {
        const id = chosen ?? addresses.find((a) => a.isDefault)?.id ?? addresses[0]?.id ?? '';
        const submit = (e: FormEvent) => {
          e.preventDefault();
          if (id) onSubmit({ returnAddressId: id });
        };
        return (
          <form className="form" onSubmit={submit}>
            <p className="muted small">{hint}</p>
            <ProblemAlert error={error} />
            {addresses.length === 0 ? (
              <>
                <p className="field__error">{t('returnAddresses.needOne')}</p>
                <button type="button" className="btn btn--ghost" onClick={onCancel}>{t('common.cancel')}</button>
              </>
            ) : (
              <Field label={t('returnAddresses.pick')}>
                {(p) => (
                  <select {...p} required value={id} onChange={(e) => setChosen(e.target.value)}>
                    {addresses.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name} · {a.region} {a.line}
                        {a.isDefault ? ` (${t('returnAddresses.default')})` : ''}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {id && <FormActions busy={busy} label={submitLabel} onCancel={onCancel} />}
          </form>
        );
      }}
    </QueryBoundary>
  );
}
