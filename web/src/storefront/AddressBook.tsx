// The buyer's address book: choose where an order goes, add a new address, edit or delete saved ones.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { AddressFields, addressBody, EMPTY_ADDRESS, type AddressDraft } from '../components/AddressFields.tsx';
import { AddressLines } from '../components/OrderParts.tsx';
import { EmptyState, ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { ApiError, client, data, idempotency } from '../lib/api.ts';
import { addressesKey, useAddresses, useIdempotencyKey, type Address } from '../lib/orders.ts';

type Draft = AddressDraft;
const EMPTY = EMPTY_ADDRESS;

/** Adds or edits one address; on success the address book is refreshed and the saved address handed back. */
export function AddressForm({ address, onSaved, onCancel, first }: { address?: Address; onSaved: (a: Address) => void; onCancel?: () => void; first?: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const [d, setD] = useState<Draft>(() => (address ? { ...address, postalCode: address.postalCode ?? '' } : { ...EMPTY, isDefault: !!first }));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const body = addressBody(d);
      return address
        ? data(client.PUT('/api/addresses/{addressId}', { params: { path: { addressId: address.id } }, body }))
        : data(client.POST('/api/addresses', { body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (a) => {
      idem.done();
      // The saved address is in the book before it is chosen: the book's "choose the default when the chosen one is
      // not listed" would otherwise undo the choice until the refetch answers.
      qc.setQueryData<Address[]>(addressesKey, (list) => {
        const book = (list ?? []).map((x) => (x.id === a.id ? a : a.isDefault ? { ...x, isDefault: false } : x));
        return book.some((x) => x.id === a.id) ? book : [...book, a];
      });
      void qc.invalidateQueries({ queryKey: addressesKey });
      announce(address ? t('orders.address.updated') : t('orders.address.added'));
      onSaved(a);
    },
  });
  const fe = (f: string) => (save.error instanceof ApiError ? save.error.fieldError(f) : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <form className="form address-form" onSubmit={submit} aria-label={address ? t('orders.address.editTitle') : t('orders.address.newTitle')}>
      <ProblemAlert error={save.error} />
      <AddressFields d={d} set={set} fieldError={fe} />
      <div className="btn-row">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : address ? t('common.save') : t('orders.address.saveNew')}
        </button>
        {onCancel && (
          <button type="button" className="btn btn--ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Radio list of saved addresses with add, edit and delete. `value` is the chosen address id. */
export function AddressBook({ value, onChange, legend }: { value: string | null; onChange: (id: string | null) => void; legend: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const query = useAddresses();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Address | null>(null);
  const list = query.data;

  // Choose the default (else the first) address when nothing valid is chosen.
  useEffect(() => {
    if (!list) return;
    if (value && list.some((a) => a.id === value)) return;
    const pick = list.find((a) => a.isDefault) ?? list[0];
    onChange(pick?.id ?? null);
  }, [list, value, onChange]);

  const remove = useMutation({
    mutationFn: (a: Address) => data(client.DELETE('/api/addresses/{addressId}', { params: { path: { addressId: a.id } } })),
    onSuccess: () => {
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: addressesKey });
      announce(t('orders.address.deleted'));
    },
  });

  if (query.isPending) return <Loading />;
  if (query.error || !list) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;

  return (
    <div className="address-book">
      {list.length === 0 && !adding ? (
        <>
          <EmptyState icon="⌂" title={t('orders.address.emptyTitle')}>
            {t('orders.address.emptyText')}
          </EmptyState>
          <AddressForm first onSaved={(a) => onChange(a.id)} />
        </>
      ) : (
        <fieldset className="address-list">
          <legend>{legend}</legend>
          {list.map((a) =>
            editing === a.id ? (
              <div key={a.id} className="address-option address-option--editing">
                <AddressForm address={a} onSaved={() => setEditing(null)} onCancel={() => setEditing(null)} />
              </div>
            ) : (
              <div key={a.id} className={`address-option${value === a.id ? ' address-option--checked' : ''}`}>
                <label className="address-option__pick">
                  <input type="radio" name="address" value={a.id} checked={value === a.id} onChange={() => onChange(a.id)} />
                  <span>
                    <AddressLines address={a} />
                    {a.isDefault && <span className="tag tag--success">{t('orders.address.default')}</span>}
                  </span>
                </label>
                <div className="btn-row btn-row--tight address-option__actions">
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(a.id)} aria-label={t('orders.address.editOne', { name: a.name })}>
                    {t('common.edit')}
                  </button>
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => setDeleting(a)} aria-label={t('orders.address.deleteOne', { name: a.name })}>
                    {t('orders.address.delete')}
                  </button>
                </div>
              </div>
            ),
          )}
        </fieldset>
      )}
      {list.length > 0 &&
        (adding ? (
          <div className="address-option address-option--editing">
            <h3 className="address-form__title">{t('orders.address.newTitle')}</h3>
            <AddressForm
              onSaved={(a) => {
                setAdding(false);
                onChange(a.id);
              }}
              onCancel={() => setAdding(false)}
            />
          </div>
        ) : (
          <button type="button" className="btn btn--block address-book__add" onClick={() => setAdding(true)}>
            + {t('orders.address.add')}
          </button>
        ))}
      <ConfirmDialog
        open={!!deleting}
        title={t('orders.address.delete')}
        confirmLabel={t('orders.address.delete')}
        danger
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        {deleting && t('orders.address.deleteText', { name: deleting.name, line: `${deleting.region} ${deleting.line}` })}
      </ConfirmDialog>
    </div>
  );
}
