// The fields of an address (name, phone, region, street, postal code, default), for the buyer's address book and a
// store's return addresses alike.
import { useTranslation } from 'react-i18next';
import { Field } from './Field.tsx';

export type AddressDraft = { name: string; phone: string; region: string; line: string; postalCode: string; isDefault: boolean };
export const EMPTY_ADDRESS: AddressDraft = { name: '', phone: '', region: '', line: '', postalCode: '', isDefault: false };
/** The draft as the API takes it (trimmed; no empty postal code). */
export const addressBody = (d: AddressDraft) =>
  ({ name: d.name.trim(), phone: d.phone.trim(), region: d.region.trim(), line: d.line.trim(), ...(d.postalCode.trim() ? { postalCode: d.postalCode.trim() } : {}), isDefault: d.isDefault });

export function AddressFields({ d, set, fieldError, kind = 'shipping' }: { d: AddressDraft; set: <K extends keyof AddressDraft>(k: K, v: AddressDraft[K]) => void; fieldError: (f: string) => string | undefined; kind?: 'shipping' | 'return' }) {
  const { t } = useTranslation();
  const ac = (what: string) => (kind === 'shipping' ? `shipping ${what}` : 'off');
  return (
    <>
      <div className="form--pair">
        <Field label={t('orders.address.name')} error={fieldError('name')}>
          {(p) => <input {...p} required maxLength={60} autoComplete={ac('name')} value={d.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field label={t('orders.address.phone')} error={fieldError('phone')}>
          {(p) => <input {...p} required type="tel" inputMode="tel" maxLength={20} pattern="\+?[0-9][0-9 \-]{4,19}" autoComplete={ac('tel')} value={d.phone} onChange={(e) => set('phone', e.target.value)} />}
        </Field>
      </div>
      <Field label={t('orders.address.region')} hint={t('orders.address.regionHint')} error={fieldError('region')}>
        {(p) => <input {...p} required maxLength={120} autoComplete={ac('address-level1')} value={d.region} onChange={(e) => set('region', e.target.value)} />}
      </Field>
      <Field label={t('orders.address.line')} hint={t('orders.address.lineHint')} error={fieldError('line')}>
        {(p) => <input {...p} required maxLength={200} autoComplete={ac('street-address')} value={d.line} onChange={(e) => set('line', e.target.value)} />}
      </Field>
      <Field label={t('orders.address.postalCode')} optional optionalText={t('common.optional')} error={fieldError('postalCode')}>
        {(p) => <input {...p} maxLength={12} inputMode="numeric" autoComplete={ac('postal-code')} value={d.postalCode} onChange={(e) => set('postalCode', e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={d.isDefault} onChange={(e) => set('isDefault', e.target.checked)} />
        {t('orders.address.makeDefault')}
      </label>
    </>
  );
}
