// The storefront's product search box: sends the words to the search page, keeping the channel.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { useChannel, withChannel } from '../lib/catalog.ts';

export function ProductSearchBox({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const channel = useChannel();
  const [text, setText] = useState(initial);
  function submit(e: FormEvent) {
    e.preventDefault();
    const q = text.trim();
    if (q) navigate(withChannel(`/search?q=${encodeURIComponent(q)}`, channel));
  }
  return (
    <form role="search" className="psearch" onSubmit={submit}>
      <Field label={t('catalog.shop.searchProducts')} className="psearch__field">
        {(p) => <input {...p} type="search" value={text} maxLength={100} placeholder={t('catalog.shop.searchPlaceholder')} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn--primary">
        {t('catalog.shop.search')}
      </button>
    </form>
  );
}
