import { createHook } from '../../kernel/hooks.ts';

/**
 * Fired in the transaction of anything that can change whether a store's deposit covers a category:
 * a ledger entry, paid GMV crossing a zero-deposit threshold, a category's deposit or zero-deposit setting.
 */
export const depositCoverageChanged = createHook<{ storeId?: string; categoryIds?: number[] }>();

/** Fired in the transaction that moves a store from one status to another (what buyers may see of it changes). */
export const storeStatusChanged = createHook<{ storeId: string; from: string; to: string }>();
