// The onboarding API's shapes, named in the OpenAPI document (#/components/schemas/<Name>) so the web's generated
// types call them by these names and its state lists come from here (enumValues.StoreStatus...). Each state list is
// one instance: every route that shows a store status refers to the one StoreStatus component.
import { z } from 'zod';
import { named, namesSchema } from '../../kernel/http.ts';
import { assignableRoleEnum, permissionEnum, storeRoleEnum } from '../accounts/api.ts';
import {
  ACCESS_POLICIES, APPLICATION_STATES, ENTITY_CLAIM_STATES, ENTITY_GRANTS, INVITATION_STATES, LEDGER_KINDS, STORE_CHECK_REASONS, STORE_STATES, STORE_TYPES, SUBJECT_TYPES,
} from './schema.ts';

export const storeStatusEnum = named(z.enum(STORE_STATES), 'StoreStatus');
export const storeTypeEnum = named(z.enum(STORE_TYPES), 'StoreType');
export const subjectTypeEnum = named(z.enum(SUBJECT_TYPES), 'SubjectType');
export const applicationStatusEnum = named(z.enum(APPLICATION_STATES), 'ApplicationStatus');
export const entityClaimStatusEnum = named(z.enum(ENTITY_CLAIM_STATES), 'EntityClaimStatus');
export const entityGrantEnum = named(
  z.enum(ENTITY_GRANTS).describe('attach: the claimant\'s store joins the entity; transfer: the claimant also becomes its owner'),
  'EntityGrant',
);
export const storeCheckReasonEnum = named(
  z.enum(STORE_CHECK_REASONS).describe('first_store_of_entity: the legal entity has no store the operator has checked yet; flagship_brand_authorisation: a flagship store\'s brand authorisation'),
  'StoreCheckReason',
);
export const ledgerKindEnum = named(z.enum(LEDGER_KINDS), 'LedgerKind');
export const invitationStatusEnum = named(z.enum(INVITATION_STATES), 'InvitationStatus');

export const applicationView = named(z.object({
  id: z.string(), storeId: z.string(), categoryId: z.number(), status: applicationStatusEnum, reason: z.string().nullable(),
  documentIds: z.array(z.string()),
  reviewReasons: z.array(storeCheckReasonEnum).describe('Why the application waits for the operator although its category may be open: checks of the store itself'),
  createdAt: z.string(), decidedAt: z.string().nullable(),
}), 'Application');
export const storeChecksView = named(z.object({
  reasons: z.array(storeCheckReasonEnum),
  documents: z.array(z.string()).describe('Document kinds the next category request must include (upload them first as documents of the store)'),
}).describe('Checks of the store itself the operator makes before it first opens: every category it asks for goes to review meanwhile'), 'StoreChecks');
export const categoryLabel = named(z.object({
  id: z.number(), code: z.string(), names: namesSchema, policy: z.enum(ACCESS_POLICIES), path: z.array(namesSchema).describe('The names of the category\'s ancestors, from the top'),
}), 'CategoryLabel');
export const depositView = named(z.object({
  currency: z.string(), due: z.number(), balance: z.number(), owed: z.number(), paidGmv: z.number(),
  byCategory: z.array(z.object({ categoryId: z.number(), required: z.number(), covered: z.boolean() })),
}), 'Deposit');
export const ledgerEntryView = named(z.object({
  id: z.number(), kind: ledgerKindEnum, amount: z.number(), currency: z.string(), note: z.string().nullable().describe("The operator's note; null on entries the system made"),
  paymentId: z.string().nullable().describe('A top-up paid online: its payment'), balance: z.number().describe('The balance after this entry'), createdAt: z.string(),
}), 'LedgerEntry');
export const documentView = named(z.object({
  id: z.string(), kind: z.string(), fileName: z.string(), mimeType: z.string(), sizeBytes: z.number(), createdAt: z.string(),
}), 'StoreDocument');
/** A document as a reviewer sees it beside an application or a claim. */
export const documentRef = named(z.object({ id: z.string(), kind: z.string(), fileName: z.string(), mimeType: z.string() }), 'DocumentRef');

export const entityClaimView = named(z.object({
  id: z.string(), status: entityClaimStatusEnum, documentIds: z.array(z.string()), reason: z.string().nullable(),
  createdAt: z.string(), submittedAt: z.string().nullable(), decidedAt: z.string().nullable(),
}).describe('The store was applied for with the registration number of an entity another account owns: it waits for the operator (entity review)'), 'EntityClaim');
const person = z.object({ userId: z.string(), email: z.string(), displayName: z.string() });
export const entityClaimItem = named(entityClaimView.extend({
  grant: entityGrantEnum.nullable(), claimant: person, claimedName: z.string(), claimedSubjectType: subjectTypeEnum,
  store: z.object({ id: z.string(), name: z.string(), storeType: storeTypeEnum, status: storeStatusEnum }),
  documents: z.array(documentRef),
  entity: z.object({
    id: z.string(), name: z.string(), registrationNumber: z.string(), subjectType: subjectTypeEnum, owner: person.nullable(),
    stores: z.array(z.object({ id: z.string(), name: z.string(), status: storeStatusEnum, ownedByOwner: z.boolean() })),
  }),
}).describe('A claim as the operator decides it: beside the entity, its owner and stores, and the claimant\'s documents'), 'EntityClaimItem');

export const storeDetail = named(z.object({
  id: z.string(), name: z.string(), storeType: storeTypeEnum, status: storeStatusEnum, currency: z.string(),
  ownerEmail: z.string(), createdAt: z.string(), openedAt: z.string().nullable(), closingBy: z.enum(['merchant', 'operator']).nullable().describe('Who started the closure of a closing store'),
  legalEntity: z.object({ id: z.string().nullable().describe('null while the store is in entity review: name and type are then those the applicant gave'), name: z.string(), registrationNumber: z.string(), subjectType: subjectTypeEnum }),
  entityClaim: entityClaimView.nullable(),
  applications: z.array(applicationView.extend({ category: categoryLabel })),
  checks: storeChecksView,
  deposit: depositView,
}), 'StoreDetail');
export const storeAccess = named(z.object({
  role: z.union([storeRoleEnum, z.literal('api_key')]),
  permissions: z.array(permissionEnum),
}).describe('What the caller may do in the store: its role there (or an API key) and the permissions that grants'), 'StoreAccess');
export const storeSummary = named(z.object({
  id: z.string(), name: z.string(), storeType: storeTypeEnum, status: storeStatusEnum, legalEntityName: z.string(),
  entityClaim: entityClaimStatusEnum.nullable().describe('The state of the store\'s claim on a legal entity, if it has one'),
  inReview: z.number(), approved: z.number(), createdAt: z.string(),
}), 'StoreSummary');

export const staffMember = named(z.object({ userId: z.string(), email: z.string(), displayName: z.string(), role: storeRoleEnum, since: z.string() }), 'StaffMember');
export const invitationView = named(z.object({
  id: z.string(), storeId: z.string(), email: z.string(), role: assignableRoleEnum, status: invitationStatusEnum, createdAt: z.string(), decidedAt: z.string().nullable(),
}), 'Invitation');
export const myInvitation = named(invitationView.extend({ storeName: z.string(), invitedByName: z.string() }), 'MyInvitation');
