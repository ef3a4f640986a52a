// A product's gift decoration (/merchant/stores/:storeId/products/:productId/gift): the gift page theme (cover image
// from the store's images, background, accent and text colours), the stickers givers may place on the card and the
// greeting-card designs, with a live preview of the page a recipient opens.
import { useMemo, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { Field } from '../components/Field.tsx';
import { GiftCard, glyphMap, themeStyle } from '../components/GiftCard.tsx';
import { PageHeader } from '../components/Shell.tsx';
import { ErrorState, Loading, ProblemAlert } from '../components/States.tsx';
import { client, data, type Answer } from '../lib/api.ts';
import { largeUrl, thumbUrl, type DraftContent } from '../lib/catalog.ts';
import { CARD_PATTERNS, slugId, type CardDesign, type CardPattern, type GiftDecoration, type PlacedSticker, type Sticker } from '../lib/gifts.ts';
import { productKey } from './ProductEditor.tsx';
import { useStoreContext } from './StorePage.tsx';
import { ImageUploadField } from './ImageUpload.tsx';
import { stateLabel } from '../lib/state-labels.ts';

const STICKERS_MAX = 12;
const CARDS_MAX = 6;
export const decorationKey = (storeId: string, productId: string) => ['merchant', 'gift-decoration', storeId, productId] as const;

export function GiftDecorationEditor() {
  const { store } = useStoreContext();
  const { productId = '' } = useParams();
  const product = useQuery({ queryKey: productKey(store.id, productId), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products/{productId}', { params: { path: { storeId: store.id, productId } }, signal })) });
  const deco = useQuery({ queryKey: decorationKey(store.id, productId), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/products/{productId}/gift-decoration', { params: { path: { storeId: store.id, productId } }, signal })) });
  if (product.isPending || deco.isPending) return <Loading />;
  if (product.error || deco.error || !product.data || !deco.data)
    return (
      <ErrorState
        error={product.error ?? deco.error}
        onRetry={() => {
          void product.refetch();
          void deco.refetch();
        }}
      />
    );
  return <Editor key={productId} product={product.data} initial={deco.data} />;
}

/** A few stickers placed on the preview card so the merchant sees how they look. */
function sampleStickers(stickers: Sticker[]): PlacedSticker[] {
  const spots = [
    [0.12, 0.2],
    [0.88, 0.22],
    [0.85, 0.8],
  ];
  return stickers.slice(0, spots.length).map((s, i) => ({ stickerId: s.id, x: spots[i][0], y: spots[i][1] }));
}

function Editor({ product, initial }: { product: Answer<'/api/merchant/stores/{storeId}/products/{productId}', 'get'>; initial: GiftDecoration }) {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [d, setD] = useState<GiftDecoration>(initial);
  const [previewCard, setPreviewCard] = useState(0);
  const setTheme = (patch: Partial<GiftDecoration['theme']>) => setD((x) => ({ ...x, theme: { ...x.theme, ...patch } }));
  const setSticker = (i: number, patch: Partial<Sticker>) => setD((x) => ({ ...x, stickers: x.stickers.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const setCard = (i: number, patch: Partial<CardDesign>) => setD((x) => ({ ...x, cards: x.cards.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));
  // The draft's content is not described in the API document yet (catalog): read as the catalog's draft content.
  const draftImages = (product.draft.content as DraftContent).imageIds;
  const images = useMemo(() => [...new Set([...(d.theme.coverImageId ? [d.theme.coverImageId] : []), ...product.imageIds, ...draftImages])], [d.theme.coverImageId, product, draftImages]);

  const save = useMutation({
    mutationFn: () => {
      // New stickers and cards get ids made from their names, unique within the decoration.
      const stickerIds: string[] = [];
      const stickers = d.stickers.map((s) => {
        const id = s.id || slugId(s.label, stickerIds);
        stickerIds.push(id);
        return { ...s, id, label: s.label.trim(), glyph: s.glyph.trim() };
      });
      const cardIds: string[] = [];
      const cards = d.cards.map((c) => {
        const id = c.id || slugId(c.name, cardIds);
        cardIds.push(id);
        return { ...c, id, name: c.name.trim() };
      });
      return data(client.PUT('/api/merchant/stores/{storeId}/products/{productId}/gift-decoration', { params: { path: { storeId: store.id, productId: product.id } }, body: { theme: d.theme, stickers, cards } }));
    },
    onSuccess: (saved) => {
      setD(saved);
      qc.setQueryData(decorationKey(store.id, product.id), saved);
      void qc.invalidateQueries({ queryKey: ['gift-options', product.id] });
      announce(t('gifts.decoration.saved'));
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  const glyphs = glyphMap(d.stickers);
  const card = d.cards[Math.min(previewCard, d.cards.length - 1)] ?? null;
  const cover = d.theme.coverImageId ?? product.imageIds[0] ?? null;
  const base = `/merchant/stores/${store.id}/products/${product.id}`;

  return (
    <>
      <PageHeader back={{ to: base, label: product.title }} title={t('gifts.decoration.title')} subtitle={product.title} />
      <div className="deco">
        <form className="card form deco__form" onSubmit={submit} aria-label={t('gifts.decoration.title')}>
          <fieldset className="deco__group">
            <legend>{t('gifts.decoration.theme')}</legend>
            <div className="deco__colours">
              {(['background', 'accent', 'text'] as const).map((k) => (
                <Field key={k} label={t(`gifts.decoration.colour.${k}`)}>
                  {(p) => (
                    <span className="colour-input">
                      <input {...p} type="color" value={d.theme[k]} onChange={(e) => setTheme({ [k]: e.target.value })} />
                      <span className="mono small">{d.theme[k]}</span>
                    </span>
                  )}
                </Field>
              ))}
            </div>
            <div className="deco__cover">
              <p className="deco__label" id="cover-h">
                {t('gifts.decoration.cover')}
              </p>
              <div className="deco__images" role="radiogroup" aria-labelledby="cover-h">
                <label className={`deco__image deco__image--none${d.theme.coverImageId == null ? ' is-checked' : ''}`}>
                  <input type="radio" name="cover" checked={d.theme.coverImageId == null} onChange={() => setTheme({ coverImageId: null })} />
                  <span>{t('gifts.decoration.coverProduct')}</span>
                </label>
                {images.map((id, i) => (
                  <label key={id} className={`deco__image${d.theme.coverImageId === id ? ' is-checked' : ''}`}>
                    <input type="radio" name="cover" checked={d.theme.coverImageId === id} onChange={() => setTheme({ coverImageId: id })} />
                    <img src={thumbUrl(id)} alt={t('catalog.shop.imageN', { n: i + 1 })} width="72" height="72" />
                  </label>
                ))}
              </div>
              <ImageUploadField storeId={store.id} label={t('gifts.decoration.uploadCover')} onUploaded={(id) => setTheme({ coverImageId: id })} />
            </div>
          </fieldset>

          <fieldset className="deco__group">
            <legend>{t('gifts.decoration.stickers', { n: d.stickers.length, max: STICKERS_MAX })}</legend>
            <p className="muted small">{t('gifts.decoration.stickersHint')}</p>
            {d.stickers.length === 0 && <p className="muted">{t('gifts.decoration.noStickers')}</p>}
            <ul className="deco__rows">
              {d.stickers.map((s, i) => (
                <li key={i} className="deco__row">
                  <span className="deco__glyph" aria-hidden="true">
                    {s.glyph}
                  </span>
                  <Field label={t('gifts.decoration.glyph', { n: i + 1 })}>{(p) => <input {...p} className="input--sm" required maxLength={8} value={s.glyph} onChange={(e) => setSticker(i, { glyph: e.target.value })} />}</Field>
                  <Field label={t('gifts.decoration.stickerLabel', { n: i + 1 })}>{(p) => <input {...p} required maxLength={30} value={s.label} onChange={(e) => setSticker(i, { label: e.target.value })} />}</Field>
                  <button type="button" className="btn btn--ghost btn--sm" aria-label={t('gifts.decoration.removeSticker', { n: i + 1 })} onClick={() => setD((x) => ({ ...x, stickers: x.stickers.filter((_, j) => j !== i) }))}>
                    {t('catalog.editor.remove')}
                  </button>
                </li>
              ))}
            </ul>
            {d.stickers.length < STICKERS_MAX && (
              <button type="button" className="btn btn--sm" onClick={() => setD((x) => ({ ...x, stickers: [...x.stickers, { id: '', label: '', glyph: '' }] }))}>
                + {t('gifts.decoration.addSticker')}
              </button>
            )}
          </fieldset>

          <fieldset className="deco__group">
            <legend>{t('gifts.decoration.cards', { n: d.cards.length, max: CARDS_MAX })}</legend>
            <p className="muted small">{t('gifts.decoration.cardsHint')}</p>
            {d.cards.length === 0 && <p className="muted">{t('gifts.decoration.noCards')}</p>}
            <ul className="deco__rows">
              {d.cards.map((c, i) => (
                <li key={i} className="deco__row deco__row--card">
                  <span className="gift-design__swatch" style={{ background: c.background, borderColor: c.accent }} aria-hidden="true" />
                  <Field label={t('gifts.decoration.cardName', { n: i + 1 })}>{(p) => <input {...p} required maxLength={40} value={c.name} onChange={(e) => setCard(i, { name: e.target.value })} />}</Field>
                  <Field label={t('gifts.decoration.colour.background')}>{(p) => <input {...p} type="color" value={c.background} onChange={(e) => setCard(i, { background: e.target.value })} />}</Field>
                  <Field label={t('gifts.decoration.colour.accent')}>{(p) => <input {...p} type="color" value={c.accent} onChange={(e) => setCard(i, { accent: e.target.value })} />}</Field>
                  <Field label={t('gifts.decoration.pattern')}>
                    {(p) => (
                      <select {...p} value={c.pattern} onChange={(e) => setCard(i, { pattern: e.target.value as CardPattern })}>
                        {CARD_PATTERNS.map((x) => (
                          <option key={x} value={x}>
                            {stateLabel(t, 'CardPattern', x)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <div className="btn-row btn-row--tight">
                    <button type="button" className="btn btn--ghost btn--sm" aria-pressed={card === c} onClick={() => setPreviewCard(i)}>
                      {t('gifts.decoration.preview')}
                    </button>
                    <button type="button" className="btn btn--ghost btn--sm" aria-label={t('gifts.decoration.removeCard', { n: i + 1 })} onClick={() => setD((x) => ({ ...x, cards: x.cards.filter((_, j) => j !== i) }))}>
                      {t('catalog.editor.remove')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
            {d.cards.length < CARDS_MAX && (
              <button type="button" className="btn btn--sm" onClick={() => setD((x) => ({ ...x, cards: [...x.cards, { id: '', name: '', background: '#ffffff', accent: x.theme.accent, pattern: 'plain' }] }))}>
                + {t('gifts.decoration.addCard')}
              </button>
            )}
          </fieldset>
          <ProblemAlert error={save.error} />
          <div className="btn-row">
            <button type="submit" className="btn btn--primary" disabled={save.isPending}>
              {save.isPending ? t('common.saving') : t('common.save')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setD(initial)}>
              {t('gifts.decoration.undo')}
            </button>
          </div>
        </form>

        <aside className="deco__preview" aria-label={t('gifts.decoration.previewTitle')}>
          <p className="deco__label">{t('gifts.decoration.previewTitle')}</p>
          <div className="phone-frame">
            <div className="gift-land gift-land--preview" style={themeStyle(d.theme)}>
              <header className="gift-land__hero">
                {cover && <img className="gift-land__cover" src={largeUrl(cover)} alt="" width="360" height="200" />}
                <div className="gift-land__headline">
                  <p className="gift-land__eyebrow">{t('gifts.claim.eyebrow')}</p>
                  <p className="gift-land__title">{t('gifts.claim.title', { name: t('gifts.decoration.sampleGiver') })}</p>
                </div>
              </header>
              <GiftCard design={card} message={t('gifts.decoration.sampleMessage')} giverName={t('gifts.decoration.sampleGiver')} receiverName={t('gifts.decoration.sampleReceiver')} stickers={sampleStickers(d.stickers)} glyphs={glyphs} size="sm" />
              <section className="gift-land__product">
                <div>
                  <p className="gift-land__product-title">{product.title}</p>
                </div>
              </section>
              <span className="btn btn--primary btn--block gift-accent-btn" aria-hidden="true">
                {t('gifts.claim.accept')}
              </span>
            </div>
          </div>
        </aside>
      </div>
    </>
  );
}
