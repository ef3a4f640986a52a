// Analytics over HTTP: a merchant's report of its own store (in the store's zone), the operator's report of the
// platform (in the platform's zone), and every table of them as CSV (headers in the reader's language).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { errors, idParam, named, uuidParam } from '../../kernel/http.ts';
import { CHANNELS } from '../catalog/schema.ts';
import { toCsv, type CsvColumn } from './csv.ts';
import { PERIOD_UNITS } from './periods.ts';
import { platformReport, storeReport, type ReportCaches } from './reports.ts';
import { setStoreTimeZone, storeTimeZone } from './time-zone.ts';
import { AGE_BANDS, CITY_TIER_BANDS, FUNNEL_STAGES, GENDER_BANDS } from './rules.ts';

const count = z.number().int().min(0);
const money = z.number().int().describe("Minor units of the report's currency");
const bp = z.number().int().nullable().describe('Basis points (10,000 = 100 %); null when there is nothing to divide by');
const growthSchema = named(z.union([
  z.object({ kind: z.literal('multiple'), hundredths: count, text: z.string().describe('As WeChat writes it: ×1.92') }),
  z.object({ kind: z.literal('new'), text: z.literal('new') }),
]).nullable().describe('Current ÷ base; "new" from a zero base; null when both are zero'), 'AnalyticsGrowth');

const periodSchema = z.object({
  unit: z.enum(PERIOD_UNITS), label: z.string().describe('2026-12-04, 2026-W49, 2026-12 or 2026'), timeZone: z.string(),
  start: z.string(), end: z.string(), from: z.string().describe('First local day'), to: z.string().describe('Local day after the last'),
});
const figuresSchema = named(z.object({
  label: z.string(), from: z.string(), to: z.string(),
  gmv: money.describe('Paid GMV'), orders: count.describe('Paid orders'), buyers: count.describe('Distinct paying buyers'),
  averageOrderValue: money.nullable(), views: count.describe('Product page views'), gpm: money.nullable().describe('GMV × 1000 ÷ views'),
  activeProducts: count.describe('Products in at least one paid order'), activeMerchants: count.describe('Stores with a paid order'),
  refundAmount: money, refunds: count, refundRate: bp, giftGmv: money, giftShare: bp, repeatRate: bp.describe('Buyers with 2+ paid orders ÷ buyers'),
  newBuyers: count, returningBuyers: count.describe('Buyers who had paid before the period'),
}), 'AnalyticsFigures');
const grown = z.object({
  gmv: growthSchema, orders: growthSchema, buyers: growthSchema, views: growthSchema, activeProducts: growthSchema,
  activeMerchants: growthSchema, refundAmount: growthSchema, giftGmv: growthSchema,
});
const shares = <T extends readonly [string, ...string[]]>(bands: T) => z.record(z.enum(bands), count).describe('Shares in basis points, summing to 10,000 (all 0 without buyers)');
const audienceSchema = z.object({ buyers: count, age: shares(AGE_BANDS), gender: shares(GENDER_BANDS), cityTier: shares(CITY_TIER_BANDS) });
const funnelStep = z.object({ stage: z.enum(FUNNEL_STAGES), count, fromPrevious: bp.describe('This stage ÷ the stage before'), fromFirst: bp.describe('This stage ÷ views') });
const channelSchema = named(z.object({
  channel: z.enum(CHANNELS), exposures: count.describe('Products shown in lists'), clicks: count.describe('Products clicked in lists'),
  views: count.describe('Product page views'), carts: count.describe('Adds to cart'), placed: count.describe('Orders placed (paid or cancelled by now)'),
  orders: count.describe('Paid orders'), gmv: money, gmvShare: bp, conversion: bp.describe('Paid orders ÷ views'),
  funnel: z.array(funnelStep).describe('view → cart → order → paid'),
}), 'AnalyticsChannel');
const trendSchema = z.object({ bucket: z.string().describe('A local day, or a month for a year'), gmv: money, orders: count });
const overviewFields = {
  currency: z.string(), timeZone: z.string(),
  periods: z.object({ current: periodSchema, compare: periodSchema, lastYear: periodSchema }),
  current: figuresSchema, compare: figuresSchema, lastYear: figuresSchema,
  growth: z.object({ vsCompare: grown, vsLastYear: grown }),
  trend: z.array(trendSchema), channels: z.array(channelSchema), audience: audienceSchema,
};
const productRow = z.object({ rank: count, productId: z.string(), title: z.string(), gmv: money, orders: count, quantity: count, views: count, gpm: money.nullable() });
export const storeAnalyticsSchema = named(z.object({ ...overviewFields, products: z.array(productRow) }), 'StoreAnalytics');
const names = z.object({ en: z.string(), zh: z.string(), vi: z.string() });
const categoryRow = z.object({ rank: count, categoryId: z.number().int(), names, gmv: money, compareGmv: money, orders: count, growth: growthSchema, hasChildren: z.boolean() });
const storeRow = z.object({ rank: count, storeId: z.string(), name: z.string(), gmv: money, orders: count, compareGmv: money, growth: growthSchema });
export const platformAnalyticsSchema = named(z.object({ ...overviewFields, categories: z.array(categoryRow), stores: z.array(storeRow) }), 'PlatformAnalytics');

const dateQuery = z.string().describe('A local date YYYY-MM-DD');
const periodQuery = {
  unit: z.enum(PERIOD_UNITS).default('month'),
  date: dateQuery.optional().describe('A day of the period to report (today when absent), YYYY-MM-DD'),
  compareDate: dateQuery.optional().describe('A day of the period to compare with (the previous period when absent)'),
};
const lang = z.enum(['en', 'zh', 'vi']).default('en').describe('Language of the CSV headers');

type Lang = 'en' | 'zh' | 'vi';
const H: Record<string, Record<Lang, string>> = {
  rank: { en: 'Rank', zh: '排名', vi: 'Hạng' },
  bucket: { en: 'Date', zh: '日期', vi: 'Ngày' },
  channel: { en: 'Channel', zh: '渠道', vi: 'Kênh' },
  name: { en: 'Name', zh: '名称', vi: 'Tên' },
  gmv: { en: 'GMV', zh: '成交额', vi: 'GMV' },
  compareGmv: { en: 'GMV (compared period)', zh: '对比期成交额', vi: 'GMV (kỳ so sánh)' },
  growth: { en: 'Growth', zh: '增长', vi: 'Tăng trưởng' },
  orders: { en: 'Orders', zh: '订单数', vi: 'Đơn hàng' },
  quantity: { en: 'Units', zh: '件数', vi: 'Số lượng' },
  views: { en: 'Views', zh: '浏览量', vi: 'Lượt xem' },
  gpm: { en: 'GPM', zh: 'GPM', vi: 'GPM' },
  gmvShare: { en: 'GMV share (bp)', zh: '成交占比（基点）', vi: 'Tỷ trọng GMV (bp)' },
  conversion: { en: 'Conversion (bp)', zh: '转化率（基点）', vi: 'Chuyển đổi (bp)' },
  exposures: { en: 'Exposures', zh: '曝光量', vi: 'Lượt hiển thị' },
  clicks: { en: 'Clicks', zh: '点击量', vi: 'Lượt nhấp' },
  carts: { en: 'Added to cart', zh: '加购次数', vi: 'Thêm vào giỏ' },
  placed: { en: 'Orders placed', zh: '下单数', vi: 'Đơn đã đặt' },
};
const cols = <Row>(l: Lang, keys: (keyof Row & string)[]): CsvColumn<Row>[] => keys.map((key) => ({ key, header: H[key === 'title' ? 'name' : key][l] }));

/** Sends a CSV file: its type and download name set on the reply, the body returned. */
function csv(reply: { type(t: string): { header(k: string, v: string): unknown } }, file: string, body: string): string {
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`);
  return body;
}

/** `caches`: the answers kept per process (report-cache.ts), fresh until a rollup changes in any process. */
export function analyticsRoutes(app: FastifyInstance, ctx: Ctx, caches: ReportCaches) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const E = errors(400, 401, 403, 404, 422);
  r.get('/api/merchant/stores/:storeId/analytics', {
    schema: {
      tags: ['analytics'], summary: "The store's report for a period in the store's time zone: figures, growth, trend, channels, audience, products",
      description: 'Read from the daily rollups, which the scheduler keeps one tick behind paid orders, refunds and views. A date that is no calendar date: 422 analytics_period_invalid.',
      params: z.object({ storeId: uuidParam }), querystring: z.object(periodQuery), response: { 200: storeAnalyticsSchema, ...E },
    },
  }, async (req) => storeReport(ctx, req.params.storeId, req.query, caches));
  r.get('/api/merchant/stores/:storeId/analytics.csv', {
    schema: {
      tags: ['analytics'], summary: "One table of the store's report as CSV (UTF-8 with a byte order mark)", produces: ['text/csv'],
      params: z.object({ storeId: uuidParam }), querystring: z.object({ ...periodQuery, table: z.enum(['trend', 'channels', 'products']), lang }),
      response: { 200: z.string().describe('text/csv'), ...E },
    },
  }, async (req, reply) => {
    const rep = await storeReport(ctx, req.params.storeId, req.query, caches);
    const l = req.query.lang;
    const file = `store-${req.query.table}-${rep.periods.current.label}`;
    if (req.query.table === 'trend') return csv(reply, file, toCsv(cols<(typeof rep.trend)[number]>(l, ['bucket', 'gmv', 'orders']), rep.trend));
    if (req.query.table === 'channels') return csv(reply, file, toCsv(cols<(typeof rep.channels)[number]>(l, ['channel', 'exposures', 'clicks', 'views', 'carts', 'placed', 'orders', 'gmv', 'gmvShare', 'conversion']), rep.channels));
    return csv(reply, file, toCsv(cols<(typeof rep.products)[number]>(l, ['rank', 'title', 'gmv', 'orders', 'quantity', 'views', 'gpm']), rep.products));
  });
  const timeZoneView = named(z.object({
    timeZone: z.string().nullable().describe("The store's IANA zone; null: the platform's"), platformTimeZone: z.string(), effective: z.string().describe("The zone the store's days are counted in"),
    daysMarked: count.describe('Days marked for the scheduler to rebuild in the new zone (0 when unchanged)'),
  }), 'StoreTimeZone');
  r.get('/api/merchant/stores/:storeId/time-zone', {
    schema: { tags: ['analytics'], summary: "The zone the store's days are counted in (its reports)", params: z.object({ storeId: uuidParam }), response: { 200: timeZoneView, ...E } },
  }, async (req) => storeTimeZone(ctx, req.params.storeId));
  r.put('/api/merchant/stores/:storeId/time-zone', {
    schema: {
      tags: ['analytics'], summary: "Set the zone the store's days are counted in; its reports are rebuilt in it by the scheduler",
      description: 'An IANA zone name (Asia/Shanghai, Asia/Ho_Chi_Minh); null gives the platform\'s back. Not a zone: 422 time_zone_invalid.',
      params: z.object({ storeId: uuidParam }), body: z.object({ timeZone: z.string().trim().min(1).max(64).nullable() }), response: { 200: timeZoneView, ...E },
    },
  }, async (req) => setStoreTimeZone(ctx, req.params.storeId, req.body.timeZone));
  const platformQuery = z.object({ ...periodQuery, categoryId: idParam.optional().describe('Rank the children of this category, and the stores selling in its subtree') });
  r.get('/api/operator/analytics', {
    schema: {
      tags: ['analytics'], summary: "The platform's report for a period in the platform's time zone: figures, growth, categories ranked by growth, stores, channels, audience",
      description: 'Compare any two periods of one unit with date and compareDate (the "annual report": unit=year). A date that is no calendar date: 422 analytics_period_invalid.',
      querystring: platformQuery, response: { 200: platformAnalyticsSchema, ...E },
    },
  }, async (req) => platformReport(ctx, req.query, caches));
  r.get('/api/operator/analytics.csv', {
    schema: {
      tags: ['analytics'], summary: "One table of the platform's report as CSV (UTF-8 with a byte order mark)", produces: ['text/csv'],
      querystring: platformQuery.extend({ table: z.enum(['trend', 'channels', 'categories', 'stores']), lang }), response: { 200: z.string().describe('text/csv'), ...E },
    },
  }, async (req, reply) => {
    const rep = await platformReport(ctx, req.query, caches);
    const l = req.query.lang;
    const file = `platform-${req.query.table}-${rep.periods.current.label}`;
    if (req.query.table === 'trend') return csv(reply, file, toCsv(cols<(typeof rep.trend)[number]>(l, ['bucket', 'gmv', 'orders']), rep.trend));
    if (req.query.table === 'channels') return csv(reply, file, toCsv(cols<(typeof rep.channels)[number]>(l, ['channel', 'exposures', 'clicks', 'views', 'carts', 'placed', 'orders', 'gmv', 'gmvShare', 'conversion']), rep.channels));
    if (req.query.table === 'stores') {
      const rows = rep.stores.map((s) => ({ ...s, growth: s.growth?.text ?? '' }));
      return csv(reply, file, toCsv(cols<(typeof rows)[number]>(l, ['rank', 'name', 'gmv', 'compareGmv', 'growth', 'orders']), rows));
    }
    const rows = rep.categories.map((c) => ({ ...c, name: c.names[l], growth: c.growth?.text ?? '' }));
    return csv(reply, file, toCsv(cols<(typeof rows)[number]>(l, ['rank', 'name', 'gmv', 'compareGmv', 'growth', 'orders']), rows));
  });
}
