// The category tree (public, cached by the server with an ETag) and helpers to walk it.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { client, data, type RequestBody, type Schemas } from './api.ts';
import { enumValues } from './api/schema.ts';

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

/** Lowercase, without Vietnamese diacritics, so "ao khoac" finds "Áo khoác". */
export function fold(s: string) {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
}

export function matchesText(node: CategoryNode, folded: string) {
  if (!folded) return true;
  return [node.names.en, node.names.zh, node.names.vi, node.code].some((s) => fold(s).includes(folded));
}
