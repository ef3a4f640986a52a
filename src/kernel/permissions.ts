// Who may do what inside a store: roles and their permissions as one table. Pure data and lookups, no I/O.
// A store-scoped route names the permission it needs (src/access.ts); a member's role or an API key's scopes grant it.

export const PERMISSIONS = [
  'store.read', // the store, its documents, categories, deposit summary, after-sales window, members, audit
  'store.settings', // qualification documents, category applications, the after-sales window
  'store.close', // cancel the application, ask to close, reopen
  'catalog.read',
  'catalog.write', // products, drafts, images, channels, listing
  'prices.write',
  'stock.write',
  'orders.read',
  'orders.ship', // shipments, and changing the price of an unpaid order
  'aftersales.read',
  'aftersales.handle', // accept, reject, propose, confirm returns, reship, retry refunds
  'finance.read', // balance, settlements, deposit ledger, withdrawals
  'finance.withdraw', // withdraw the settled balance, set the account it is paid to
  'deposits.pay',
  'gifts.read',
  'gifts.manage', // free gifts, gift decoration, gifting switches, gift shops
  'marketing.read', // the member program, members, coupons and their claims
  'marketing.manage', // member levels and rules, manual points adjustments, coupons (create, void)
  'service.read', // the service account: followers, conversations, notice templates
  'service.reply', // answer buyers' messages
  'minisites.manage', // links with brand mini-sites (invite, cancel, end), cooperation gift activities
  'webhooks.manage', // webhook endpoints (their secrets), the delivery log, send again
  'staff.manage', // invite, change roles, remove, revoke invitations
  'api_keys.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Roles a member can be given (by invitation or a change); ownership is never handed out this way. */
export const ASSIGNABLE_ROLES = ['manager', 'operations', 'customer_service', 'finance', 'read_only'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
export const STORE_ROLES = ['owner', ...ASSIGNABLE_ROLES] as const;
export type StoreRole = (typeof STORE_ROLES)[number];

/** What an API key can never be given, whatever its creator may do: keys do not manage people or keys, nor take money out. */
export const KEY_FORBIDDEN: readonly Permission[] = ['staff.manage', 'api_keys.manage', 'finance.withdraw'];
export const KEY_SCOPES = PERMISSIONS.filter((p) => !KEY_FORBIDDEN.includes(p));

export const READS = PERMISSIONS.filter((p) => p.endsWith('.read'));

export const ROLE_PERMISSIONS: Record<StoreRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  // Runs the store day to day, staff included; the store's existence and its API keys stay the owner's.
  manager: PERMISSIONS.filter((p) => p !== 'store.close' && p !== 'api_keys.manage'),
  operations: ['store.read', 'catalog.read', 'catalog.write', 'prices.write', 'stock.write', 'orders.read', 'orders.ship', 'aftersales.read', 'gifts.read', 'gifts.manage', 'marketing.read', 'marketing.manage', 'minisites.manage', 'service.read', 'service.reply'],
  customer_service: ['store.read', 'catalog.read', 'orders.read', 'aftersales.read', 'aftersales.handle', 'gifts.read', 'marketing.read', 'service.read', 'service.reply'],
  finance: ['store.read', 'catalog.read', 'orders.read', 'aftersales.read', 'finance.read', 'deposits.pay'],
  read_only: READS,
};

export function roleCan(role: StoreRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isPermission(p: string): p is Permission {
  return (PERMISSIONS as readonly string[]).includes(p);
}
