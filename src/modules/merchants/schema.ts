import { sql } from 'drizzle-orm';
import {
  pgTable, uuid, text, timestamp, integer, boolean, jsonb, bigint, index, uniqueIndex, primaryKey, check,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.ts';
import { ASSIGNABLE_ROLES, STORE_ROLES } from '../../kernel/permissions.ts';

export type Names = { en: string; zh: string; vi: string };
export const ACCESS_POLICIES = ['open', 'targeted', 'paused'] as const;
export const SUBJECT_TYPES = ['enterprise', 'individual_business'] as const;
export const STORE_TYPES = ['flagship', 'specialty', 'enterprise', 'individual'] as const;
export const STORE_STATES = ['opening', 'open', 'closing', 'closed'] as const;
export const APPLICATION_STATES = ['in_review', 'approved', 'rejected', 'withdrawn'] as const;
/** Why an application waits for the operator although its category is open: checks of the store itself (rules.ts STORE_CHECKS). */
export const STORE_CHECK_REASONS = ['first_store_of_entity', 'flagship_brand_authorisation'] as const;
export const LEDGER_KINDS = ['payment', 'deduction', 'refund'] as const;
/** A claim on a legal entity registered by another account: licence documents, then the operator's decision. */
export const ENTITY_CLAIM_STATES = ['documents_required', 'in_review', 'granted', 'rejected', 'withdrawn'] as const;
/** How a claim was granted: the claimant's store joins the entity (the owner stays), or the claimant becomes its owner. */
export const ENTITY_GRANTS = ['attach', 'transfer'] as const;

export const categories = pgTable(
  'categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id'),
    level: integer('level').notNull(),
    code: text('code').notNull(),
    names: jsonb('names').$type<Names>().notNull(),
    policy: text('policy', { enum: ACCESS_POLICIES }).notNull().default('open'),
    /** Deposit in minor units: set on level 1, null below means inherited. */
    deposit: bigint('deposit', { mode: 'number' }),
    currency: text('currency').notNull().default('CNY'),
    /** Reduction of the deposit in basis points (a bulk cut), at most the configured maximum. */
    depositReductionBp: integer('deposit_reduction_bp').notNull().default(0),
    /** Zero-deposit: a new store sells at once until its paid GMV reaches the threshold. */
    zeroDeposit: boolean('zero_deposit').notNull().default(false),
    zeroDepositGmvThreshold: bigint('zero_deposit_gmv_threshold', { mode: 'number' }),
    commissionBp: integer('commission_bp'),
    sevenDayReturn: boolean('seven_day_return').notNull().default(true),
    /** Products of this category (or of any category below it) cannot be sent as gifts. */
    giftExcluded: boolean('gift_excluded').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('categories_code_key').on(t.code),
    index('categories_parent_idx').on(t.parentId),
    check('categories_level_check', sql`${t.level} between 1 and 3`),
    check('categories_reduction_check', sql`${t.depositReductionBp} between 0 and 10000`),
  ],
);

export const categoryQualifications = pgTable(
  'category_qualifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    categoryId: integer('category_id').notNull().references(() => categories.id),
    kind: text('kind').notNull(),
    mandatory: boolean('mandatory').notNull(),
    names: jsonb('names').$type<Names>().notNull(),
  },
  (t) => [uniqueIndex('category_qualifications_key').on(t.categoryId, t.kind)],
);

/** Bumped on every category change, so each process can tell whether its cached tree is stale. */
export const categoryTreeVersion = pgTable('category_tree_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

export const legalEntities = pgTable(
  'legal_entities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    registrationNumber: text('registration_number').notNull(),
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
    /** The account the entity belongs to: the one that registered it (or was granted it). Only its stores attach at once. */
    ownerId: uuid('owner_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('legal_entities_registration_key').on(t.registrationNumber)],
);

export const stores = pgTable(
  'stores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null while the store waits on a claim of an entity another account owns (see entity_claims). */
    legalEntityId: uuid('legal_entity_id').references(() => legalEntities.id),
    ownerId: uuid('owner_id').notNull().references(() => users.id),
    name: text('name').notNull(),
    storeType: text('store_type', { enum: STORE_TYPES }).notNull(),
    status: text('status', { enum: STORE_STATES }).notNull().default('opening'),
    /** Who started the closure of a closing store. */
    closingBy: text('closing_by', { enum: ['merchant', 'operator'] }),
    currency: text('currency').notNull().default('CNY'),
    /**
     * Paid GMV in minor units folded so far; the store's paid GMV is this plus its store_gmv_slots (paid-gmv.ts), which
     * decides when zero-deposit ends.
     */
    paidGmv: bigint('paid_gmv', { mode: 'number' }).notNull().default(0),
    /** The store's after-sales window in days, when it is longer than the platform's (null: the platform's). */
    afterSalesDays: integer('after_sales_days'),
    /** The IANA zone the store's days are counted in (its analytics); null: the platform's (TRIO_TIME_ZONE). */
    timeZone: text('time_zone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  // The operator's store list: newest first, by status (its page and its count).
  (t) => [index('stores_entity_idx').on(t.legalEntityId), index('stores_owner_idx').on(t.ownerId), index('stores_status_created_idx').on(t.status, t.createdAt)],
);

export const storeMembers = pgTable(
  'store_members',
  {
    storeId: uuid('store_id').notNull().references(() => stores.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    /** The member's store role; what each role may do is the table in src/kernel/permissions.ts. */
    role: text('role', { enum: STORE_ROLES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.userId] }),
    index('store_members_user_idx').on(t.userId),
    // One owner per store, and only the store's creator (stores.owner_id) is it.
    uniqueIndex('store_members_one_owner_key').on(t.storeId).where(sql`role = 'owner'`),
  ],
);

export const INVITATION_STATES = ['pending', 'accepted', 'declined', 'revoked'] as const;

/** An invitation to join a store with a role: the invitee (a merchant account with that e-mail) accepts or declines. */
export const storeInvitations = pgTable(
  'store_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull().references(() => stores.id),
    email: text('email').notNull(),
    role: text('role', { enum: ASSIGNABLE_ROLES }).notNull(),
    status: text('status', { enum: INVITATION_STATES }).notNull().default('pending'),
    invitedBy: uuid('invited_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    // At most one pending invitation per store and e-mail.
    uniqueIndex('store_invitations_pending_key').on(t.storeId, t.email).where(sql`status = 'pending'`),
    index('store_invitations_email_idx').on(t.email, t.status),
  ],
);

/**
 * A store applied for with the registration number of an entity another account owns: it waits, unattached and
 * counting nothing against the entity, until the operator grants or rejects the claim on the claimant's licence.
 */
export const entityClaims = pgTable(
  'entity_claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    legalEntityId: uuid('legal_entity_id').notNull().references(() => legalEntities.id),
    storeId: uuid('store_id').notNull().references(() => stores.id),
    claimantId: uuid('claimant_id').notNull().references(() => users.id),
    /** What the claimant typed (the entity's own name and type are never shown to them). */
    claimedName: text('claimed_name').notNull(),
    claimedSubjectType: text('claimed_subject_type', { enum: SUBJECT_TYPES }).notNull(),
    status: text('status', { enum: ENTITY_CLAIM_STATES }).notNull().default('documents_required'),
    documentIds: jsonb('document_ids').$type<string[]>().notNull().default([]),
    grant: text('grant', { enum: ENTITY_GRANTS }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    uniqueIndex('entity_claims_store_key').on(t.storeId),
    index('entity_claims_status_idx').on(t.status, t.submittedAt),
    index('entity_claims_entity_idx').on(t.legalEntityId),
  ],
);

export const categoryApplications = pgTable(
  'category_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull().references(() => stores.id),
    categoryId: integer('category_id').notNull().references(() => categories.id),
    status: text('status', { enum: APPLICATION_STATES }).notNull(),
    reason: text('reason'),
    documentIds: jsonb('document_ids').$type<string[]>().notNull().default([]),
    /** Checks of the store that sent this application to review whatever its category's policy (empty: the policy's own). */
    reviewReasons: jsonb('review_reasons').$type<(typeof STORE_CHECK_REASONS)[number][]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    index('category_applications_store_idx').on(t.storeId),
    index('category_applications_status_idx').on(t.status, t.createdAt),
    // At most one live (in review or approved) application per store and category.
    uniqueIndex('category_applications_live_key').on(t.storeId, t.categoryId).where(sql`status in ('in_review','approved')`),
  ],
);

export const qualificationDocuments = pgTable(
  'qualification_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull().references(() => stores.id),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    storagePath: text('storage_path').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('qualification_documents_store_idx').on(t.storeId)],
);

/**
 * A store's paid GMV split into slots, so that one store's payments do not queue on one row (paid-gmv.ts): a payment
 * adds to one slot while the slots stay under the next zero-deposit threshold; `base` is stores.paid_gmv when the
 * slots were last folded into it (kept equal to it).
 */
export const storeGmvSlots = pgTable(
  'store_gmv_slots',
  {
    storeId: uuid('store_id').notNull().references(() => stores.id),
    slot: integer('slot').notNull(),
    paid: bigint('paid', { mode: 'number' }).notNull().default(0),
    base: bigint('base', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.slot] })],
);

export const depositLedger = pgTable(
  'deposit_ledger',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid('store_id').notNull().references(() => stores.id),
    kind: text('kind', { enum: LEDGER_KINDS }).notNull(),
    /** Always positive, minor units; the kind says which way it moves the balance. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    /** Free text the operator wrote; null for entries the system makes (described from their kind and references). */
    note: text('note'),
    /** A top-up paid online: the payment it came from (the web says "paid online" in the reader's language). */
    paymentId: uuid('payment_id'),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deposit_ledger_store_idx').on(t.storeId, t.createdAt), check('deposit_ledger_amount_check', sql`${t.amount} > 0`)],
);
