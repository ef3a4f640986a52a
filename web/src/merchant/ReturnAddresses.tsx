// The store's return addresses (after-sales settings): add, edit, delete, make one the default. Accepting a return
// or an exchange picks one (the default preselected) and the request keeps a copy.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AddressFields, addressBody, EMPTY_ADDRESS, type AddressDraft } from '../components/AddressFields.tsx';
import { useAnnounce } from '../components/Announcer.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { FormActions } from '../components/FormActions.tsx';
import { AddressLines } from '../components/OrderParts.tsx';
import { ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { ApiError, client, data, type Schemas } from '../lib/api.ts';
import { returnAddressesKey, useReturnAddresses } from '../lib/aftersales.ts';

type ReturnAddress = Schemas['StoreReturnAddress'];

/** Everyone in the store sees the addresses; a role with store.settings changes them. */
export function ReturnAddresses({ storeId, canEdit }: { storeId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const query = useReturnAddresses(storeId);
  const [editing, setEditing] = useState<ReturnAddress | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ReturnAddress | null>(null);
  const path = (addressId: string) => ({ params: { path: { storeId, addressId } } });
  const refresh = () => qc.invalidateQueries({ queryKey: returnAddressesKey(storeId) });
  const makeDefault = useMutation({
    mutationFn: (a: ReturnAddress) => data(client.POST('/api/merchant/stores/{storeId}/return-addresses/{addressId}/default', path(a.id))),
    onSuccess: (a) => { void refresh(); announce(t('returnAddresses.madeDefault', { name: a.name })); },
  });
  const remove = useMutation({
    mutationFn: (a: ReturnAddress) => data(client.DELETE('/api/merchant/stores/{storeId}/return-addresses/{addressId}', path(a.id))),
    onSuccess: () => { setDeleting(null); void refresh(); announce(t('returnAddresses.deleted')); },
  });
  return (
    <section className="card" id="return-addresses" aria-labelledby="return-addresses-h">
      <h2 id="return-addresses-h">{t('returnAddresses.title')}</h2>
      <p className="muted small">{t('returnAddresses.text')}</p>
      <QueryBoundary query={query}>
        {({ addresses }) => (
          <>
            {addresses.length === 0 && <p className="muted">{t('returnAddresses.empty')}</p>}
            <ul className="return-addresses">
              {addresses.map((a) => (
                <li key={a.id} className="return-address">
                  <AddressLines address={a} />
                  {a.isDefault && <span className="badge badge--info">{t('returnAddresses.default')}</span>}
                  {canEdit && (
                    <div className="btn-row">
                      <button type="button" className="btn btn--sm" onClick={() => setEditing(a)} aria-label={t('returnAddresses.editOne', { name: a.name })}>{t('common.edit')}</button>
                      {!a.isDefault && (
                        <button type="button" className="btn btn--sm" disabled={makeDefault.isPending} onClick={() => makeDefault.mutate(a)} aria-label={t('returnAddresses.makeDefaultOne', { name: a.name })}>
                          {t('returnAddresses.makeDefault')}
                        </button>
                      )}
                      <button type="button" className="btn btn--sm btn--danger-outline" onClick={() => setDeleting(a)} aria-label={t('returnAddresses.deleteOne', { name: a.name })}>{t('returnAddresses.delete')}</button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
            <ProblemAlert error={makeDefault.error} />
            {canEdit && (
              <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>{t('returnAddresses.add')}</button>
            )}
          </>
        )}
      </QueryBoundary>
      <Dialog open={editing !== null} title={editing === 'new' ? t('returnAddresses.add') : t('returnAddresses.edit')} onClose={() => setEditing(null)}>
        {editing !== null && (
          <ReturnAddressForm storeId={storeId} address={editing === 'new' ? undefined : editing} first={!query.data?.addresses.length} onDone={() => { setEditing(null); void refresh(); }} />
        )}
      </Dialog>
      <ConfirmDialog open={!!deleting} title={t('returnAddresses.deleteTitle')} confirmLabel={t('returnAddresses.delete')} danger busy={remove.isPending} error={remove.error} onConfirm={() => deleting && remove.mutate(deleting)} onClose={() => { setDeleting(null); remove.reset(); }}>
        {t('returnAddresses.deleteText')}
      </ConfirmDialog>
    </section>
  );
}

function ReturnAddressForm({ storeId, address, first, onDone }: { storeId: string; address?: ReturnAddress; first: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [d, setD] = useState<AddressDraft>(() => (address ? { ...address, postalCode: address.postalCode ?? '' } : { ...EMPTY_ADDRESS, isDefault: first }));
  const set = <K extends keyof AddressDraft>(k: K, v: AddressDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const body = addressBody(d);
      return address
        ? data(client.PUT('/api/merchant/stores/{storeId}/return-addresses/{addressId}', { params: { path: { storeId, addressId: address.id } }, body }))
        : data(client.POST('/api/merchant/stores/{storeId}/return-addresses', { params: { path: { storeId } }, body }));
    },
    onSuccess: () => { announce(t('returnAddresses.saved')); onDone(); },
  });
  const fe = (f: string) => (save.error instanceof ApiError ? save.error.fieldError(f) : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <form className="form" onSubmit={submit}>
      <ProblemAlert error={save.error} />
      <AddressFields d={d} set={set} fieldError={fe} kind="return" />
      <FormActions busy={save.isPending} label={t('common.save')} onCancel={onDone} />
    </form>
  );
}
