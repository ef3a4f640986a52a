import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import type { StoreDetail, StoreSummary } from '../lib/types.ts';

export const storeKey = (id: string) => ['merchant', 'store', id] as const;

export function useMyStores() {
  return useQuery({ queryKey: ['merchant', 'stores'], queryFn: () => api<StoreSummary[]>('/api/merchant/stores?limit=200') });
}

export function useStore(id: string) {
  return useQuery({ queryKey: storeKey(id), queryFn: () => api<StoreDetail>(`/api/merchant/stores/${id}`) });
}
