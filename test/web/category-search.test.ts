// The category search of onboarding (and of the storefront's home): best matches first over the demo category tree.
// "trà" puts tea (Trà) first, not fashion (Thời trang).
import { describe, expect, it } from 'vitest';
import { demoCategories } from '../../src/modules/merchants/demo-categories.ts';
import { categoryRank, fold, matchesText, searchCategories, type SearchableCategory } from '../../web/src/lib/categories.ts';

type Node = SearchableCategory & { level: number; parent?: Node };
const nodes: Node[] = [];
for (const l1 of demoCategories) {
  const a: Node = { code: l1.code, names: l1.names, level: 1 };
  nodes.push(a);
  for (const l2 of l1.children) {
    const b: Node = { code: l2.code, names: l2.names, level: 2, parent: a };
    nodes.push(b);
    for (const l3 of l2.children) nodes.push({ code: l3.code, names: l3.names, level: 3, parent: b });
  }
}
const leaves = nodes.filter((n) => n.level === 3);
const chain = (n: Node): Node[] => (n.parent ? [...chain(n.parent), n] : [n]);
const pick = (text: string) => searchCategories(leaves, text, chain);
const cat = (code: string) => nodes.find((n) => n.code === code)!;

describe('category search ranking', () => {
  it('"trà" lists every tea (under Trà) before anything else; the plain filter in tree order put fashion first', () => {
    // What the picker did before: filter in tree order; the first hit was fashion ("Thời trang" holds "tra").
    const before = leaves.filter((l) => chain(l).some((c) => matchesText(c, fold('trà'))));
    expect(before[0].code.startsWith('apparel.')).toBe(true);

    const hits = pick('trà');
    const teas = leaves.filter((l) => l.code.startsWith('food.tea.'));
    expect(teas.length).toBeGreaterThan(0);
    expect(hits.slice(0, teas.length).map((l) => l.code)).toEqual(teas.map((l) => l.code));
    // Every leaf whose names (or an ancestor's) hold "trà" itself comes before those that hold only "tra" (Trang sức,
    // Thời trang); fashion is still found, accents being optional.
    const strict = (l: Node) => chain(l).some((c) => (categoryRank(c, 'trà') ?? 4) < 4);
    const firstLoose = hits.findIndex((l) => !strict(l));
    expect(firstLoose).toBeGreaterThanOrEqual(teas.length);
    expect(hits.slice(firstLoose).some(strict)).toBe(false);
    expect(hits.findIndex((l) => l.code.startsWith('apparel.'))).toBeGreaterThan(firstLoose - 1);
  });

  it('ranks an exact name in any language, then a prefix, then a word, then anywhere', () => {
    expect(categoryRank(cat('food.tea'), 'Tea')).toBe(0);
    expect(categoryRank(cat('food.tea'), '茶叶')).toBe(0);
    expect(categoryRank(cat('food.tea'), 'tra')).toBe(0);
    expect(categoryRank(cat('food.tea.green_tea'), 'trà')).toBe(1); // Trà xanh
    expect(categoryRank(cat('food.tea.green_tea'), 'tea')).toBe(2); // Green Tea
    expect(categoryRank(cat('food.tea.pu_erh'), '茶')).toBe(3); // 普洱茶
    expect(categoryRank(cat('apparel.womens.coats'), 'jacket')).toBe(2); // Coats & Jackets
    expect(categoryRank(cat('apparel.womens.dresses'), 'jacket')).toBeUndefined();
    // Accent-insensitive, but with accents typed a name with other accents (or none) comes after every accented match.
    expect(categoryRank(cat('apparel.womens.coats'), 'ao khoac')).toBe(0);
    expect(categoryRank(cat('apparel.womens.coats'), 'ÁO KHOÁC')).toBe(0);
    expect(categoryRank(cat('apparel'), 'trà')).toBe(4 + 2); // Thời trang: a word starting with "tra", not "trà"

    expect(pick('áo khoác')[0].code).toBe('apparel.womens.coats');
    // Leaves whose own name starts with "áo" (Áo khoác, Áo len, ...) first, in tree order, before "áo" inside a name.
    const prefixed = leaves.filter((l) => l.names.vi.toLowerCase().startsWith('áo')).map((l) => l.code);
    expect(prefixed.length).toBeGreaterThan(3);
    const ao = pick('áo').map((l) => l.code);
    expect(ao.slice(0, prefixed.length)).toEqual(prefixed);
    expect(ao.length).toBeGreaterThan(prefixed.length);
    expect(pick('tea')[0].code).toMatch(/^food\.tea\./);
    expect(pick('  ')).toEqual([]);
  });

  it('the order follows the rank, and equal ranks keep the tree order', () => {
    for (const q of ['trà', 'tra', 'áo', 'shoes', '鞋', 'giày']) {
      const hits = pick(q);
      expect(hits.length, q).toBeGreaterThan(0);
      const key = (l: Node) => Math.min(...chain(l).map((c, i, all) => { const r = categoryRank(c, q); return r === undefined ? Infinity : r * 2 + (i === all.length - 1 ? 0 : 1); }));
      for (let i = 1; i < hits.length; i++) {
        const [a, b] = [key(hits[i - 1]), key(hits[i])];
        expect(a <= b && (a < b || leaves.indexOf(hits[i - 1]) < leaves.indexOf(hits[i])), `${q}: ${hits[i - 1].code} before ${hits[i].code}`).toBe(true);
      }
      // Nothing that matches is left out, nothing that does not is in.
      expect(new Set(hits).size).toBe(leaves.filter((l) => chain(l).some((c) => categoryRank(c, q) !== undefined)).length);
    }
  });
});
