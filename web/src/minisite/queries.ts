// The mini-site console's reads (owners' side) and the link types both consoles share; types from the generated API.
import { useQuery } from '@tanstack/react-query';
import { client, data, type Schemas } from '../lib/api.ts';
import { enumValues } from '../lib/api/schema.ts';

export type MiniSite = Schemas['MiniSite'];
export type MiniSiteListItem = Schemas['MiniSiteListItem'];
export type MiniSiteLink = Schemas['MiniSiteLink'];
export type MiniSiteLinkState = Schemas['MiniSiteLinkState'];
export type MiniSiteLocale = Schemas['MiniSiteLocale'];
export const MINI_SITE_LOCALES = enumValues.MiniSiteLocale;

export const miniSitesKey = ['minisites'] as const;
export const miniSiteKey = (id: string) => ['minisites', id] as const;
export const siteLinksKey = (id: string) => ['minisites', id, 'links'] as const;
export const storeLinksKey = (storeId: string) => ['merchant', 'mini-site-links', storeId] as const;

export function useMiniSites() {
  return useQuery({ queryKey: miniSitesKey, queryFn: ({ signal }) => data(client.GET('/api/minisites', { signal })) });
}

export function useMiniSite(id: string) {
  return useQuery({ queryKey: miniSiteKey(id), queryFn: ({ signal }) => data(client.GET('/api/minisites/{miniSiteId}', { params: { path: { miniSiteId: id } }, signal })) });
}

export function useSiteLinks(id: string) {
  return useQuery({ queryKey: siteLinksKey(id), queryFn: ({ signal }) => data(client.GET('/api/minisites/{miniSiteId}/links', { params: { path: { miniSiteId: id } }, signal })) });
}

export function useStoreLinks(storeId: string) {
  return useQuery({ queryKey: storeLinksKey(storeId), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/mini-site-links', { params: { path: { storeId } }, signal })) });
}

/** One origin per line (or separated by spaces or commas), as typed in a text area. */
export function splitOrigins(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}
