// What a merchant prints for gifts: the greeting card that goes in a gift order's parcel (giver, receiver, message on
// the chosen design), and a shop's scan-to-gift QR code with its name and address. Pages of their own (no console
// around them), with a print button that does not print.
import { useMemo, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { GiftCard, glyphMap } from '../components/GiftCard.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';
import { attrsLabel } from '../lib/catalog.ts';
import { absoluteUrl, type GiftDecoration, type OrderGift } from '../lib/gifts.ts';
import { shortId } from '../lib/orders.ts';
import { decorationKey } from './GiftDecoration.tsx';

function PrintPage({ back, backLabel, children }: { back: string; backLabel: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="print-page">
      <div className="print-page__bar no-print">
        <Link to={back} className="back-link">
          ← {backLabel}
        </Link>
        <button type="button" className="btn btn--primary" onClick={() => window.print()}>
          {t('gifts.print.print')}
        </button>
      </div>
      <main id="main" className="print-page__sheet">
        {children}
      </main>
    </div>
  );
}

/** What the card needs of an order (the merchant's order answer, whichever screen loaded it). */
type GiftOrder = { items: { productId: string }[]; gift?: OrderGift };

/** The decoration of a gift order's product: the card designs and sticker glyphs. */
export function useOrderDecoration(storeId: string, order: GiftOrder | undefined) {
  const productId = order?.items[0]?.productId;
  return useQuery({
    queryKey: decorationKey(storeId, productId ?? ''),
    enabled: !!productId && !!order?.gift,
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products/{productId}/gift-decoration', { params: { path: { storeId, productId: productId! } }, signal })),
  });
}

/** The card of a gift order, on its design (with the giver's stickers when the order has them). */
export function OrderGiftCard({ order, decoration, size }: { order: GiftOrder; decoration: GiftDecoration | undefined; size?: 'sm' | 'md' | 'print' }) {
  const card = order.gift!.card!;
  const glyphs = useMemo(() => glyphMap(decoration?.stickers ?? []), [decoration]);
  const design = decoration?.cards.find((c) => c.id === card.cardId) ?? null;
  // Its fixed texts ("To", "From") in the language the giver chose for the card, not the merchant's.
  return <GiftCard design={design} message={card.message} giverName={card.giverName} receiverName={card.receiverName} stickers={card.stickers ?? []} glyphs={glyphs} size={size} lang={card.language} />;
}

export function GiftCardPrint() {
  const { storeId = '', orderId = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['merchant', 'order', storeId, orderId], queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/orders/{orderId}', { params: { path: { storeId, orderId } }, signal })) });
  const deco = useOrderDecoration(storeId, query.data);
  const back = `/merchant/stores/${storeId}/orders/${orderId}`;
  return (
    <PrintPage back={back} backLabel={t('orders.list.number', { no: shortId(orderId) })}>
      <QueryBoundary query={query}>
        {(o) =>
          !o.gift?.card ? (
            <EmptyState icon="🎁" title={t('gifts.print.notGift')} />
          ) : (
            <div className="print-card" data-testid="printed-card">
              <h1 className="visually-hidden">{t('gifts.print.cardTitle')}</h1>
              <OrderGiftCard order={o} decoration={deco.data} size="print" />
              <p className="print-card__meta">
                {t('orders.list.number', { no: shortId(o.id) })} · {o.items.map((i) => `${i.title}${Object.keys(i.attrs).length ? ` (${attrsLabel(i.attrs)})` : ''} × ${i.quantity}`).join(', ')}
              </p>
            </div>
          )
        }
      </QueryBoundary>
    </PrintPage>
  );
}

export function ShopQrPrint() {
  const { storeId = '', shopId = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['gift-shop', shopId], queryFn: ({ signal }) => data(client.GET('/api/gift-shops/{shopId}', { params: { path: { shopId } }, signal })) });
  return (
    <PrintPage back={`/merchant/stores/${storeId}/gift-shops`} backLabel={t('gifts.shops.title')}>
      <QueryBoundary query={query}>
        {(s) => (
          <div className="print-qr">
            <p className="print-qr__store">{s.storeName}</p>
            <h1 className="print-qr__name">{s.name}</h1>
            <p className="print-qr__address">{s.address}</p>
            <QrCode text={absoluteUrl(`/shop/${s.id}`)} label={t('gifts.shops.qrOf', { name: s.name })} size={320} />
            <p className="print-qr__call">{t('gifts.print.scanToGift')}</p>
            <p className="mono small print-qr__url">{absoluteUrl(`/shop/${s.id}`)}</p>
          </div>
        )}
      </QueryBoundary>
    </PrintPage>
  );
}
