// The gift link (/g/:token), made for a phone: the product's gift theme (cover, colours), the card with the giver's
// stickers and message, the giver's name and the product with its current SKU, never a price. A signed-in buyer
// may switch to another offered SKU, choose or add an address and accept; a lottery is joined first and claimed by
// its winners. Every other case (not signed in, already claimed, expired, all gone, own gift) says so.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { GiftCard, glyphMap, themeStyle } from '../components/GiftCard.tsx';
import { EmptyState, ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { useSession } from '../auth/session.tsx';
import { ApiError, client, data, idempotency } from '../lib/api.ts';
import { attrsLabel, largeUrl } from '../lib/catalog.ts';
import { useFormat } from '../lib/format.ts';
import type { GiftPage } from '../lib/gifts.ts';
import { useIdempotencyKey } from '../lib/orders.ts';
import { AddressBook } from './AddressBook.tsx';
import { SkuPicker, attributesOf, useSkuChoice } from './SkuPicker.tsx';
import { stateLabel } from '../lib/state-labels.ts';

const pageKey = (token: string) => ['gift-link', token] as const;

export function ClaimGift() {
  const { token = '' } = useParams();
  const { user } = useSession();
  const query = useQuery({
    // The viewer part of the answer depends on who asks.
    queryKey: [...pageKey(token), user?.id ?? null],
    queryFn: ({ signal }) => data(client.GET('/api/gift-links/{token}', { params: { path: { token } }, signal })),
    retry: false,
  });
  if (query.isPending) return <Loading />;
  if (query.error instanceof ApiError && (query.error.code === 'gift_not_found' || query.error.code === 'too_many_attempts'))
    return <BadLink tooMany={query.error.code === 'too_many_attempts'} />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <GiftLanding page={query.data} token={token} queryKey={[...pageKey(token), user?.id ?? null]} />;
}

/** An unknown token, or too many of them from this address: say so without hinting at anything else. */
function BadLink({ tooMany }: { tooMany: boolean }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={tooMany ? '⏳' : '🎁'}
      title={tooMany ? t('gifts.claim.tooMany') : t('problems.code.gift_not_found')}
      action={
        <Link to="/" className="btn">
          {t('notFound.home')}
        </Link>
      }
    >
      {tooMany ? t('gifts.claim.tooManyText') : t('gifts.claim.badLinkText')}
    </EmptyState>
  );
}

function GiftLanding({ page, token, queryKey }: { page: GiftPage; token: string; queryKey: readonly unknown[] }) {
  const { t } = useTranslation();
  const deco = page.decoration;
  const glyphs = useMemo(() => glyphMap(deco.stickers), [deco.stickers]);
  const cover = deco.theme.coverImageId ?? page.imageIds[0] ?? null;
  const attributes = useMemo(() => attributesOf(page.skus), [page.skus]);
  const initial = page.skus.find((s) => attrsLabel(s.attrs) === attrsLabel(page.attrs))?.id ?? null;
  const choice = useSkuChoice(attributes, page.skus, initial);
  const shownAttrs = choice.sku?.attrs ?? page.attrs;

  return (
    <div className="gift-land" style={themeStyle(deco.theme)}>
      <header className="gift-land__hero">
        {cover && <img className="gift-land__cover" src={largeUrl(cover)} alt="" width="720" height="405" />}
        <div className="gift-land__headline">
          <p className="gift-land__eyebrow">{page.kind === 'single' ? t('gifts.claim.eyebrow') : stateLabel(t, 'GiftKind', page.kind)}</p>
          <h1 className="gift-land__title">{t('gifts.claim.title', { name: page.giverName })}</h1>
        </div>
      </header>
      <GiftCard design={deco.card} message={page.message} giverName={page.giverName} receiverName={page.receiverName} stickers={page.decoration.stickers} glyphs={glyphs} hiddenNote={page.messageHidden ? t('gifts.claim.messageHidden') : undefined} />
      <section className="gift-land__product" aria-labelledby="gift-product-h">
        {page.imageIds[0] && <img className="gift-land__thumb" src={largeUrl(page.imageIds[0])} alt="" width="96" height="96" />}
        <div>
          <h2 id="gift-product-h" className="gift-land__product-title">
            {page.title}
          </h2>
          {Object.keys(shownAttrs).length > 0 && (
            <p className="sub" data-testid="gift-attrs">
              {attrsLabel(shownAttrs)}
            </p>
          )}
          {page.unitQuantity > 1 && <p className="sub">{t('gifts.claim.quantity', { count: page.unitQuantity })}</p>}
        </div>
      </section>
      <GiftStatus page={page} token={token} queryKey={queryKey} attributes={attributes} choice={choice} />
    </div>
  );
}

/** What the status panel and the accept form share: the page, how to ask again, and the SKU chosen above. */
type StepProps = {
  page: GiftPage;
  token: string;
  queryKey: readonly unknown[];
  attributes: ReturnType<typeof attributesOf>;
  choice: ReturnType<typeof useSkuChoice<GiftPage['skus'][number]>>;
};

/** A panel with an icon, a title and what to do next. */
function Panel({ icon, title, children, tone = 'info' }: { icon: string; title: string; children?: ReactNode; tone?: 'info' | 'success' | 'muted' }) {
  return (
    <section className={`gift-panel gift-panel--${tone}`} aria-live="polite">
      <span className="gift-panel__icon" aria-hidden="true">
        {icon}
      </span>
      <div className="gift-panel__body">
        <p className="gift-panel__title">{title}</p>
        {children}
      </div>
    </section>
  );
}

function GiftStatus({ page, token, queryKey, attributes, choice }: StepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const location = useLocation();
  const announce = useAnnounce();
  const { user } = useSession();
  const v = page.viewer;
  const next = encodeURIComponent(location.pathname);
  const join = useMutation({
    mutationFn: () => data(client.POST('/api/gift-links/{token}/join', { params: { path: { token } } })),
    onSuccess: (p) => {
      qc.setQueryData(queryKey, p);
      announce(t('gifts.lottery.joinedToast'));
    },
  });
  const winners = page.draw?.winnerNames ?? [];

  if (page.state === 'expired' || page.state === 'refunded') return <Panel icon="⌛" tone="muted" title={t('gifts.claim.expired')} />;
  if (page.state === 'cancelled' || page.state === 'awaiting_payment') return <Panel icon="×" tone="muted" title={t('gifts.claim.unavailable')} />;
  if (v.claimed)
    return (
      <Panel icon="✓" tone="success" title={t('gifts.claim.accepted')}>
        <p>{t('gifts.claim.acceptedText')}</p>
        <Link to="/gifts?tab=received" className="btn btn--primary">
          {t('gifts.claim.track')}
        </Link>
      </Panel>
    );
  if (v.isGiver)
    return (
      <Panel icon="🎁" title={t('gifts.claim.own')}>
        <p>{t('gifts.claim.ownText')}</p>
        <Link to={`/gifts/${page.giftId}`} className="btn">
          {t('gifts.claim.ownLink')}
        </Link>
      </Panel>
    );
  const drawn = !!page.draw;
  if (page.state === 'claimed' || (page.unitsLeft === 0 && !v.won)) return <Panel icon="∅" tone="muted" title={page.kind === 'single' ? t('gifts.claim.taken') : t('gifts.claim.allGone')} />;
  if (!v.signedIn || !user)
    return (
      <Panel icon="👤" title={page.kind === 'lottery' && !drawn ? t('gifts.claim.signInToJoin') : t('gifts.claim.signInToAccept')}>
        <div className="btn-row">
          <Link to={`/signin?next=${next}`} className="btn btn--primary">
            {t('auth.signIn')}
          </Link>
          <Link to={`/register?next=${next}`} className="btn">
            {t('gifts.claim.register')}
          </Link>
        </div>
      </Panel>
    );
  if (user.role !== 'buyer') return <Panel icon="👤" tone="muted" title={t('gifts.claim.buyersOnly')} />;

  if (page.kind === 'lottery' && !drawn) {
    const open = !page.joinDeadline || new Date(page.joinDeadline).getTime() > Date.now();
    return (
      <Panel icon="🎲" title={page.joined ? t('gifts.lottery.joined') : open ? t('gifts.lottery.joinTitle') : t('gifts.lottery.closed')}>
        <p>
          {t('gifts.lottery.entries', { count: page.entries })}
          {page.joinDeadline && <> · {t('gifts.lottery.drawAt', { when: f.dateTime(page.joinDeadline) })}</>}
        </p>
        <p className="small">{t('gifts.lottery.units', { count: page.unitsLeft })}</p>
        <ProblemAlert error={join.error} />
        {!page.joined && open && (
          <button type="button" className="btn btn--primary btn--block gift-accent-btn" disabled={join.isPending} onClick={() => join.mutate()}>
            {join.isPending ? t('common.saving') : t('gifts.lottery.join')}
          </button>
        )}
      </Panel>
    );
  }

  const result =
    page.kind === 'lottery' && drawn ? (
      <Panel icon={v.won ? '🎉' : '🎲'} tone={v.won ? 'success' : 'muted'} title={v.won ? t('gifts.lottery.youWon') : t('gifts.lottery.notWon')}>
        <p className="gift-winners__head">{t('gifts.lottery.winners', { count: page.draw?.winnerCount ?? winners.length })}</p>
        {page.draw?.namesHidden ? (
          <p className="small">{t('gifts.lottery.namesHidden', { count: page.draw.participantCount })}</p>
        ) : (
          <ul className="gift-winners">
            {winners.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        )}
      </Panel>
    ) : null;

  if (!v.canClaim)
    return (
      <>
        {result}
        {!result && <Panel icon="🔒" tone="muted" title={t('gifts.claim.notForYou')} />}
      </>
    );
  return (
    <>
      {result}
      <ClaimForm page={page} token={token} queryKey={queryKey} attributes={attributes} choice={choice} />
    </>
  );
}

function ClaimForm({ page, token, queryKey, attributes, choice }: StepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const idem = useIdempotencyKey();
  const [addressId, setAddressIdState] = useState<string | null>(null);
  const setAddressId = useCallback((id: string | null) => setAddressIdState(id), []);
  const [missing, setMissing] = useState(false);
  const sku = choice.sku;
  const claim = useMutation({
    mutationFn: () => {
      const body = { ...(sku ? { skuId: sku.id } : {}), addressId: addressId! };
      return data(client.POST('/api/gift-links/{token}/claim', { params: { path: { token } }, body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (r) => {
      idem.done();
      qc.setQueryData(queryKey, r.page);
      void qc.invalidateQueries({ queryKey: ['buyer', 'gifts'] });
      announce(t('gifts.claim.acceptedToast'));
      window.scrollTo(0, 0);
    },
  });
  function accept() {
    if (!addressId) {
      setMissing(true);
      document.getElementById('gift-addr-h')?.scrollIntoView({ block: 'start' });
      return;
    }
    claim.mutate();
  }
  return (
    <section className="gift-accept" aria-labelledby="gift-accept-h">
      <h2 id="gift-accept-h" className="gift-accept__title">
        {t('gifts.claim.acceptTitle')}
      </h2>
      {page.expiresAt && <p className="small">{t('gifts.claim.acceptBy', { when: f.dateTime(page.expiresAt) })}</p>}
      {page.skus.length > 1 && (
        <div className="gift-accept__skus">
          <p className="small muted">{t('gifts.claim.switchHint')}</p>
          <SkuPicker attributes={attributes} choice={choice} />
        </div>
      )}
      <h3 id="gift-addr-h" className="gift-accept__sub">
        {t('gifts.claim.address')}
      </h3>
      {missing && !addressId && (
        <p className="field__error" role="alert">
          {t('orders.checkout.chooseAddress')}
        </p>
      )}
      <AddressBook value={addressId} onChange={setAddressId} legend={t('orders.checkout.deliverTo')} />
      <ProblemAlert error={claim.error} />
      <button type="button" className="btn btn--primary btn--block gift-accent-btn gift-accept__go" disabled={claim.isPending || (!!sku && !sku.available)} onClick={accept}>
        {claim.isPending ? t('common.saving') : t('gifts.claim.accept')}
      </button>
      <p className="muted small">{t('gifts.claim.privacy')}</p>
    </section>
  );
}
