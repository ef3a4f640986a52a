// The greeting card of a gift: the merchant's design (colours, pattern), the giver's message, names and stickers.
// Read-only on the claim, share and print pages; on the send page the giver places stickers on it (click or
// keyboard), moves them (drag or arrow keys) and removes them (Delete). Positions are 0..1 of the card's size.
import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { localeTag, type Lang } from '../i18n/index.ts';
import type { CardDesign, PlacedSticker, Sticker, Theme } from '../lib/gifts.ts';

const PLAIN: CardDesign = { id: '', name: '', background: '#ffffff', accent: '#0b7a55', pattern: 'plain' };
const STEP = 0.05;
const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));

/** The card's background: its colour under a faint pattern in its accent colour. */
function patternStyle(d: CardDesign): CSSProperties {
  const a = d.accent;
  const tint = `${a}22`;
  const image =
    d.pattern === 'dots'
      ? `radial-gradient(${tint} 18%, transparent 20%)`
      : d.pattern === 'stripes'
        ? `repeating-linear-gradient(45deg, ${tint} 0 8px, transparent 8px 22px)`
        : d.pattern === 'hearts'
          ? `url("data:image/svg+xml,${encodeURIComponent(`<svg xmlns='http://www.w3.org/2000/svg' width='36' height='36'><path d='M18 27s-9-5.6-9-11.2A4.8 4.8 0 0 1 18 13a4.8 4.8 0 0 1 9 2.8C27 21.4 18 27 18 27z' fill='${a}' fill-opacity='0.13'/></svg>`)}")`
          : 'none';
  return { backgroundColor: d.background, backgroundImage: image, backgroundSize: d.pattern === 'dots' ? '18px 18px' : undefined, '--card-accent': a } as CSSProperties;
}

/** CSS variables of a gift page theme, for a decorated container. */
export function themeStyle(theme: Theme): CSSProperties {
  return { '--gift-bg': theme.background, '--gift-accent': theme.accent, '--gift-text': theme.text } as CSSProperties;
}

type Editing = {
  /** The sticker a click or Enter places, if one is chosen. */
  brush: Sticker | null;
  onChange: (stickers: PlacedSticker[]) => void;
  max: number;
};

export function GiftCard({
  design,
  message,
  giverName,
  receiverName,
  stickers,
  glyphs,
  editing,
  size = 'md',
  hiddenNote,
  lang,
}: {
  design: CardDesign | null | undefined;
  message: string;
  giverName?: string | null;
  receiverName?: string | null;
  stickers: PlacedSticker[];
  /** sticker id -> its glyph and label */
  glyphs: Map<string, { glyph: string; label: string }>;
  editing?: Editing;
  size?: 'sm' | 'md' | 'print';
  /** Shown in place of the message when the viewer may not read what the giver wrote. */
  hiddenNote?: string;
  /** The card's own language (a printed card: the one its giver chose), else the app's. */
  lang?: Lang | null;
}) {
  const { t: appT, i18n } = useTranslation();
  const t = lang ? i18n.getFixedT(lang) : appT;
  const d = design ?? PLAIN;
  const surface = useRef<HTMLDivElement>(null);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const drag = useRef<number | null>(null);

  useEffect(() => {
    if (focusIndex != null) refs.current[focusIndex]?.focus();
  }, [focusIndex, stickers.length]);

  function at(e: { clientX: number; clientY: number }) {
    const r = surface.current!.getBoundingClientRect();
    return { x: clamp((e.clientX - r.left) / r.width), y: clamp((e.clientY - r.top) / r.height) };
  }
  function place(x: number, y: number, focus: boolean) {
    if (!editing?.brush || stickers.length >= editing.max) return;
    editing.onChange([...stickers, { stickerId: editing.brush.id, x, y }]);
    if (focus) setFocusIndex(stickers.length);
  }
  function move(i: number, x: number, y: number) {
    editing?.onChange(stickers.map((s, j) => (j === i ? { ...s, x: clamp(x), y: clamp(y) } : s)));
  }
  function remove(i: number) {
    editing?.onChange(stickers.filter((_, j) => j !== i));
    setFocusIndex(null);
    surface.current?.focus();
  }
  function surfaceKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      // A little apart from the stickers already in the middle.
      const n = stickers.length;
      place(clamp(0.5 + ((n % 3) - 1) * 0.12), clamp(0.5 + ((Math.floor(n / 3) % 3) - 1) * 0.12), true);
    }
  }
  function stickerKey(i: number, e: KeyboardEvent<HTMLButtonElement>) {
    const s = stickers[i];
    const by: Record<string, [number, number]> = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] };
    if (by[e.key]) {
      e.preventDefault();
      move(i, s.x + by[e.key][0], s.y + by[e.key][1]);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      remove(i);
    }
  }
  function pointerDown(i: number, e: PointerEvent<HTMLButtonElement>) {
    drag.current = i;
    e.currentTarget.setPointerCapture(e.pointerId);
  }
  function pointerMove(i: number, e: PointerEvent<HTMLButtonElement>) {
    if (drag.current !== i) return;
    const p = at(e);
    move(i, p.x, p.y);
  }

  const placed = stickers.map((s, i) => {
    const g = glyphs.get(s.stickerId);
    const style = { left: `${s.x * 100}%`, top: `${s.y * 100}%` };
    if (!editing)
      return (
        <span key={i} className="gift-card__sticker" style={style} role="img" aria-label={g?.label ?? s.stickerId}>
          {g?.glyph ?? '★'}
        </span>
      );
    return (
      <button
        key={i}
        ref={(el) => {
          refs.current[i] = el;
        }}
        type="button"
        className="gift-card__sticker gift-card__sticker--edit"
        style={style}
        aria-label={t('gifts.card.placed', { label: g?.label ?? s.stickerId, x: Math.round(s.x * 100), y: Math.round(s.y * 100) })}
        onKeyDown={(e) => stickerKey(i, e)}
        onPointerDown={(e) => pointerDown(i, e)}
        onPointerMove={(e) => pointerMove(i, e)}
        onPointerUp={() => (drag.current = null)}
        onClick={(e) => e.stopPropagation()}
      >
        {g?.glyph ?? '★'}
      </button>
    );
  });

  return (
    <div className={`gift-card gift-card--${size}`} style={patternStyle(d)} data-testid="gift-card" lang={lang ? localeTag(lang) : undefined}>
      <div
        ref={surface}
        className={`gift-card__surface${editing ? ' gift-card__surface--edit' : ''}`}
        {...(editing
          ? {
              tabIndex: 0,
              role: 'group',
              'aria-label': editing.brush ? t('gifts.card.surfaceHint', { label: editing.brush.label }) : t('gifts.card.surface'),
              onClick: (e: MouseEvent<HTMLDivElement>) => {
                const p = at(e);
                place(p.x, p.y, false);
              },
              onKeyDown: surfaceKey,
            }
          : {})}
      >
        {receiverName && <p className="gift-card__to">{t('gifts.card.to', { name: receiverName })}</p>}
        {hiddenNote ? (
          <p className="gift-card__message gift-card__placeholder" data-testid="gift-message-hidden">
            {hiddenNote}
          </p>
        ) : (
          <p className="gift-card__message">{message || <span className="gift-card__placeholder">{t('gifts.card.noMessage')}</span>}</p>
        )}
        {giverName && <p className="gift-card__from">{t('gifts.card.from', { name: giverName })}</p>}
        {placed}
      </div>
    </div>
  );
}

/** Sticker id -> glyph and label, from a decoration's stickers (or a gift link's placed ones). */
export function glyphMap(stickers: { id?: string; stickerId?: string; glyph?: string; label?: string }[]) {
  const m = new Map<string, { glyph: string; label: string }>();
  for (const s of stickers) {
    const id = s.id ?? s.stickerId;
    if (id && s.glyph) m.set(id, { glyph: s.glyph, label: s.label ?? id });
  }
  return m;
}
