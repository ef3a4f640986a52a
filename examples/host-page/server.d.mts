export type HostPageOptions = { port: number; host?: string; trioUrl: string; appId: string; storeId: string; productIds: string[]; unlinkedProductId?: string; giftActivityId?: string; couponId?: string };
export function startHostPage(o: HostPageOptions): Promise<{ url: string; port: number; close(): Promise<void> }>;
