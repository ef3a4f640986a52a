// Every screen of the web app, by address. The consoles load on demand, so the storefront stays light.
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from './components/States.tsx';
import { RequireRole } from './auth/RequireRole.tsx';
import { SignIn } from './auth/SignIn.tsx';
import { Register } from './auth/Register.tsx';
import { NotFound } from './components/NotFound.tsx';
import { StorefrontLayout } from './storefront/StorefrontLayout.tsx';
import { Home } from './storefront/Home.tsx';

const OperatorLayout = lazy(() => import('./operator/OperatorLayout.tsx').then((m) => ({ default: m.OperatorLayout })));
const CategoryTree = lazy(() => import('./operator/CategoryTree.tsx').then((m) => ({ default: m.CategoryTree })));
const ApplicationsQueue = lazy(() => import('./operator/ApplicationsQueue.tsx').then((m) => ({ default: m.ApplicationsQueue })));
const StoresList = lazy(() => import('./operator/StoresList.tsx').then((m) => ({ default: m.StoresList })));
const StoreReview = lazy(() => import('./operator/StoreReview.tsx').then((m) => ({ default: m.StoreReview })));
const AuditLog = lazy(() => import('./operator/AuditLog.tsx').then((m) => ({ default: m.AuditLog })));
const MiniSiteNotices = lazy(() => import('./minisite/Notices.tsx').then((m) => ({ default: m.MiniSiteNotices })));
const MerchantLayout = lazy(() => import('./merchant/MerchantLayout.tsx').then((m) => ({ default: m.MerchantLayout })));
const MyStores = lazy(() => import('./merchant/MyStores.tsx').then((m) => ({ default: m.MyStores })));
const ApplyStore = lazy(() => import('./merchant/ApplyStore.tsx').then((m) => ({ default: m.ApplyStore })));
const ApplyCategories = lazy(() => import('./merchant/ApplyCategories.tsx').then((m) => ({ default: m.ApplyCategories })));
const StorePage = lazy(() => import('./merchant/StorePage.tsx').then((m) => ({ default: m.StorePage })));
const StoreOverview = lazy(() => import('./merchant/StoreOverview.tsx').then((m) => ({ default: m.StoreOverview })));
const StoreDeposit = lazy(() => import('./merchant/StoreDeposit.tsx').then((m) => ({ default: m.StoreDeposit })));
const ApiKeys = lazy(() => import('./merchant/ApiKeys.tsx').then((m) => ({ default: m.ApiKeys })));
const Webhooks = lazy(() => import('./merchant/Webhooks.tsx').then((m) => ({ default: m.Webhooks })));
const WebhookEndpoint = lazy(() => import('./merchant/WebhookEndpoint.tsx').then((m) => ({ default: m.WebhookEndpoint })));
const Staff = lazy(() => import('./merchant/Staff.tsx').then((m) => ({ default: m.Staff })));
const CategoryPage = lazy(() => import('./storefront/CategoryPage.tsx').then((m) => ({ default: m.CategoryPage })));
const ProductPage = lazy(() => import('./storefront/ProductPage.tsx').then((m) => ({ default: m.ProductPage })));
const SearchPage = lazy(() => import('./storefront/SearchPage.tsx').then((m) => ({ default: m.SearchPage })));
const StoreHome = lazy(() => import('./storefront/StoreHome.tsx').then((m) => ({ default: m.StoreHome })));
const MerchantProducts = lazy(() => import('./merchant/Products.tsx').then((m) => ({ default: m.Products })));
const Shipping = lazy(() => import('./merchant/Shipping.tsx').then((m) => ({ default: m.Shipping })));
const ProductEditor = lazy(() => import('./merchant/ProductEditor.tsx').then((m) => ({ default: m.ProductEditor })));
const ProductReviews = lazy(() => import('./operator/ProductReviews.tsx').then((m) => ({ default: m.ProductReviews })));
const ProductSearch = lazy(() => import('./operator/ProductSearch.tsx').then((m) => ({ default: m.ProductSearch })));
const Cart = lazy(() => import('./storefront/Cart.tsx').then((m) => ({ default: m.Cart })));
const Checkout = lazy(() => import('./storefront/Checkout.tsx').then((m) => ({ default: m.Checkout })));
const Pay = lazy(() => import('./storefront/Pay.tsx').then((m) => ({ default: m.Pay })));
const SandboxCashier = lazy(() => import('./storefront/SandboxCashier.tsx').then((m) => ({ default: m.SandboxCashier })));
const Orders = lazy(() => import('./storefront/Orders.tsx').then((m) => ({ default: m.Orders })));
const OrderDetail = lazy(() => import('./storefront/OrderDetail.tsx').then((m) => ({ default: m.OrderDetail })));
const MerchantOrders = lazy(() => import('./merchant/Orders.tsx').then((m) => ({ default: m.MerchantOrders })));
const MerchantOrderDetail = lazy(() => import('./merchant/OrderDetail.tsx').then((m) => ({ default: m.MerchantOrderDetail })));
const Balance = lazy(() => import('./merchant/Balance.tsx').then((m) => ({ default: m.Balance })));
const StoreAnalytics = lazy(() => import('./merchant/Analytics.tsx').then((m) => ({ default: m.StoreAnalytics })));
const PlatformAnalytics = lazy(() => import('./operator/Analytics.tsx').then((m) => ({ default: m.PlatformAnalytics })));
const PlatformLedger = lazy(() => import('./operator/PlatformLedger.tsx').then((m) => ({ default: m.PlatformLedger })));
const SendGift = lazy(() => import('./storefront/SendGift.tsx').then((m) => ({ default: m.SendGift })));
const GiftShare = lazy(() => import('./storefront/GiftShare.tsx').then((m) => ({ default: m.GiftShare })));
const ClaimGift = lazy(() => import('./storefront/ClaimGift.tsx').then((m) => ({ default: m.ClaimGift })));
const MyGifts = lazy(() => import('./storefront/MyGifts.tsx').then((m) => ({ default: m.MyGifts })));
const ScanShop = lazy(() => import('./storefront/ScanShop.tsx').then((m) => ({ default: m.ScanShop })));
const GiftDecorationEditor = lazy(() => import('./merchant/GiftDecoration.tsx').then((m) => ({ default: m.GiftDecorationEditor })));
const Coupons = lazy(() => import('./merchant/Coupons.tsx').then((m) => ({ default: m.Coupons })));
const MyCoupons = lazy(() => import('./storefront/MyCoupons.tsx').then((m) => ({ default: m.MyCoupons })));
const CouponPage = lazy(() => import('./storefront/CouponPage.tsx').then((m) => ({ default: m.CouponPage })));
const GiftShops = lazy(() => import('./merchant/GiftShops.tsx').then((m) => ({ default: m.GiftShops })));
const GiftActivities = lazy(() => import('./merchant/GiftActivities.tsx').then((m) => ({ default: m.GiftActivities })));
const StoreGifts = lazy(() => import('./merchant/StoreGifts.tsx').then((m) => ({ default: m.StoreGifts })));
const GiftCardPrint = lazy(() => import('./merchant/GiftPrint.tsx').then((m) => ({ default: m.GiftCardPrint })));
const ShopQrPrint = lazy(() => import('./merchant/GiftPrint.tsx').then((m) => ({ default: m.ShopQrPrint })));
const MyAfterSales = lazy(() => import('./storefront/AfterSales.tsx').then((m) => ({ default: m.MyAfterSales })));
const AfterSalePage = lazy(() => import('./storefront/AfterSales.tsx').then((m) => ({ default: m.AfterSalePage })));
const MerchantAfterSales = lazy(() => import('./merchant/AfterSales.tsx').then((m) => ({ default: m.MerchantAfterSales })));
const MerchantAfterSale = lazy(() => import('./merchant/AfterSales.tsx').then((m) => ({ default: m.MerchantAfterSale })));
const EntityClaims = lazy(() => import('./operator/EntityClaims.tsx').then((m) => ({ default: m.EntityClaims })));
const Disputes = lazy(() => import('./operator/Disputes.tsx').then((m) => ({ default: m.Disputes })));
const OperatorWithdrawals = lazy(() => import('./operator/Withdrawals.tsx').then((m) => ({ default: m.Withdrawals })));
const OperatorRefundsWaiting = lazy(() => import('./operator/RefundsWaiting.tsx').then((m) => ({ default: m.RefundsWaiting })));
const DisputeDetail = lazy(() => import('./operator/Disputes.tsx').then((m) => ({ default: m.DisputeDetail })));
const ExchangeRates = lazy(() => import('./operator/ExchangeRates.tsx').then((m) => ({ default: m.ExchangeRates })));
// mini-site console (links)
const MiniSites = lazy(() => import('./minisite/MiniSites.tsx').then((m) => ({ default: m.MiniSites })));
const CreateMiniSite = lazy(() => import('./minisite/CreateMiniSite.tsx').then((m) => ({ default: m.CreateMiniSite })));
const MiniSitePage = lazy(() => import('./minisite/MiniSitePage.tsx').then((m) => ({ default: m.MiniSitePage })));
const MiniSiteSettings = lazy(() => import('./minisite/Settings.tsx').then((m) => ({ default: m.MiniSiteSettings })));
const MiniSiteLinks = lazy(() => import('./minisite/Links.tsx').then((m) => ({ default: m.MiniSiteLinks })));
const StoreMiniSites = lazy(() => import('./minisite/StoreMiniSites.tsx').then((m) => ({ default: m.StoreMiniSites })));
const HostedSite = lazy(() => import('./minisite/HostedPage.tsx').then((m) => ({ default: m.HostedSite })));
const MiniSiteSections = lazy(() => import('./minisite/Sections.tsx').then((m) => ({ default: m.Sections })));
const Membership = lazy(() => import('./merchant/Membership.tsx').then((m) => ({ default: m.Membership })));
const MemberDetail = lazy(() => import('./merchant/Membership.tsx').then((m) => ({ default: m.MemberDetail })));
const MemberCard = lazy(() => import('./storefront/MemberCard.tsx').then((m) => ({ default: m.MemberCard })));
const Inbox = lazy(() => import('./storefront/Inbox.tsx').then((m) => ({ default: m.Inbox })));
const InboxStore = lazy(() => import('./storefront/Inbox.tsx').then((m) => ({ default: m.InboxStore })));
const ServiceAccount = lazy(() => import('./merchant/ServiceAccount.tsx').then((m) => ({ default: m.ServiceAccount })));
const Profile = lazy(() => import('./storefront/Profile.tsx').then((m) => ({ default: m.Profile })));

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/signin" element={<SignIn />} />
        <Route path="/register" element={<Register />} />
        <Route path="/sandbox/cashier/:prepayId" element={<SandboxCashier />} />

        <Route element={<StorefrontLayout />}>
          <Route index element={<Home />} />
          <Route path="c/:categoryId" element={<CategoryPage />} />
          <Route path="p/:productId" element={<ProductPage />} />
          <Route path="s/:storeId" element={<StoreHome />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="profile" element={<RequireRole role="buyer"><Profile /></RequireRole>} />
          <Route path="memberships/:storeId" element={<RequireRole role="buyer"><MemberCard /></RequireRole>} />
          <Route path="cart" element={<RequireRole role="buyer"><Cart /></RequireRole>} />
          <Route path="checkout" element={<RequireRole role="buyer"><Checkout /></RequireRole>} />
          <Route path="orders" element={<RequireRole role="buyer"><Orders /></RequireRole>} />
          <Route path="orders/:orderId" element={<RequireRole role="buyer"><OrderDetail /></RequireRole>} />
          <Route path="after-sales" element={<RequireRole role="buyer"><MyAfterSales /></RequireRole>} />
          <Route path="after-sales/:id" element={<RequireRole role="buyer"><AfterSalePage /></RequireRole>} />
          <Route path="pay/:paymentId" element={<RequireRole role={['buyer', 'merchant']}><Pay /></RequireRole>} />
          <Route path="gift/new" element={<RequireRole role="buyer"><SendGift /></RequireRole>} />
          <Route path="gifts" element={<RequireRole role="buyer"><MyGifts /></RequireRole>} />
          <Route path="coupons" element={<RequireRole role="buyer"><MyCoupons /></RequireRole>} />
          <Route path="inbox" element={<RequireRole role="buyer"><Inbox /></RequireRole>} />
          <Route path="inbox/:storeId" element={<RequireRole role="buyer"><InboxStore /></RequireRole>} />
          <Route path="coupon/:couponId" element={<CouponPage />} />
          <Route path="gifts/:giftId" element={<RequireRole role="buyer"><GiftShare /></RequireRole>} />
          <Route path="g/:token" element={<ClaimGift />} />
          <Route path="shop/:shopId" element={<ScanShop />} />
        </Route>

        <Route path="/operator" element={<RequireRole role="operator"><OperatorLayout /></RequireRole>}>
          <Route index element={<Navigate to="applications" replace />} />
          <Route path="applications" element={<ApplicationsQueue />} />
          <Route path="categories" element={<CategoryTree />} />
          <Route path="stores" element={<StoresList />} />
          <Route path="stores/:storeId" element={<StoreReview />} />
          <Route path="products" element={<ProductReviews />} />
          <Route path="products/find" element={<ProductSearch />} />
          <Route path="audit" element={<AuditLog />} />
          <Route path="analytics" element={<PlatformAnalytics />} />
          <Route path="ledger" element={<PlatformLedger />} />
          <Route path="exchange-rates" element={<ExchangeRates />} />
          <Route path="entity-claims" element={<EntityClaims />} />
          <Route path="disputes" element={<Disputes />} />
          <Route path="disputes/:id" element={<DisputeDetail />} />
          <Route path="withdrawals" element={<OperatorWithdrawals />} />
          <Route path="refunds-waiting" element={<OperatorRefundsWaiting />} />
        </Route>

        <Route path="/merchant/stores/:storeId/orders/:orderId/card" element={<RequireRole role="merchant"><GiftCardPrint /></RequireRole>} />
        <Route path="/merchant/stores/:storeId/gift-shops/:shopId/print" element={<RequireRole role="merchant"><ShopQrPrint /></RequireRole>} />
        <Route path="/merchant" element={<RequireRole role="merchant"><MerchantLayout /></RequireRole>}>
          <Route index element={<MyStores />} />
          <Route path="apply" element={<ApplyStore />} />
          <Route path="stores/:storeId/apply" element={<ApplyCategories />} />
          <Route path="stores/:storeId" element={<StorePage />}>
            <Route index element={<StoreOverview />} />
            <Route path="deposit" element={<StoreDeposit />} />
            <Route path="orders" element={<MerchantOrders />} />
            <Route path="orders/:orderId" element={<MerchantOrderDetail />} />
            <Route path="after-sales" element={<MerchantAfterSales />} />
            <Route path="after-sales/:id" element={<MerchantAfterSale />} />
            <Route path="balance" element={<Balance />} />
            <Route path="analytics" element={<StoreAnalytics />} />
            <Route path="api-keys" element={<ApiKeys />} />
            <Route path="webhooks" element={<Webhooks />} />
            <Route path="webhooks/:endpointId" element={<WebhookEndpoint />} />
            <Route path="staff" element={<Staff />} />
            <Route path="products" element={<MerchantProducts />} />
            <Route path="shipping" element={<Shipping />} />
            <Route path="products/new" element={<ProductEditor />} />
            <Route path="products/:productId" element={<ProductEditor />} />
            <Route path="products/:productId/gift" element={<GiftDecorationEditor />} />
            <Route path="gifts" element={<StoreGifts />} />
            <Route path="gift-shops" element={<GiftShops />} />
            <Route path="coupons" element={<Coupons />} />
            <Route path="mini-sites" element={<StoreMiniSites />} />
            <Route path="gift-activities" element={<GiftActivities />} />
            <Route path="membership" element={<Membership />} />
            <Route path="service" element={<ServiceAccount />} />
            <Route path="membership/members/:buyerId" element={<MemberDetail />} />
          </Route>
        </Route>

        {/* mini-site console (links; notices and hosted sections are its tabs) */}
        <Route path="/minisites" element={<RequireRole role="merchant"><MerchantLayout /></RequireRole>}>
          <Route index element={<MiniSites />} />
          <Route path="new" element={<CreateMiniSite />} />
          <Route path=":miniSiteId" element={<MiniSitePage />}>
            <Route index element={<MiniSiteSettings />} />
            <Route path="links" element={<MiniSiteLinks />} />
            <Route path="sections" element={<MiniSiteSections />} />
            <Route path="notices" element={<MiniSiteNotices />} />
          </Route>
        </Route>
        <Route path="/m/:slug" element={<HostedSite />} />

        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
