// The carriers a parcel may go with: code, names in the three languages, the tracking number format where it is
// known for sure, and the page that tracks a parcel. Pure data and checks, no I/O. A carrier not in the list is
// `other` with a name typed by the merchant or the buyer (no format, no link).
import { Invalid } from '../../kernel/errors.ts';

export type CarrierNames = { en: string; zh: string; vi: string };
export type Carrier = {
  code: string;
  names: CarrierNames;
  /** The whole tracking number, upper case; null: any 6 to 40 letters and digits (dots and dashes between them). */
  pattern: RegExp | null;
  /** How the format reads in a problem's detail, e.g. "SF followed by 12 or 13 digits". */
  format: string;
  /** The public tracking page, `{no}` standing for the tracking number; null: no link. */
  trackingUrl: string | null;
};

/**
 * kuaidi100's "chaxun" jump page. Checked against kuaidi100's published code table for that page (com codes
 * shunfeng, zhongtong, yuantong, shentong, yunda, ems, youzhengguonei are in it, and the address form
 * `chaxun?com=..&nu=..`); `jd` and `jtexpress` are newer than that table and not confirmed there.
 */
const kuaidi100 = (com: string) => `https://www.kuaidi100.com/chaxun?com=${com}&nu={no}`;
const ANY = 'letters and digits (6 to 40, dots or dashes between them)';

export const OTHER_CARRIER = 'other';

export const CARRIERS: readonly Carrier[] = [
  { code: 'sf', names: { en: 'SF Express', zh: '顺丰速运', vi: 'SF Express' }, pattern: /^SF\d{12,13}$/, format: 'SF followed by 12 or 13 digits', trackingUrl: kuaidi100('shunfeng') },
  { code: 'zto', names: { en: 'ZTO Express', zh: '中通快递', vi: 'ZTO Express' }, pattern: null, format: ANY, trackingUrl: kuaidi100('zhongtong') },
  { code: 'yto', names: { en: 'YTO Express', zh: '圆通速递', vi: 'YTO Express' }, pattern: /^YT\d{13}$/, format: 'YT followed by 13 digits', trackingUrl: kuaidi100('yuantong') },
  { code: 'sto', names: { en: 'STO Express', zh: '申通快递', vi: 'STO Express' }, pattern: null, format: ANY, trackingUrl: kuaidi100('shentong') },
  { code: 'yunda', names: { en: 'Yunda Express', zh: '韵达快递', vi: 'Yunda Express' }, pattern: null, format: ANY, trackingUrl: kuaidi100('yunda') },
  { code: 'jd', names: { en: 'JD Logistics', zh: '京东物流', vi: 'JD Logistics' }, pattern: null, format: ANY, trackingUrl: kuaidi100('jd') },
  { code: 'ems', names: { en: 'EMS', zh: 'EMS 邮政特快专递', vi: 'EMS' }, pattern: null, format: ANY, trackingUrl: kuaidi100('ems') },
  { code: 'china_post', names: { en: 'China Post', zh: '中国邮政', vi: 'Bưu chính Trung Quốc' }, pattern: null, format: ANY, trackingUrl: kuaidi100('youzhengguonei') },
  { code: 'jt', names: { en: 'J&T Express', zh: '极兔速递', vi: 'J&T Express' }, pattern: null, format: ANY, trackingUrl: kuaidi100('jtexpress') },
  { code: 'viettel_post', names: { en: 'Viettel Post', zh: 'Viettel Post', vi: 'Viettel Post' }, pattern: null, format: ANY, trackingUrl: null },
  { code: 'ghn', names: { en: 'GHN (Giao Hàng Nhanh)', zh: 'GHN (Giao Hàng Nhanh)', vi: 'Giao Hàng Nhanh (GHN)' }, pattern: null, format: ANY, trackingUrl: 'https://donhang.ghn.vn/?order_code={no}' },
  { code: 'ghtk', names: { en: 'GHTK (Giao Hàng Tiết Kiệm)', zh: 'GHTK (Giao Hàng Tiết Kiệm)', vi: 'Giao Hàng Tiết Kiệm (GHTK)' }, pattern: null, format: ANY, trackingUrl: null },
  // Vietnam Post numbers its parcels the UPU way: two letters, nine digits, VN.
  { code: 'vnpost', names: { en: 'Vietnam Post (VNPost)', zh: '越南邮政 (VNPost)', vi: 'Bưu điện Việt Nam (VNPost)' }, pattern: /^[A-Z]{2}\d{9}VN$/, format: 'two letters, 9 digits and VN (e.g. EB123456789VN)', trackingUrl: null },
  { code: OTHER_CARRIER, names: { en: 'Other carrier', zh: '其他快递', vi: 'Đơn vị vận chuyển khác' }, pattern: null, format: ANY, trackingUrl: null },
];
export const CARRIER_CODES = CARRIERS.map((c) => c.code) as [string, ...string[]];

const ANY_TRACKING = /^[A-Z0-9](?:[A-Z0-9.-]{4,38})[A-Z0-9]$/;
const byCode = new Map(CARRIERS.map((c) => [c.code, c]));
export const carrierOf = (code: string) => byCode.get(code);

/** What a parcel is sent with, as stored: a carrier code, and for `other` its name. */
export type ParcelCarrier = { carrier: string; carrierName?: string | null; trackingNo: string };

/**
 * Checks a parcel's carrier and tracking number (422 carrier_unknown, carrier_name_required,
 * tracking_number_invalid naming the expected format) and returns it as it is stored: the number upper case.
 */
export function checkParcel(p: ParcelCarrier): { carrier: string; carrierName: string | null; trackingNo: string } {
  const c = carrierOf(p.carrier);
  if (!c) throw new Invalid('carrier_unknown', `No carrier "${p.carrier}": pick one of GET /api/carriers (or "other" with its name).`, { carrier: p.carrier });
  const name = p.carrierName?.trim() || null;
  if (c.code === OTHER_CARRIER && !name) throw new Invalid('carrier_name_required', 'Name the carrier (carrierName) when it is not in the list.');
  const trackingNo = p.trackingNo.trim().toUpperCase();
  if (!(c.pattern ?? ANY_TRACKING).test(trackingNo) || !ANY_TRACKING.test(trackingNo)) {
    throw new Invalid('tracking_number_invalid', `A ${c.names.en} tracking number is ${c.format}.`, { carrier: c.code, format: c.format });
  }
  return { carrier: c.code, carrierName: c.code === OTHER_CARRIER ? name : null, trackingNo };
}

/**
 * How a stored parcel reads: its carrier code, the typed name of an `other` carrier, and the tracking link. Parcels
 * stored before the list (a free-text carrier) read as `other` with that text as its name.
 */
export function parcelView(p: { carrier: string; carrierName?: string | null; trackingNo: string }) {
  const c = carrierOf(p.carrier);
  if (!c) return { carrier: OTHER_CARRIER, carrierName: p.carrier, trackingNo: p.trackingNo, trackingUrl: null };
  return {
    carrier: c.code, carrierName: c.code === OTHER_CARRIER ? (p.carrierName ?? null) : null, trackingNo: p.trackingNo,
    trackingUrl: c.trackingUrl ? c.trackingUrl.replace('{no}', encodeURIComponent(p.trackingNo)) : null,
  };
}

/** The list as the API serves it (patterns as strings the web app may check before sending). */
export const carrierList = () => CARRIERS.map((c) => ({ code: c.code, names: c.names, pattern: c.pattern?.source ?? null, format: c.format, hasTracking: !!c.trackingUrl }));
