// What other modules may use of the catalog.
export { moveStock, type StockMove } from './stock.ts';
export { CatalogCache, bumpCatalog, catalogChangedHere, watchCatalog } from './versions.ts';
export { ViewRecorder, shownSql, channelEnabled, productPage, loadListing, type ProductEvent } from './storefront.ts';
export { checkImage, writeWebp } from './images.ts';
export { catalogRoutes } from './routes.ts';
export { CHANNELS, PRODUCT_EVENT_KINDS, type Channel, type ProductEventKind } from './schema.ts';
export { channelSchema } from './api-schemas.ts';
export { followDeposits, syncDepositListings } from './deposit-listing.ts';
export {
  takeStockForOrder, returnStockForOrder, skuFacts, skuFactsSql, toSkuFacts, type SkuFactsRow, sortLines, takeStockSql, stockFlowsSql, soldOutCtes, stockTaken, explainShortfall, SoldOutSkus,
  type OrderLine, type TakenSku, type SkuFacts,
} from './order-stock.ts';
export { freightCtes, quoteFreight, type FreightQuote } from './freight.ts';
export { FREIGHT_BASES, type FreightBasis } from './schema.ts';
export { storeCatalogFiguresSql } from './dashboard.ts';
export { richTextSchema } from './api-schemas.ts';
