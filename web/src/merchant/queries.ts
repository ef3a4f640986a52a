import { useQuery } from '@tanstack/react-query';
import { client, data } from '../lib/api.ts';

export const storeKey = (id: string) => ['merchant', 'store', id] as const;

export function useMyStores() {
  return useQuery({ queryKey: ['merchant', 'stores'], queryFn: ({ signal }) => data(client.GET('/api/merchant/stores', { params: { query: { limit: 200 } }, signal })) });
}

export function useStore(id: string) {
  return useQuery({ queryKey: storeKey(id), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}', { params: { path: { storeId: id } }, signal })) });
}

/** Uploads one qualification document of the store (multipart: the kind, then the file). */
export function uploadDocument(storeId: string, kind: string, file: File) {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file, file.name);
  return data(client.POST('/api/merchant/stores/{storeId}/documents', { params: { path: { storeId } }, body: form as never, bodySerializer: () => form }));
}

/** The store's webhook endpoints (the webhooks page, and the store's tabs for the failing badge). */
export const endpointsKey = (storeId: string) => ['merchant', 'webhooks', storeId] as const;
export function useEndpoints(storeId: string) {
  return useQuery({
    queryKey: endpointsKey(storeId),
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/webhooks', { params: { path: { storeId } }, signal })),
  });
}
