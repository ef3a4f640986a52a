// The carriers a parcel may go with, as the server lists them (GET /api/carriers), and how a carrier is named in the
// reader's language. Parcels typed before the list read as "other" with the name typed then.
import { useQuery } from '@tanstack/react-query';
import { client, data, type Schemas } from './api.ts';
import { useFormat } from './format.ts';

export type CarrierCode = Schemas['CarrierCode'];
export type Carrier = Schemas['CarrierList']['carriers'][number];
/** What a parcel is sent with (the shipment and return-shipment bodies). */
export type ParcelInput = { carrier: CarrierCode; carrierName?: string; trackingNo: string };

export function useCarriers() {
  return useQuery({ queryKey: ['carriers'], queryFn: ({ signal }) => data(client.GET('/api/carriers', { signal })), staleTime: 3_600_000 });
}

/** A carrier's name in the UI language: the typed name of "other", the code while the list loads. */
export function useCarrierName() {
  const { lang } = useFormat();
  const list = useCarriers().data?.carriers;
  return (p: { carrier?: string | null; carrierName?: string | null }) => {
    if (p.carrierName) return p.carrierName;
    const c = list?.find((x) => x.code === p.carrier);
    return c ? c.names[lang] : (p.carrier ?? '');
  };
}
