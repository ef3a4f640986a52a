// The onboarding API's answers and state lists, as the server declares them (generated in ./api/schema.ts from its
// OpenAPI document): stores, applications, deposits, entity claims, staff, invitations, API keys, the audit log.
import { enumValues } from './api/schema.ts';
import type { Answer, Schemas } from './api.ts';

export type StoreStatus = Schemas['StoreStatus'];
export type StoreType = Schemas['StoreType'];
export type SubjectType = Schemas['SubjectType'];
export type ApplicationStatus = Schemas['ApplicationStatus'];
export type EntityClaimStatus = Schemas['EntityClaimStatus'];
export type EntityGrant = Schemas['EntityGrant'];
export type LedgerKind = Schemas['LedgerKind'];
export type InvitationStatus = Schemas['InvitationStatus'];
export type Gender = Schemas['Gender'];
export type CityTier = Schemas['CityTier'];

export const STORE_STATUSES = enumValues.StoreStatus;
export const STORE_TYPES = enumValues.StoreType;
export const SUBJECT_TYPES = enumValues.SubjectType;
export const APPLICATION_STATUSES = enumValues.ApplicationStatus;
export const ENTITY_CLAIM_STATUSES = enumValues.EntityClaimStatus;
export const LEDGER_KINDS = enumValues.LedgerKind;
export const CITY_TIERS = enumValues.CityTier;
export const GENDERS = enumValues.Gender;

export type CategoryLabel = Schemas['CategoryLabel'];
export type Application = Schemas['Application'];
export type Deposit = Schemas['Deposit'];
export type LedgerEntry = Schemas['LedgerEntry'];
export type EntityClaim = Schemas['EntityClaim'];
/** A claim as the operator decides it: beside the entity, its owner and stores. */
export type EntityClaimItem = Schemas['EntityClaimItem'];
export type DocumentInfo = Schemas['StoreDocument'];
/** A store as the operator sees it, and as a status change answers it. */
export type Store = Schemas['StoreDetail'];
/** What the signed-in member may do in a store: its role there and the permissions it grants. */
export type StoreAccess = Schemas['StoreAccess'];
/** A store as its member sees it: the store and what the member may do in it (`me`). */
export type StoreDetail = Answer<'/api/merchant/stores/{storeId}', 'get'>;
export type StoreSummary = Schemas['StoreSummary'];
/** In My stores: a store with the signed-in member's role in it. */
export type MyStore = Answer<'/api/merchant/stores', 'get'>[number];
/** An application in the operator's review queue, with its store, category and documents. */
export type QueueItem = Schemas['QueueItem'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];
export type ApiKey = Schemas['ApiKey'];
export type StaffMember = Schemas['StaffMember'];
export type Invitation = Schemas['Invitation'];
export type MyInvitation = Schemas['MyInvitation'];

// Names in three languages; the category tree's own types live in ./categories.ts.
export type Names = CategoryLabel['names'];
export type Policy = Schemas['AccessPolicy'];
