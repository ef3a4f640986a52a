// Requests and answers of the hosted mini-site's sections, as named OpenAPI components (the web's generated types
// call them by these names).
import { z } from 'zod';
import { named, uuidParam } from '../../kernel/http.ts';
import { richTextSchema } from '../catalog/index.ts';
import { SECTION_KINDS } from './sections-schema.ts';
import { MAX_FEATURED_PRODUCTS, MAX_SHELF_COUPONS, SITE_LOCALES } from './sections-rules.ts';

export const sectionKindSchema = named(z.enum(SECTION_KINDS), 'SectionKind');
export const siteLocaleSchema = named(z.enum(SITE_LOCALES), 'SiteLocale');

const title = z.string().trim().max(80);
const plain = z.string().trim().max(500);
/** Texts per language; which languages are there is checked by the service (the mini-site's default must be). */
const perLanguage = <T extends z.ZodType>(texts: T) => z.object({ en: texts.optional(), zh: texts.optional(), vi: texts.optional() });
const ids = (max: number) => z.array(uuidParam).max(max).refine((a) => new Set(a).size === a.length, 'must not repeat an id');

const common = { visible: z.boolean().default(true) };
export const sectionInputSchema = named(z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hero'), ...common, data: z.object({ imageId: uuidParam.nullable().default(null) }), content: perLanguage(z.object({ title: title.min(1), subtitle: z.string().trim().max(200).default('') })) }),
  z.object({ kind: z.literal('story'), ...common, data: z.object({}).default({}), content: perLanguage(z.object({ title: title.default(''), body: richTextSchema.trim().min(1) })) }),
  z.object({ kind: z.literal('featured'), ...common, data: z.object({ productIds: ids(MAX_FEATURED_PRODUCTS).min(1) }), content: perLanguage(z.object({ title: title.default('') })) }),
  z.object({ kind: z.literal('coupons'), ...common, data: z.object({ storeId: uuidParam, couponIds: ids(MAX_SHELF_COUPONS).default([]) }), content: perLanguage(z.object({ title: title.default('') })) }),
  z.object({ kind: z.literal('membership'), ...common, data: z.object({}).default({}), content: perLanguage(z.object({ title: title.min(1), body: plain.default('') })) }),
  z.object({ kind: z.literal('gift'), ...common, data: z.object({ activityId: uuidParam }), content: perLanguage(z.object({ title: title.min(1), body: plain.default('') })) }),
  z.object({ kind: z.literal('store'), ...common, data: z.object({ storeId: uuidParam }), content: perLanguage(z.object({ title: title.default('') })) }),
]), 'SectionInput');
export type SectionInput = z.infer<typeof sectionInputSchema>;

const textsSchema = z.object({ title: z.string().optional(), subtitle: z.string().optional(), body: z.string().optional() });
const imageSchema = named(z.object({ id: z.string(), width: z.number(), height: z.number(), urls: z.object({ thumb: z.string(), large: z.string() }) }), 'MiniSiteImage');
export { imageSchema as miniSiteImageSchema };
const dataSchema = z.object({
  imageId: z.string().nullable().optional(), productIds: z.array(z.string()).optional(), storeId: z.string().optional(),
  couponIds: z.array(z.string()).optional(), activityId: z.string().optional(),
});

/** A section as the owners edit it (the draft). */
export const draftSectionSchema = named(z.object({
  id: z.string(), kind: sectionKindSchema, position: z.number(), visible: z.boolean(),
  data: dataSchema, content: z.object({ en: textsSchema.optional(), zh: textsSchema.optional(), vi: textsSchema.optional() }),
  updatedAt: z.string(),
}), 'DraftSection');

const siteSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), appId: z.string(), defaultLocale: siteLocaleSchema });

export const sectionsDraftSchema = named(z.object({
  miniSite: siteSchema,
  sections: z.array(draftSectionSchema),
  draftVersion: z.number(),
  publishedVersion: z.number(),
  publishedAt: z.string().nullable(),
  publishedByName: z.string().nullable().describe('Who published the version visitors see'),
  unpublishedChanges: z.boolean().describe('The draft differs from what visitors see'),
}), 'SectionsDraft');

/** A section as a visitor reads it: the texts of one language (see `lang`), the references to show. */
export const sectionViewSchema = named(z.object({
  id: z.string(), kind: sectionKindSchema, lang: siteLocaleSchema,
  title: z.string(), subtitle: z.string(), body: z.string(),
  image: imageSchema.nullable(),
  productIds: z.array(z.string()), storeId: z.string().nullable(), couponIds: z.array(z.string()), activityId: z.string().nullable(),
}), 'SectionView');

export const hostedPageSchema = named(z.object({
  miniSite: siteSchema,
  lang: siteLocaleSchema,
  version: z.number().describe('Counts publications; 0: nothing published yet'),
  publishedAt: z.string().nullable(),
  sections: z.array(sectionViewSchema),
}), 'HostedPage');
