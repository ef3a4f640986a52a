// Where each of the API's named enums (its state lists and kinds, generated in ./api/schema.ts) has its labels in
// the translations: `orders.state` holds `orders.state.<value>` in en, zh and vi. Keyed by the generated names, so a
// new named enum does not compile until it is given a place here; test/web/state-labels.test.ts fails when a value
// has no label in one language. `null`: never shown to a person (say why beside it).
import type { TFunction } from 'i18next';
import { enumValues, type EnumName } from './api/schema.ts';

export const STATE_LABELS: Record<EnumName, string | null> = {
  OrderState: 'orders.state',
  GiftState: 'gifts.state',
  GiftKind: 'gifts.kind',
  GiftActivityState: 'coopGifts.state',
  ClaimState: 'gifts.claimState',
  ReceivedGiftState: 'gifts.claimState',
  NotGiftableReason: 'gifts.notGiftable',
  CardPattern: 'gifts.decoration.patterns',
  // Never shown as a word: a store's free gift carries a tag of its own (gifts.store.free).
  GiftSource: null,
  // Never shown as a word: a carrier reads by its names in the list the server serves (GET /api/carriers).
  CarrierCode: null,
  // ISO 4217 codes: shown as the code itself (and by Intl in formatted amounts), the same in every language.
  DisplayCurrency: null,
  DisplayChoice: null, // currency codes (and 'none', shown as approx.none), not state words
  ApplicationStatus: 'status.application',
  StoreCheckReason: 'storeChecks.reason',
  OperatorProductMove: 'moderation.move',
  AssignableRole: 'merchant.staff.role',
  AuditActorRole: 'roles',
  CityTier: 'cityTier',
  EntityClaimStatus: 'tenancy.status',
  EntityGrant: 'tenancy.queue.granted',
  Gender: 'profile.genders',
  // Never shown: the web lists only the invitations still waiting (pending).
  InvitationStatus: null,
  KeyScope: 'permission',
  LedgerKind: 'ledgerKind',
  Permission: 'permission',
  Role: 'roles',
  StoreRole: 'merchant.staff.role',
  StoreStatus: 'status.store',
  MiniSiteLinkState: 'miniSites.state',
  MiniSiteLinkSide: 'miniSiteRules.endedBy',
  MiniSiteLocale: 'miniSites.locale',
  StoreType: 'storeType',
  SubjectType: 'subjectType',
  AccessPolicy: 'status.policy',
  Channel: 'catalog.channel',
  DraftState: 'catalog.draft',
  LiveState: 'catalog.live',
  StockReason: 'catalog.skus.reasons',
  ItemState: 'orders.itemState',
  RefundState: 'orders.refundState',
  OrderEvent: 'orders.event',
  ActorRole: 'roles',
  // Each button says its move in its own words (orders.detail.*, orders.merchant.*).
  OrderAction: null,
  // Shown as the sign of the amounts (a refund after settlement is negative).
  BalanceKind: null,
  AfterSaleType: 'aftersales.type',
  AfterSaleState: 'aftersales.state',
  AfterSaleEvent: 'aftersales.event',
  AfterSaleAction: 'aftersales.action',
  // The order page shows the item's requests instead of why no new one may be asked.
  AfterSaleRefusal: null,
  // The payment page shows each state as its own view, not as a label.
  PaymentState: null,
  PaymentPurpose: null,
  TradeState: 'orders.cashier.trade',
  FreightBasis: 'shipping.basis',
  WithdrawalState: 'withdrawals.state',
  ReceiverType: 'withdrawals.receiverType',
  ReceiverState: 'withdrawals.receiverState',
  ShareState: 'withdrawals.shareState',
  ProfitSharingReturnState: 'profitSharing.returnState',
  MiniSiteNoticeState: 'miniSiteNotices.states',
  MiniSiteNoticeEvent: 'miniSiteNotices.events',
  SectionKind: 'hostedSite.kind',
  SiteLocale: 'hostedSite.language',
  MemberSource: 'membership.source',
  MemberEventKind: 'membership.event',
  CouponState: 'coupons.state',
  HeldCouponState: 'coupons.heldState',
  CouponKind: 'coupons.kind',
  CouponAudience: 'coupons.audience',
  CouponScope: 'coupons.scope',
  CouponUseWindow: 'coupons.useWindow',
  WebhookEndpointState: 'webhooks.states',
  WebhookDisabledReason: 'webhooks.reasons',
  WebhookDeliveryState: 'webhooks.log.states',
  // Event names are the API's identifiers (the receiver's code matches them): shown as code; groups have labels (webhooks.groups).
  WebhookEventSelection: null,
  FollowSource: 'service.source',
  NoticeKind: 'service.noticeKind',
  MuteKind: 'service.noticeKind',
  // Never shown as a word: an inbox message shows as its text, styled by who wrote it.
  InboxMessageKind: null,
};

/** The label of one value of a named enum, in the current language. */
export function stateLabel<N extends EnumName>(t: TFunction, name: N, value: (typeof enumValues)[N][number]): string {
  const at = STATE_LABELS[name];
  return at ? t(`${at}.${value}`) : String(value);
}
