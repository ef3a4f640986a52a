// A parcel's carrier and tracking number: the fields to send one (carrier from the server's list, its name when it
// is not listed, the tracking number checked against the carrier's format) and the line that shows one, with the
// carrier's tracking link when it has one.
import { useTranslation } from 'react-i18next';
import { useCarrierName, useCarriers, type CarrierCode, type ParcelInput } from '../lib/carriers.ts';
import { Field } from './Field.tsx';

/** The fields of a parcel; `value` is held by the form that sends it. */
export function CarrierFields({ value, onChange, fieldError }: { value: ParcelInput; onChange: (v: ParcelInput) => void; fieldError: (f: string) => string | undefined }) {
  const { t } = useTranslation();
  const name = useCarrierName();
  const carriers = useCarriers().data?.carriers ?? [];
  const chosen = carriers.find((c) => c.code === value.carrier);
  return (
    <>
      <Field label={t('carriers.carrier')} error={fieldError('carrier')}>
        {(p) => (
          <select {...p} required value={value.carrier} onChange={(e) => onChange({ ...value, carrier: e.target.value as CarrierCode })}>
            <option value="" disabled>
              {t('carriers.choose')}
            </option>
            {carriers.map((c) => (
              <option key={c.code} value={c.code}>
                {name({ carrier: c.code })}
              </option>
            ))}
          </select>
        )}
      </Field>
      {value.carrier === 'other' && (
        <Field label={t('carriers.otherName')} error={fieldError('carrierName')}>
          {(p) => <input {...p} required maxLength={60} autoComplete="off" value={value.carrierName ?? ''} onChange={(e) => onChange({ ...value, carrierName: e.target.value })} />}
        </Field>
      )}
      <Field label={t('carriers.trackingNo')} hint={chosen?.pattern ? t(`carriers.format.${chosen.code}`, { defaultValue: '' }) || undefined : undefined} error={fieldError('trackingNo')}>
        {(p) => (
          <input {...p} required maxLength={40} minLength={6} autoComplete="off" spellCheck={false} autoCapitalize="characters" value={value.trackingNo} onChange={(e) => onChange({ ...value, trackingNo: e.target.value })} />
        )}
      </Field>
    </>
  );
}

/** A blank parcel (no carrier picked yet). */
export const noParcel = (): ParcelInput => ({ carrier: '' as CarrierCode, trackingNo: '' });
/** The parcel as it is sent: trimmed, the name only for "other". */
export const parcelBody = (v: ParcelInput): ParcelInput => ({
  carrier: v.carrier, trackingNo: v.trackingNo.trim(), ...(v.carrier === 'other' ? { carrierName: (v.carrierName ?? '').trim() } : {}),
});

/** "SF Express · SF1234567890123" with the tracking number linking to the carrier's page when it has one. */
export function ParcelLine({ parcel }: { parcel: { carrier: string; carrierName: string | null; trackingNo: string; trackingUrl: string | null } }) {
  const { t } = useTranslation();
  const name = useCarrierName();
  return (
    <span className="parcel-line">
      {name(parcel)} ·{' '}
      {parcel.trackingUrl ? (
        <a className="mono" href={parcel.trackingUrl} target="_blank" rel="noopener noreferrer" title={t('carriers.track')}>
          {parcel.trackingNo}
        </a>
      ) : (
        <span className="mono">{parcel.trackingNo}</span>
      )}
    </span>
  );
}
