import { describe, expect, it } from 'vitest';
import { attrsKey, validateSkus } from '../modules/catalog/rules.ts';
import { planStore, shopPrice, type DemoCatalogStore } from './catalog.ts';
import { TEMPLATES } from './catalog-templates.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const codes = Object.keys(TEMPLATES);
const store = (languages: DemoCatalogStore['languages'], prefix: string): DemoCatalogStore => ({
  storeId: '00000000-0000-4000-8000-000000000001',
  ownerId: '00000000-0000-4000-8000-000000000002',
  languages,
  products: 400,
  categories: codes.filter((c) => c.startsWith(prefix)).map((code, i) => ({ id: i + 1, code })),
});
const stores = [store({ zh: 0.85, en: 0.15 }, 'food.'), store({ zh: 1 }, 'baby.'), store({ vi: 1 }, 'home.'), store({ zh: 0.75, en: 0.25 }, 'beauty.')];
const strip = (list: ReturnType<typeof planStore>) => list.map(({ id: _id, skus, ...p }) => ({ ...p, skus: skus.map(({ id: _s, ...s }) => s) }));

describe('demo catalog plan', () => {
  it('is the same on every start (ids aside)', () => {
    for (const s of stores) expect(strip(planStore(s, NOW))).toEqual(strip(planStore(s, NOW)));
  });

  it('makes valid products: 1 to 6 SKUs matching the attributes, shop-like prices, stock never below zero', () => {
    for (const s of stores) {
      const list = planStore(s, NOW);
      expect(list.length).toBeGreaterThan(350);
      for (const p of list) {
        expect(p.title.trim()).toBe(p.title);
        expect(p.title).not.toMatch(/\$\d|\s{2}/);
        expect(p.description.length).toBeGreaterThan(5);
        expect(p.skus.length).toBeGreaterThanOrEqual(1);
        expect(p.skus.length).toBeLessThanOrEqual(6);
        validateSkus(p.attributes, p.skus, 100_000_000);
        for (const k of p.skus) {
          expect(k.key).toBe(attrsKey(k.attrs));
          expect(k.price).toBeGreaterThanOrEqual(290);
          expect(k.price).toBeLessThanOrEqual(500_000);
        }
        const total = p.skus.reduce((n, k) => n + k.stock, 0);
        expect(p.liveState).toBe(total > 0 ? 'listed' : 'sold_out');
        expect(p.listedAt.getTime()).toBeLessThanOrEqual(NOW);
        expect(p.createdAt.getTime()).toBeLessThan(p.listedAt.getTime());
      }
      // Some sold out, some SKUs at zero, most titles distinct.
      expect(list.some((p) => p.liveState === 'sold_out')).toBe(true);
      expect(list.some((p) => p.liveState === 'listed' && p.skus.some((k) => k.stock === 0))).toBe(true);
      expect(new Set(list.map((p) => p.title)).size).toBeGreaterThan(list.length * 0.9);
    }
  });

  it('writes titles in the store languages', () => {
    const home = planStore(stores[2], NOW);
    expect(home.every((p) => /[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]/i.test(p.title + p.description))).toBe(true);
    const tea = planStore(stores[0], NOW);
    const english = tea.filter((p) => /^[\x20-\x7e]+$/.test(p.title));
    expect(english.length).toBeGreaterThan(tea.length * 0.05);
    expect(english.length).toBeLessThan(tea.length * 0.3);
  });

  it('rounds prices the way shops do', () => {
    expect(shopPrice(9.6)).toBe(990);
    expect(shopPrice(38.7)).toBe(3890);
    expect(shopPrice(128.3)).toBe(12800);
    expect(shopPrice(133)).toBe(13900);
    expect(shopPrice(1288)).toBe(129900);
  });
});
