// Choosing a SKU by its attributes (one radio group per attribute): the product page, the gift send page and the
// gift claim page. Values no available SKU has are shown as sold out and cannot be chosen.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attribute } from '../lib/catalog.ts';

type SkuLike = { id: string; attrs: Record<string, string>; available: boolean };

/** The attributes of a list of SKUs, in the order their names and values first appear. */
export function attributesOf(skus: { attrs: Record<string, string> }[]): Attribute[] {
  const out = new Map<string, string[]>();
  for (const s of skus)
    for (const [k, v] of Object.entries(s.attrs)) {
      const values = out.get(k) ?? [];
      if (!values.includes(v)) values.push(v);
      out.set(k, values);
    }
  return [...out].map(([name, values]) => ({ name, values }));
}

/** The chosen attribute values and the SKU they make; starts on `initialId`, else the first available SKU. */
export function useSkuChoice<S extends SkuLike>(attributes: Attribute[], skus: S[], initialId?: string | null) {
  const first = skus.find((s) => s.id === initialId) ?? skus.find((s) => s.available) ?? skus[0];
  const [chosen, setChosen] = useState<Record<string, string>>(first?.attrs ?? {});
  const sku = skus.find((s) => attributes.every((a) => s.attrs[a.name] === chosen[a.name]));
  /** Is any SKU with this value available? (Other choices follow when needed, so no combination is out of reach.) */
  const available = (name: string, value: string) => skus.some((s) => s.available && s.attrs[name] === value);
  function choose(name: string, value: string) {
    const want = { ...chosen, [name]: value };
    const exact = skus.find((s) => s.available && attributes.every((a) => s.attrs[a.name] === want[a.name]));
    const fallback = skus.find((s) => s.available && s.attrs[name] === value);
    setChosen(exact || !fallback ? want : fallback.attrs);
  }
  return { sku, chosen, available, choose };
}

export function SkuPicker({ attributes, choice }: { attributes: Attribute[]; choice: Pick<ReturnType<typeof useSkuChoice>, 'chosen' | 'available' | 'choose'> }) {
  const { t } = useTranslation();
  return (
    <>
      {attributes.map((a) => (
        <fieldset key={a.name} className="skupick">
          <legend className="skupick__name">{a.name}</legend>
          <div className="skupick__values">
            {a.values.map((v) => {
              const ok = choice.available(a.name, v);
              return (
                <label key={v} className={`skupick__value${ok ? '' : ' is-soldout'}`}>
                  <input type="radio" name={`attr-${a.name}`} value={v} checked={choice.chosen[a.name] === v} disabled={!ok} onChange={() => choice.choose(a.name, v)} />
                  <span>
                    {v}
                    {!ok && <span className="skupick__note"> · {t('catalog.shop.soldOut')}</span>}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
    </>
  );
}
