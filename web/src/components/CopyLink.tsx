// A link to hand on (a gift's share link, a shop's scan page): shown in a read-only field with a copy button.
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from './Announcer.tsx';

/** `copyLabel`: the button's words when what is copied is not a link (default: "Copy link"). */
export function CopyLink({ url, label, copyLabel }: { url: string; label: string; copyLabel?: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard API outside a secure context: select the text and copy it the old way.
      input.current?.select();
      document.execCommand('copy');
    }
    announce(t('gifts.share.copied'), 'success');
  }
  return (
    <div className="copy-link">
      <label htmlFor={id} className="copy-link__label">
        {label}
      </label>
      <div className="copy-link__row">
        <input ref={input} id={id} className="copy-link__input mono" readOnly value={url} onFocus={(e) => e.currentTarget.select()} data-testid="share-link" />
        <button type="button" className="btn btn--primary" onClick={copy}>
          {copyLabel ?? t('gifts.share.copy')}
        </button>
      </div>
    </div>
  );
}
