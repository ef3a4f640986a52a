// A sent gift, as its giver sees it (/gifts/:giftId): its state, the share link with a copy button and its QR code,
// the card, and who claimed it (names and states only, never an address); for a lottery the entries and the draw.
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { GiftStateBadge } from '../components/Badge.tsx';
import { CopyLink } from '../components/CopyLink.tsx';
import { GiftCard, glyphMap } from '../components/GiftCard.tsx';
import { ItemThumb } from '../components/OrderParts.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { FactList } from '../components/StoreFacts.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { useSession } from '../auth/session.tsx';
import { LANGUAGES } from '../i18n/index.ts';
import { client, data } from '../lib/api.ts';
import { attrsLabel } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import { CLAIM_TONES, absoluteUrl, useGiftOptions, type SentGift } from '../lib/gifts.ts';
import { stateLabel } from '../lib/state-labels.ts';

export const sentGiftKey = (id: string) => ['buyer', 'gifts', 'sent', id] as const;

export function GiftShare() {
  const { giftId = '' } = useParams();
  const query = useQuery({
    queryKey: sentGiftKey(giftId),
    queryFn: ({ signal }) => data(client.GET('/api/gifts/{giftId}', { params: { path: { giftId } }, signal })),
    // Someone may claim or join at any moment: look again now and then while it waits.
    refetchInterval: (q) => (q.state.data?.state === 'waiting' || q.state.data?.state === 'awaiting_payment' ? 15_000 : false),
  });
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <ShareBody g={query.data} />;
}

function ShareBody({ g }: { g: SentGift }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useSession();
  const deco = useGiftOptions(g.productId).data?.decoration;
  const glyphs = useMemo(() => glyphMap(deco?.stickers ?? []), [deco]);
  const card = deco?.cards.find((c) => c.id === g.cardId) ?? null;
  const link = g.sharePath ? absoluteUrl(g.sharePath) : null;
  const facts: [string, string][] = [
    [t('gifts.share.kind'), stateLabel(t, 'GiftKind', g.kind)],
    [g.kind === 'single' ? t('gifts.share.quantity') : t('gifts.share.units'), g.kind === 'single' ? f.number(g.unitQuantity) : t('gifts.share.claimedOf', { claimed: g.unitsClaimed, units: g.units })],
    [t('gifts.share.paid'), f.money(g.amount, g.currency)],
    [t('gifts.share.sent'), f.dateTime(g.paidAt ?? g.createdAt)],
  ];
  if (g.expiresAt) facts.push([t('gifts.share.expires'), f.dateTime(g.expiresAt)]);
  if (g.kind === 'lottery' && g.joinDeadline) facts.push([t('gifts.share.joinDeadline'), f.dateTime(g.joinDeadline)]);
  if (g.unitsReturned > 0) facts.push([t('gifts.share.returned'), f.number(g.unitsReturned)]);
  const cardLanguage = LANGUAGES.find((l) => l.code === g.cardLanguage);
  if (cardLanguage) facts.push([t('gifts.share.cardLanguage'), cardLanguage.label]);
  const winners = g.draw?.winnerNames ?? [];

  return (
    <article className="order-page gift-share" aria-labelledby="gift-h">
      <Link to="/gifts" className="back-link">
        ← {t('gifts.mine.title')}
      </Link>
      <header className="order-page__head">
        <h1 id="gift-h" className="shop__title">
          {t('gifts.share.title')}
        </h1>
        <GiftStateBadge state={g.state} />
      </header>
      <section className={`next-step gift-next gift-next--${g.state}`} aria-live="polite">
        <p className="next-step__text">{t(`gifts.share.next.${g.state}`, { when: g.expiresAt ? f.dateTime(g.expiresAt) : '' })}</p>
        {g.state === 'awaiting_payment' && g.paymentId && (
          <div className="btn-row">
            <Link to={`/pay/${g.paymentId}?return=${encodeURIComponent(`/gifts/${g.id}`)}`} className="btn btn--primary">
              {t('orders.detail.payAmount', { amount: f.money(g.amount, g.currency) })}
            </Link>
          </div>
        )}
      </section>

      {link && g.state === 'waiting' && (
        <section className="card order-page__section gift-share__link" aria-labelledby="share-h">
          <h2 id="share-h">{t('gifts.share.linkTitle')}</h2>
          <p className="muted small">{t(`gifts.share.linkText.${g.kind}`)}</p>
          <CopyLink url={link} label={t('gifts.share.link')} />
          <div className="gift-share__qr">
            <QrCode text={link} label={t('gifts.share.qr')} size={184} download={{ name: `gift-${g.id.slice(0, 8)}.png`, label: t('gifts.share.saveQr') }} />
          </div>
        </section>
      )}

      <section className="card order-page__section" aria-labelledby="gift-what-h">
        <h2 id="gift-what-h">{t('gifts.share.what')}</h2>
        <div className="order-item">
          <ItemThumb imageId={g.imageId} title={g.title} />
          <div className="order-item__body">
            <Link to={`/p/${g.productId}`} className="order-item__title">
              {g.title}
            </Link>
            {Object.keys(g.attrs).length > 0 && <span className="sub">{attrsLabel(g.attrs)}</span>}
          </div>
        </div>
        <GiftCard design={card} message={g.message} giverName={user?.displayName} receiverName={g.receiverName} stickers={g.stickers} glyphs={glyphs} size="sm" />
        <FactList rows={facts} />
      </section>

      {g.kind === 'lottery' && (
        <section className="card order-page__section" aria-labelledby="lottery-h">
          <h2 id="lottery-h">{t('gifts.lottery.title')}</h2>
          <p>{t('gifts.lottery.entries', { count: g.entries })}</p>
          {g.draw ? (
            <>
              <p className="gift-winners__head">{t('gifts.lottery.winners', { count: winners.length })}</p>
              <ul className="gift-winners">
                {winners.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
              <details className="gift-draw">
                <summary>{t('gifts.lottery.audit')}</summary>
                <p className="small muted">{t('gifts.lottery.auditText', { algorithm: g.draw.algorithm, when: f.dateTime(g.draw.drawnAt) })}</p>
                <p className="mono small gift-draw__seed">{g.draw.seed}</p>
              </details>
            </>
          ) : (
            <p className="muted">{g.joinDeadline ? t('gifts.lottery.drawAt', { when: f.dateTime(g.joinDeadline) }) : t('gifts.lottery.notDrawn')}</p>
          )}
        </section>
      )}

      <section className="card order-page__section" aria-labelledby="claims-h">
        <h2 id="claims-h">{t('gifts.share.claims', { count: g.claims.length })}</h2>
        {g.claims.length === 0 ? (
          <p className="muted">{g.state === 'waiting' ? t('gifts.share.noClaimsYet') : t('gifts.share.noClaims')}</p>
        ) : (
          <ul className="gift-claims" data-testid="gift-claims">
            {g.claims.map((c, i) => (
              <li key={i} className="gift-claim">
                <span className="avatar" aria-hidden="true">
                  {Array.from(c.claimantName)[0]}
                </span>
                <span className="gift-claim__body">
                  <span className="gift-claim__name">{c.claimantName}</span>
                  {c.claimedAt && <span className="sub">{f.dateTime(c.claimedAt)}</span>}
                </span>
                <span className="gift-claim__tags">
                  <span className={`tag tag--${CLAIM_TONES[c.state]}`}>{stateLabel(t, 'ClaimState', c.state)}</span>
                  {c.orderState && <span className="tag">{t(`orders.state.${c.orderState}`)}</span>}
                  {c.afterSale && (
                    <span className="tag">
                      {t(`aftersales.type.${c.afterSale.type}`)}: {t(`aftersales.state.${c.afterSale.state}`)}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
