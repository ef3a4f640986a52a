// The money of after-sales (H5 builds it): sending a request's refund.
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { AfterSaleRow } from './lifecycle.ts';

export async function startRefund(_ctx: Ctx, _tx: Db, _req: AfterSaleRow): Promise<void> {
  throw new Error('startRefund: not built yet');
}
