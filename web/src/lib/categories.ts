// The category tree (public, cached by the server with an ETag) and helpers to walk it.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { client, data, type RequestBody, type Schemas } from './api.ts';
import { enumValues } from './api/schema.ts';
import { useChannel } from './catalog.ts';

export type CategoryNode = Schemas['CategoryNode'];
export type CategoryTree = Schemas['CategoryTree'];
export type Qualification = Schemas['CategoryQualification'];
export type Names = CategoryNode['names'];
export const POLICIES = enumValues.AccessPolicy;
export type Policy = Schemas['AccessPolicy'];
export type BulkAction = RequestBody<'/api/operator/categories/bulk/preview', 'post'>['action'];
export type BulkResult = Schemas['CategoryBulkResult'];
export type BulkFields = Schemas['CategoryBulkFields'];
export type CategoryPatch = RequestBody<'/api/operator/categories/{categoryId}', 'patch'>;

export function useCategoryTree() {
  return useQuery({ queryKey: ['categories'], queryFn: ({ signal }) => data(client.GET('/api/categories', { signal })), staleTime: 60_000 });
}

export type CategoryIndex = {
  roots: CategoryNode[];
  byId: Map<number, CategoryNode>;
  leaves: CategoryNode[];
  /** Ancestors then the node itself. */
  chain(id: number): CategoryNode[];
  /** Third-level ids under a node (itself if a leaf). */
  leafIds(node: CategoryNode): number[];
  /** Every qualification that applies to a leaf (its own and its ancestors'), one per kind; mandatory wins. */
  qualificationsOf(id: number): Qualification[];
  qualificationName(kind: string): Names;
};

export function indexTree(roots: CategoryNode[]): CategoryIndex {
  const byId = new Map<number, CategoryNode>();
  const leaves: CategoryNode[] = [];
  const qualNames = new Map<string, Names>();
  const walk = (n: CategoryNode) => {
    byId.set(n.id, n);
    for (const q of n.qualifications) qualNames.set(q.kind, q.names);
    if (n.level === 3) leaves.push(n);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  const chain = (id: number) => {
    const out: CategoryNode[] = [];
    for (let c = byId.get(id); c; c = c.parentId == null ? undefined : byId.get(c.parentId)) out.unshift(c);
    return out;
  };
  const leafIds = (node: CategoryNode): number[] => (node.level === 3 ? [node.id] : node.children.flatMap(leafIds));
  return {
    roots,
    byId,
    leaves,
    chain,
    leafIds,
    qualificationsOf(id) {
      const byKind = new Map<string, Qualification>();
      for (const c of chain(id))
        for (const q of c.qualifications) {
          const prev = byKind.get(q.kind);
          byKind.set(q.kind, { ...q, mandatory: q.mandatory || !!prev?.mandatory });
        }
      return [...byKind.values()].sort((a, b) => Number(b.mandatory) - Number(a.mandatory));
    },
    qualificationName: (kind) => qualNames.get(kind) ?? { en: kind.replace(/_/g, ' '), zh: kind, vi: kind },
  };
}

export function useCategoryIndex() {
  const q = useCategoryTree();
  const index = useMemo(() => (q.data ? indexTree(q.data.categories) : undefined), [q.data]);
  return { ...q, index };
}

/** The tree without the categories whose set is not listed (and their subtrees). */
export function pruneTree(nodes: CategoryNode[], listed: ReadonlySet<number>): CategoryNode[] {
  return nodes.filter((n) => listed.has(n.id)).map((n) => ({ ...n, children: pruneTree(n.children, listed) }));
}

/**
 * What buyers browse: the tree pruned to the categories with something on sale in the channel (the server says which:
 * GET /api/storefront/categories). `index` is the pruned tree, `full` the whole one (a direct link to an empty
 * category still finds its name), `listed` the ids.
 */
export function useListedCategoryIndex() {
  const channel = useChannel();
  const tree = useCategoryTree();
  const listedQ = useQuery({
    queryKey: ['storefront', 'categories', channel],
    queryFn: ({ signal }) => data(client.GET('/api/storefront/categories', { params: { query: { channel } }, signal })),
  });
  const value = useMemo(() => {
    if (!tree.data || !listedQ.data) return undefined;
    const listed = new Set(listedQ.data.categoryIds);
    return { listed, full: indexTree(tree.data.categories), index: indexTree(pruneTree(tree.data.categories, listed)) };
  }, [tree.data, listedQ.data]);
  return {
    isPending: tree.isPending || listedQ.isPending,
    error: tree.error ?? listedQ.error,
    refetch: () => Promise.all([tree.refetch(), listedQ.refetch()]),
    index: value?.index,
    full: value?.full,
    listed: value?.listed,
  };
}

/** Lowercase, without Vietnamese diacritics, so "ao khoac" finds "Áo khoác". */
export function fold(s: string) {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
}

export function matchesText(node: SearchableCategory, folded: string) {
  if (!folded) return true;
  return [node.names.en, node.names.zh, node.names.vi, node.code].some((s) => fold(s).includes(folded));
}

/** What a category search reads of a category: its names and its code. */
export type SearchableCategory = { names: Names; code: string };

const letter = /[\p{L}\p{N}]/u;

/** 0: the text is the query; 1: starts with it; 2: a word of it starts with it; 3: holds it elsewhere; undefined: does not hold it. */
function tier(text: string, query: string): number | undefined {
  if (text === query) return 0;
  if (text.startsWith(query)) return 1;
  let at = text.indexOf(query);
  if (at < 0) return undefined;
  for (; at >= 0; at = text.indexOf(query, at + 1)) if (at === 0 || !letter.test(text[at - 1])) return 2;
  return 3;
}

const best = (ranks: (number | undefined)[]) => ranks.reduce<number | undefined>((a, b) => (b === undefined ? a : a === undefined ? b : Math.min(a, b)), undefined);

/**
 * How well a category's names (en, zh, vi) match a search, lower is better, undefined when none does: an exact name,
 * then a name that starts with the query, then one with a word that does, then one that holds it anywhere (the code
 * only counts as the last). Accents are optional ("tra" finds Trà), but a query typed with accents prefers names with
 * the same accents: for "trà", every name holding "trà" comes before names that hold only "tra" (Thời trang).
 */
export function categoryRank(node: SearchableCategory, text: string): number | undefined {
  const exact = text.trim().normalize('NFC').toLowerCase();
  const folded = fold(exact);
  if (!folded) return undefined;
  const names = [node.names.en, node.names.zh, node.names.vi];
  const byCode = node.code.toLowerCase().includes(folded) ? 3 : undefined;
  const loose = best([...names.map((n) => tier(fold(n), folded)), byCode]);
  if (exact === folded) return loose;
  const strict = best(names.map((n) => tier(n.normalize('NFC').toLowerCase(), exact)));
  return strict ?? (loose === undefined ? undefined : 4 + loose);
}

/**
 * The categories that match a search, best first (see categoryRank), in their given order when equal. With `chain`
 * (ancestors then the category itself), a category also matches by an ancestor's names, just after an equal match
 * of its own: a search for "trà" lists every tea under Trà before anything else.
 */
export function searchCategories<T extends SearchableCategory>(nodes: readonly T[], text: string, chain: (node: T) => readonly T[] = (n) => [n]): T[] {
  const ranked: { node: T; key: number; at: number }[] = [];
  nodes.forEach((node, at) => {
    const key = best(chain(node).map((c) => {
      const r = categoryRank(c, text);
      return r === undefined ? undefined : r * 2 + (c === node ? 0 : 1);
    }));
    if (key !== undefined) ranked.push({ node, key, at });
  });
  return ranked.sort((a, b) => a.key - b.key || a.at - b.at).map((r) => r.node);
}
