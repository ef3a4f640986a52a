// Who may call every /api route, in one table: `METHOD /url` -> access. The route registration reads it
// (src/kernel/auth.ts): a route without an entry stops the app from starting, and test/api/access-walk.test.ts finds
// entries without a route and calls every route with every kind of caller.
// Store roles and what they may do: src/kernel/permissions.ts.
import type { Access, AccessRole, AccessTable } from './kernel/auth.ts';
import type { Permission } from './kernel/permissions.ts';

const pub: Access = 'public';
/** These roles, each reaching only their own rows (the handler filters by the caller). */
const own = (...roles: AccessRole[]): Access => ({ roles, scope: 'own' });
const platform: Access = { roles: ['operator'], scope: 'platform' };
const signedIn = own('operator', 'merchant', 'buyer');
const buyer = own('buyer');
/** Members of the store in :storeId whose role grants the permission, and the store's API keys holding it in scope. */
const store = (permission: Permission): Access => ({ roles: ['merchant', 'api_key'], storeParam: 'storeId', permission });
/** The same, for people only (the handler needs a person: uploads, payments, staff, keys). */
const storePerson = (permission: Permission): Access => ({ roles: ['merchant'], storeParam: 'storeId', permission });

const S = '/api/merchant/stores/:storeId';

export const accessTable: AccessTable = {
  // accounts
  'POST /api/auth/register': pub,
  'POST /api/auth/login': pub,
  'POST /api/auth/logout': signedIn,
  'GET /api/me': signedIn,
  'PATCH /api/me': signedIn,
  [`GET ${S}/api-keys`]: storePerson('api_keys.manage'),
  [`POST ${S}/api-keys`]: storePerson('api_keys.manage'),
  [`DELETE ${S}/api-keys/:keyId`]: storePerson('api_keys.manage'),

  // merchants: categories, stores, onboarding, deposits, staff
  'GET /api/categories': pub,
  'GET /api/merchant/stores': own('merchant'),
  'POST /api/merchant/stores': own('merchant'),
  [`GET ${S}`]: store('store.read'),
  [`POST ${S}/documents`]: storePerson('store.settings'),
  [`GET ${S}/documents`]: storePerson('store.read'),
  [`GET ${S}/documents/:documentId`]: storePerson('store.read'),
  [`POST ${S}/category-applications`]: storePerson('store.settings'),
  [`POST ${S}/category-applications/:applicationId/withdraw`]: storePerson('store.settings'),
  [`POST ${S}/status`]: storePerson('store.close'),
  [`GET ${S}/after-sales-window`]: store('store.read'),
  [`PUT ${S}/after-sales-window`]: storePerson('store.settings'),
  [`GET ${S}/deposit`]: store('finance.read'),
  [`POST ${S}/deposit/top-ups`]: storePerson('deposits.pay'),
  [`GET ${S}/listing-eligibility`]: store('catalog.read'),
  [`GET ${S}/audit`]: storePerson('store.read'),
  [`GET ${S}/staff`]: storePerson('store.read'),
  [`PATCH ${S}/staff/:userId`]: storePerson('staff.manage'),
  [`DELETE ${S}/staff/:userId`]: storePerson('staff.manage'),
  [`GET ${S}/invitations`]: storePerson('store.read'),
  [`POST ${S}/invitations`]: storePerson('staff.manage'),
  [`DELETE ${S}/invitations/:invitationId`]: storePerson('staff.manage'),
  'GET /api/merchant/invitations': own('merchant'),
  'POST /api/merchant/invitations/:invitationId/accept': own('merchant'),
  'POST /api/merchant/invitations/:invitationId/decline': own('merchant'),
  'GET /api/operator/stores': platform,
  'GET /api/operator/stores/:storeId': platform,
  'POST /api/operator/stores/:storeId/status': platform,
  'POST /api/operator/stores/:storeId/deposit-ledger': platform,
  'GET /api/operator/applications': platform,
  'POST /api/operator/applications/:applicationId/approve': platform,
  'POST /api/operator/applications/:applicationId/reject': platform,
  'GET /api/operator/documents/:documentId': platform,
  'PATCH /api/operator/categories/:categoryId': platform,
  'POST /api/operator/categories/bulk/preview': platform,
  'POST /api/operator/categories/bulk/apply': platform,
  'GET /api/operator/audit': platform,

  // catalog
  [`GET ${S}/products`]: store('catalog.read'),
  [`POST ${S}/products`]: store('catalog.write'),
  [`GET ${S}/products/:productId`]: store('catalog.read'),
  [`PUT ${S}/products/:productId/draft`]: store('catalog.write'),
  [`POST ${S}/products/:productId/submit`]: store('catalog.write'),
  [`POST ${S}/products/:productId/cancel-review`]: store('catalog.write'),
  [`POST ${S}/products/:productId/delist`]: store('catalog.write'),
  [`POST ${S}/products/:productId/relist`]: store('catalog.write'),
  [`POST ${S}/images`]: store('catalog.write'),
  [`POST ${S}/prices/preview`]: store('prices.write'),
  [`POST ${S}/prices/apply`]: store('prices.write'),
  [`PUT ${S}/skus/:skuId/price`]: store('prices.write'),
  [`POST ${S}/skus/:skuId/stock`]: store('stock.write'),
  [`GET ${S}/price-history`]: store('catalog.read'),
  [`GET ${S}/stock-flows`]: store('catalog.read'),
  [`GET ${S}/channels`]: store('catalog.read'),
  [`PUT ${S}/channels`]: store('catalog.write'),
  'GET /api/storefront/images/:imageId/:size': pub,
  'GET /api/storefront/products': pub,
  'GET /api/storefront/stores/:storeId': pub,
  'GET /api/storefront/products/:productId': pub,
  'GET /api/operator/product-reviews': platform,
  'POST /api/operator/products/:productId/pass': platform,
  'POST /api/operator/products/:productId/fail': platform,
  'POST /api/operator/products/:productId/delist-violation': platform,
  'POST /api/operator/products/:productId/reinstate': platform,
  'POST /api/operator/products/:productId/ban': platform,
  'PUT /api/operator/review-rules/auto-pass': platform,

  // payments (the sandbox cashier's prepay id is its key)
  'GET /api/payments/:paymentId': own('buyer', 'merchant'),
  'POST /api/payments/:paymentId/prepay': own('buyer', 'merchant'),
  'POST /api/payments/:paymentId/refresh': own('buyer', 'merchant'),
  'GET /api/sandbox/cashier/:prepayId': pub,
  'POST /api/sandbox/cashier/:prepayId/pay': pub,
  'POST /api/sandbox/cashier/:prepayId/fail': pub,
  'POST /api/sandbox/cashier/:prepayId/cancel': pub,

  // orders
  'GET /api/cart': buyer,
  'POST /api/cart/lines': buyer,
  'PUT /api/cart/lines/:skuId': buyer,
  'DELETE /api/cart/lines/:skuId': buyer,
  'GET /api/addresses': buyer,
  'POST /api/addresses': buyer,
  'PUT /api/addresses/:addressId': buyer,
  'DELETE /api/addresses/:addressId': buyer,
  'POST /api/checkout': buyer,
  'GET /api/orders': buyer,
  'GET /api/orders/:orderId': buyer,
  'POST /api/orders/:orderId/cancel': buyer,
  'PUT /api/orders/:orderId/address': buyer,
  'POST /api/orders/:orderId/confirm-receipt': buyer,
  [`GET ${S}/orders`]: store('orders.read'),
  [`GET ${S}/orders.csv`]: store('orders.read'),
  [`GET ${S}/orders/:orderId`]: store('orders.read'),
  [`POST ${S}/orders/:orderId/shipments`]: store('orders.ship'),
  [`POST ${S}/orders/:orderId/price`]: store('prices.write'),
  [`GET ${S}/balance`]: store('finance.read'),
  'GET /api/operator/ledger': platform,

  // gifts
  'GET /api/products/:productId/gift-options': pub,
  'GET /api/gift-links/:token': pub,
  'GET /api/gift-shops/:shopId': pub,
  'POST /api/gifts': buyer,
  'GET /api/gifts/sent': buyer,
  'GET /api/gifts/received': buyer,
  'GET /api/gifts/:giftId': buyer,
  'POST /api/gifts/received/:claimId/confirm-receipt': buyer,
  'POST /api/gift-links/:token/join': buyer,
  'POST /api/gift-links/:token/claim': buyer,
  [`POST ${S}/free-gifts`]: storePerson('gifts.manage'),
  [`GET ${S}/gifts`]: store('gifts.read'),
  [`GET ${S}/products/:productId/gift-decoration`]: store('gifts.read'),
  [`PUT ${S}/products/:productId/gift-decoration`]: store('gifts.manage'),
  [`GET ${S}/products/:productId/gifting`]: store('gifts.read'),
  [`PUT ${S}/products/:productId/gifting`]: store('gifts.manage'),
  [`GET ${S}/gift-shops`]: store('gifts.read'),
  [`POST ${S}/gift-shops`]: store('gifts.manage'),
  [`PATCH ${S}/gift-shops/:shopId`]: store('gifts.manage'),
  [`DELETE ${S}/gift-shops/:shopId`]: store('gifts.manage'),

  // after-sales
  'POST /api/orders/:orderId/after-sales': buyer,
  'POST /api/after-sales/photos': buyer,
  'GET /api/after-sales/photos/:id': own('buyer', 'merchant', 'operator'),
  'GET /api/after-sales': buyer,
  'GET /api/after-sales/:id': buyer,
  'POST /api/after-sales/:id/cancel': buyer,
  'POST /api/after-sales/:id/accept-proposal': buyer,
  'POST /api/after-sales/:id/decline-proposal': buyer,
  'POST /api/after-sales/:id/confirm-exchange': buyer,
  'POST /api/after-sales/:id/return-shipment': buyer,
  'POST /api/after-sales/:id/dispute': buyer,
  [`GET ${S}/after-sales`]: store('aftersales.read'),
  [`GET ${S}/after-sales/:id`]: store('aftersales.read'),
  [`POST ${S}/after-sales/:id/accept`]: store('aftersales.handle'),
  [`POST ${S}/after-sales/:id/reject`]: store('aftersales.handle'),
  [`POST ${S}/after-sales/:id/propose`]: store('aftersales.handle'),
  [`POST ${S}/after-sales/:id/confirm-receipt`]: store('aftersales.handle'),
  [`POST ${S}/after-sales/:id/reship`]: store('aftersales.handle'),
  [`POST ${S}/after-sales/:id/retry-refund`]: store('aftersales.handle'),
  'GET /api/operator/after-sales': platform,
  'GET /api/operator/after-sales/:id': platform,
  'POST /api/operator/after-sales/:id/decide': platform,
  'POST /api/operator/after-sales/:id/retry-refund': platform,
};
