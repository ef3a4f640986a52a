import { createHook } from '../../kernel/hooks.ts';

/**
 * Fired in the transaction of anything that can change whether a store's deposit covers a category:
 * a ledger entry, paid GMV crossing a zero-deposit threshold, a category's deposit or zero-deposit setting.
 */
export const depositCoverageChanged = createHook<{ storeId?: string; categoryIds?: number[] }>();
