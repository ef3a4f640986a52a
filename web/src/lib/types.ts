// Shapes of the API's answers (see /openapi.json).
import type { AssignableRole, Permission, StoreRole } from '../../../src/kernel/permissions.ts';
export type Names = { en: string; zh: string; vi: string };
export type Policy = 'open' | 'targeted' | 'paused';
export type StoreStatus = 'opening' | 'open' | 'closing' | 'closed';
export type ApplicationStatus = 'in_review' | 'approved' | 'rejected' | 'withdrawn';
export type StoreType = 'flagship' | 'specialty' | 'enterprise' | 'individual';
export type SubjectType = 'enterprise' | 'individual_business';
export type LedgerKind = 'payment' | 'deduction' | 'refund';

export const POLICIES: Policy[] = ['open', 'targeted', 'paused'];
export const STORE_STATUSES: StoreStatus[] = ['opening', 'open', 'closing', 'closed'];
export const APPLICATION_STATUSES: ApplicationStatus[] = ['in_review', 'approved', 'rejected', 'withdrawn'];
export const STORE_TYPES: StoreType[] = ['flagship', 'specialty', 'enterprise', 'individual'];
export const SUBJECT_TYPES: SubjectType[] = ['enterprise', 'individual_business'];
export const LEDGER_KINDS: LedgerKind[] = ['payment', 'deduction', 'refund'];
export const CITY_TIERS = ['tier_1', 'new_tier_1', 'tier_2', 'tier_3', 'tier_4_below', 'overseas'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;

export type Qualification = { kind: string; mandatory: boolean; names: Names };
export type CategoryNode = {
  id: number;
  parentId: number | null;
  level: 1 | 2 | 3;
  code: string;
  names: Names;
  policy: Policy;
  currency: string;
  deposit: number | null;
  depositReductionBp: number;
  effectiveDeposit: number;
  zeroDeposit: boolean;
  zeroDepositGmvThreshold: number | null;
  commissionBp: number;
  sevenDayReturn: boolean;
  /** Set on this category: its products (and those below) cannot be sent as gifts. */
  giftExcluded?: boolean;
  /** Excluded from gifts here or by an ancestor. */
  giftExcludedEffective?: boolean;
  qualifications: Qualification[];
  children: CategoryNode[];
};
export type CategoryTree = { version: number; categories: CategoryNode[] };

export type CategoryLabel = { id: number; code: string; names: Names; policy: Policy; path: Names[] };
export type Application = {
  id: string;
  storeId: string;
  categoryId: number;
  status: ApplicationStatus;
  reason: string | null;
  documentIds: string[];
  createdAt: string;
  decidedAt: string | null;
};
export type Deposit = {
  currency: string;
  due: number;
  balance: number;
  owed: number;
  paidGmv: number;
  byCategory: { categoryId: number; required: number; covered: boolean }[];
};
export type LedgerEntry = { id: number; kind: LedgerKind; amount: number; currency: string; note: string | null; balance: number; createdAt: string };
export type StoreDetail = {
  id: string;
  name: string;
  storeType: StoreType;
  status: StoreStatus;
  currency: string;
  ownerEmail: string;
  createdAt: string;
  openedAt: string | null;
  /** id is null while the store is in entity review: name and type are then the ones the merchant gave. */
  legalEntity: { id: string | null; name: string; registrationNumber: string; subjectType: SubjectType };
  entityClaim: EntityClaim | null;
  applications: (Application & { category: CategoryLabel })[];
  deposit: Deposit;
  /** What the signed-in member may do in this store. */
  me: { role: StoreRole | 'api_key'; permissions: Permission[] };
};
export type StoreSummary = {
  id: string;
  /** In My stores: the signed-in member's role in the store. */
  myRole?: StoreRole;
  name: string;
  storeType: StoreType;
  status: StoreStatus;
  legalEntityName: string;
  entityClaim: EntityClaimStatus | null;
  inReview: number;
  approved: number;
  createdAt: string;
};
export const ENTITY_CLAIM_STATUSES = ['documents_required', 'in_review', 'granted', 'rejected', 'withdrawn'] as const;
export type EntityClaimStatus = (typeof ENTITY_CLAIM_STATUSES)[number];
/** A store applied for with the registration number of an entity another account owns, waiting for the operator. */
export type EntityClaim = {
  id: string;
  status: EntityClaimStatus;
  documentIds: string[];
  reason: string | null;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
};
type Person = { userId: string; email: string; displayName: string };
/** A claim as the operator decides it: beside the entity, its owner and stores. */
export type EntityClaimItem = EntityClaim & {
  grant: 'attach' | 'transfer' | null;
  claimant: Person;
  claimedName: string;
  claimedSubjectType: SubjectType;
  store: { id: string; name: string; storeType: StoreType; status: StoreStatus };
  documents: { id: string; kind: string; fileName: string; mimeType: string }[];
  entity: {
    id: string; name: string; registrationNumber: string; subjectType: SubjectType; owner: Person | null;
    stores: { id: string; name: string; status: StoreStatus; ownedByOwner: boolean }[];
  };
};
export type QueueItem = Application & {
  storeName: string;
  category: CategoryLabel;
  documents: { id: string; kind: string; fileName: string; mimeType: string }[];
};
export type DocumentInfo = { id: string; kind: string; fileName: string; mimeType: string; sizeBytes: number; createdAt: string };
export type AuditEntry = {
  id: number;
  at: string;
  actorId: string | null;
  actorRole: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  storeId: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
};
export type AuditPage = { items: AuditEntry[]; nextBeforeId: number | null };
export type ApiKey = { id: string; name: string; prefix: string; scopes: Permission[]; createdAt: string; revokedAt: string | null; lastUsedAt: string | null };
export type StaffMember = { userId: string; email: string; displayName: string; role: StoreRole; since: string };
export type Invitation = { id: string; storeId: string; email: string; role: AssignableRole; status: 'pending' | 'accepted' | 'declined' | 'revoked'; createdAt: string; decidedAt: string | null };
export type MyInvitation = Invitation & { storeName: string; invitedByName: string };
export type BulkAction =
  | { type: 'set_policy'; policy: Policy }
  | { type: 'cut_deposit'; percent: number }
  | { type: 'zero_deposit'; gmvThreshold: number }
  | { type: 'clear_zero_deposit' };
export type BulkResult = {
  selected: number;
  changed: number;
  changes: { categoryId: number; code: string; names: Names; before: Record<string, unknown>; after: Record<string, unknown> }[];
};
