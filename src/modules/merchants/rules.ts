// Pure rules of merchant onboarding: state machines, deposits, application outcomes, bulk changes. No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import { applyBasisPoints } from '../../kernel/money.ts';
import { Invalid } from '../../kernel/errors.ts';
import type { ACCESS_POLICIES, APPLICATION_STATES, ENTITY_CLAIM_STATES, INVITATION_STATES, STORE_CHECK_REASONS, STORE_STATES, STORE_TYPES } from './schema.ts';

export type AccessPolicy = (typeof ACCESS_POLICIES)[number];
export type StoreState = (typeof STORE_STATES)[number];
export type StoreType = (typeof STORE_TYPES)[number];
export type StoreCheckReason = (typeof STORE_CHECK_REASONS)[number];
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export type StoreEvent = 'review_complete' | 'entity_refused' | 'cancel' | 'request_close' | 'close_by_operator' | 'reopen' | 'reinstate' | 'complete_close';
/** Events the system fires (a review completing, the operator refusing a store's claim on an entity), never by hand. */
export type SystemStoreEvent = 'review_complete' | 'entity_refused';
export const storeMachine = defineMachine<StoreState, StoreEvent>('store', [
  { from: 'opening', event: 'review_complete', to: 'open' },
  { from: 'opening', event: 'entity_refused', to: 'closed' },
  { from: 'opening', event: 'cancel', to: 'closed' },
  { from: 'open', event: 'request_close', to: 'closing' },
  { from: 'open', event: 'close_by_operator', to: 'closing' },
  { from: 'closing', event: 'reopen', to: 'open' },
  { from: 'closing', event: 'reinstate', to: 'open' },
  { from: 'closing', event: 'complete_close', to: 'closed' },
]);
export type InvitationState = (typeof INVITATION_STATES)[number];
export type InvitationEvent = 'accept' | 'decline' | 'revoke';
/** A store invitation: the invitee accepts or declines it, the store revokes it; each only while it is pending. */
export const invitationMachine = defineMachine<InvitationState, InvitationEvent>('store_invitation', [
  { from: 'pending', event: 'accept', to: 'accepted' },
  { from: 'pending', event: 'decline', to: 'declined' },
  { from: 'pending', event: 'revoke', to: 'revoked' },
]);

/** Which role may fire which store event by hand. */
export const STORE_EVENT_ROLES: Record<Exclude<StoreEvent, SystemStoreEvent>, 'merchant' | 'operator'> = {
  cancel: 'merchant',
  request_close: 'merchant',
  reopen: 'merchant',
  reinstate: 'operator',
  close_by_operator: 'operator',
  complete_close: 'operator',
};

/** Who started a closure: the merchant may take back only its own request; the operator's, only the operator. */
export type ClosingBy = 'merchant' | 'operator';
export function closingBy(event: StoreEvent): ClosingBy | undefined {
  return event === 'request_close' ? 'merchant' : event === 'close_by_operator' ? 'operator' : undefined;
}
export function mayReopen(event: StoreEvent, startedBy: ClosingBy | null): boolean {
  if (event === 'reopen') return startedBy !== 'operator';
  return true;
}

export type ApplicationEvent = 'approve' | 'reject' | 'withdraw';
export const applicationMachine = defineMachine<ApplicationState, ApplicationEvent>('category_application', [
  { from: 'in_review', event: 'approve', to: 'approved' },
  { from: 'in_review', event: 'reject', to: 'rejected' },
  { from: 'in_review', event: 'withdraw', to: 'withdrawn' },
]);

export type EntityClaimState = (typeof ENTITY_CLAIM_STATES)[number];
export type EntityClaimEvent = 'submit' | 'grant' | 'reject' | 'withdraw';
/** A claim the operator has yet to decide: it holds the claimant's store back. */
export const LIVE_CLAIM_STATES = ['documents_required', 'in_review'] as const satisfies readonly EntityClaimState[];
/** A claim on another account's legal entity: the claimant sends its licence, the operator decides. */
export const entityClaimMachine = defineMachine<EntityClaimState, EntityClaimEvent>('entity_claim', [
  { from: 'documents_required', event: 'submit', to: 'in_review' },
  { from: 'in_review', event: 'submit', to: 'in_review' },
  { from: 'in_review', event: 'grant', to: 'granted' },
  { from: 'in_review', event: 'reject', to: 'rejected' },
  { from: 'documents_required', event: 'withdraw', to: 'withdrawn' },
  { from: 'in_review', event: 'withdraw', to: 'withdrawn' },
]);

/** Who a store application with an entity's registration number is for: the entity's owner attaches; anyone else claims. */
export function entityApplicant(entityOwnerId: string | null, userId: string): 'owner' | 'claimant' {
  return entityOwnerId === userId ? 'owner' : 'claimant';
}

/** The deposit-relevant facts of a category and its ancestors, leaf last. */
export type CategoryChainLink = {
  id: number;
  deposit: number | null;
  depositReductionBp: number;
  zeroDeposit: boolean;
  zeroDepositGmvThreshold: number | null;
  commissionBp: number | null;
};

/** Base deposit: the nearest deposit set on the chain (level 1 sets it, lower levels may override). */
export function baseDeposit(chain: CategoryChainLink[]): number {
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].deposit != null) return chain[i].deposit as number;
  return 0;
}

/** Deposit after the leaf's reduction, rounded in minor units. */
export function effectiveDeposit(chain: CategoryChainLink[]): number {
  const base = baseDeposit(chain);
  const leaf = chain[chain.length - 1];
  return base - applyBasisPoints(base, leaf.depositReductionBp);
}

export function effectiveCommissionBp(chain: CategoryChainLink[]): number {
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].commissionBp != null) return chain[i].commissionBp as number;
  return 0;
}

/** What a store must hold for one category: nothing while zero-deposit and under the GMV threshold. */
export function depositRequired(chain: CategoryChainLink[], storePaidGmv: number): number {
  const leaf = chain[chain.length - 1];
  if (leaf.zeroDeposit && (leaf.zeroDepositGmvThreshold == null || storePaidGmv < leaf.zeroDepositGmvThreshold)) return 0;
  return effectiveDeposit(chain);
}

/** The store owes the highest deposit among its approved categories. */
export function depositDue(approved: CategoryChainLink[][], storePaidGmv: number): number {
  return approved.reduce((max, chain) => Math.max(max, depositRequired(chain, storePaidGmv)), 0);
}

export type LedgerKind = 'payment' | 'deduction' | 'refund';
export function ledgerBalance(entries: { kind: LedgerKind; amount: number }[]): number {
  return entries.reduce((b, e) => (e.kind === 'payment' ? b + e.amount : b - e.amount), 0);
}

/** The outcome of asking for a category: approved at once, waiting for review, or refused. */
export function applicationOutcome(
  policy: AccessPolicy,
  mandatoryKinds: string[],
  providedKinds: string[],
): { status: 'approved' | 'in_review' } | { refused: 'category_paused' } | { refused: 'qualification_missing'; missing: string[] } {
  if (policy === 'paused') return { refused: 'category_paused' };
  const missing = mandatoryKinds.filter((k) => !providedKinds.includes(k));
  if (missing.length) return { refused: 'qualification_missing', missing };
  return { status: policy === 'open' ? 'approved' : 'in_review' };
}

/** What decides whether a store that is opening is checked by the operator itself, whatever its categories' policies. */
export type StoreFacts = {
  status: StoreState;
  storeType: StoreType;
  /** The operator has checked the store's legal entity: one of its stores has opened before, or this store claims the entity (the claim is that check). */
  entityVerified: boolean;
};

/**
 * Checks of the store itself, made by the operator before the store first opens: each applies to some stores, sends
 * every category it asks for to review (even open ones) and needs these documents with the request.
 */
export const STORE_CHECKS: { reason: StoreCheckReason; appliesTo: (s: StoreFacts) => boolean; documents: string[] }[] = [
  { reason: 'first_store_of_entity', appliesTo: (s) => !s.entityVerified, documents: ['business_licence'] },
  { reason: 'flagship_brand_authorisation', appliesTo: (s) => s.storeType === 'flagship', documents: ['brand_authorisation'] },
];

/** The checks a store is due and the documents they need: none once it has opened (later requests follow the policies). */
export function storeChecks(s: StoreFacts): { reasons: StoreCheckReason[]; documents: string[] } {
  const due = s.status === 'opening' ? STORE_CHECKS.filter((c) => c.appliesTo(s)) : [];
  return { reasons: due.map((c) => c.reason), documents: [...new Set(due.flatMap((c) => c.documents))] };
}

/** An application's outcome once the store's own checks are counted: an approval at once waits for the operator while any is due. */
export function withStoreChecks(status: 'approved' | 'in_review', reasons: StoreCheckReason[]): 'approved' | 'in_review' {
  return reasons.length ? 'in_review' : status;
}

/** A store in review opens when nothing is left in review and at least one category is approved. */
export function reviewComplete(counts: { inReview: number; approved: number }): boolean {
  return counts.inReview === 0 && counts.approved > 0;
}

export type BulkAction =
  | { type: 'set_policy'; policy: AccessPolicy }
  | { type: 'cut_deposit'; percent: number }
  | { type: 'zero_deposit'; gmvThreshold: number }
  | { type: 'clear_zero_deposit' };

export type BulkLeaf = CategoryChainLink & { code: string; policy: AccessPolicy };
/** What a bulk action shows of a category before and after it: only the fields that action changes. */
export type BulkFields = { policy?: AccessPolicy; deposit?: number; reductionPercent?: number; zeroDeposit?: boolean; gmvThreshold?: number | null };
export type BulkChange = {
  categoryId: number;
  code: string;
  before: BulkFields;
  after: BulkFields;
  /** The column values to write. */
  set: Partial<{ policy: AccessPolicy; depositReductionBp: number; zeroDeposit: boolean; zeroDepositGmvThreshold: number | null }>;
};

/** The changes a bulk action would make to the selected leaves; leaves it would not change are left out. */
export function planBulkChange(leaves: { leaf: BulkLeaf; chain: CategoryChainLink[] }[], action: BulkAction, maxCutBp: number): BulkChange[] {
  if (action.type === 'cut_deposit') {
    const bp = Math.round(action.percent * 100);
    // Percent with at most two decimals; 0.29 * 100 is 28.999999999999996 in floating point, so compare with a tolerance.
    if (Math.abs(action.percent * 100 - bp) > 1e-6 || bp <= 0 || bp > maxCutBp) {
      throw new Invalid('deposit_cut_out_of_range', `A deposit cut must be between 0.01 % and ${maxCutBp / 100} %.`, { maxPercent: maxCutBp / 100 });
    }
  }
  const changes: BulkChange[] = [];
  for (const { leaf, chain } of leaves) {
    switch (action.type) {
      case 'set_policy':
        if (leaf.policy !== action.policy)
          changes.push({ categoryId: leaf.id, code: leaf.code, before: { policy: leaf.policy }, after: { policy: action.policy }, set: { policy: action.policy } });
        break;
      case 'cut_deposit': {
        const bp = Math.round(action.percent * 100);
        if (leaf.depositReductionBp === bp) break;
        const after = [...chain.slice(0, -1), { ...leaf, depositReductionBp: bp }];
        changes.push({
          categoryId: leaf.id,
          code: leaf.code,
          before: { deposit: effectiveDeposit(chain), reductionPercent: leaf.depositReductionBp / 100 },
          after: { deposit: effectiveDeposit(after), reductionPercent: bp / 100 },
          set: { depositReductionBp: bp },
        });
        break;
      }
      case 'zero_deposit':
        if (leaf.zeroDeposit && leaf.zeroDepositGmvThreshold === action.gmvThreshold) break;
        changes.push({
          categoryId: leaf.id,
          code: leaf.code,
          before: { zeroDeposit: leaf.zeroDeposit, gmvThreshold: leaf.zeroDepositGmvThreshold },
          after: { zeroDeposit: true, gmvThreshold: action.gmvThreshold },
          set: { zeroDeposit: true, zeroDepositGmvThreshold: action.gmvThreshold },
        });
        break;
      case 'clear_zero_deposit':
        if (!leaf.zeroDeposit) break;
        changes.push({
          categoryId: leaf.id,
          code: leaf.code,
          before: { zeroDeposit: true, gmvThreshold: leaf.zeroDepositGmvThreshold },
          after: { zeroDeposit: false, gmvThreshold: null },
          set: { zeroDeposit: false, zeroDepositGmvThreshold: null },
        });
        break;
    }
  }
  return changes;
}

/** Accepted qualification uploads, recognised by their first bytes (the declared type is not trusted). */
export const DOCUMENT_TYPES = [
  { mime: 'application/pdf', ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { mime: 'image/webp', ext: 'webp', magic: [0x52, 0x49, 0x46, 0x46] },
] as const;

export function sniffDocumentType(head: Uint8Array) {
  return DOCUMENT_TYPES.find((t) => t.magic.every((b, i) => head[i] === b) && (t.ext !== 'webp' || String.fromCharCode(...head.slice(8, 12)) === 'WEBP'));
}

/**
 * A cheap structural check that a PDF is whole and has a page: the header, an end-of-file marker in its last KiB
 * (a cut-off upload has none) and a page object. Page objects kept in compressed object streams (PDF 1.5+) are
 * looked for in those streams, inflated by `inflate`; anything else (encryption, other filters) is not parsed.
 */
export function pdfLooksWhole(data: Buffer, inflate: (b: Buffer) => Buffer): boolean {
  if (data.subarray(0, 5).toString('latin1') !== '%PDF-') return false;
  if (!data.subarray(Math.max(0, data.length - 1024)).toString('latin1').includes('%%EOF')) return false;
  const text = data.toString('latin1');
  const PAGE = /\/Type\s*\/Page(?![a-zA-Z])/;
  if (PAGE.test(text)) return true;
  for (const m of text.matchAll(/\/Type\s*\/ObjStm\b[^]*?stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      if (PAGE.test(inflate(data.subarray(start, end)).toString('latin1'))) return true;
    } catch {
      // Not a Flate stream, or a broken one: no page found there.
    }
  }
  return false;
}
