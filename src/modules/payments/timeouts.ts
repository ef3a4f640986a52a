// Payments whose time ran out: whatever they pay for (orders, a gift) is cancelled, but only after the provider was
// asked, so a payment in flight wins. A payment the provider cannot be asked about waits for the next sweep.

/**
 * Asks the provider about each due payment (syncPayment applies a success it reports), then runs `cancel` for it.
 * The failures to ask are thrown together at the end, once every other payment was handled. Returns the sum of
 * what `cancel` returned.
 */
export async function afterAskingProvider(paymentIds: string[], syncPayment: (paymentId: string) => Promise<unknown>, cancel: (paymentId: string) => Promise<number>): Promise<number> {
  let done = 0;
  const unreachable: unknown[] = [];
  for (const paymentId of paymentIds) {
    try {
      await syncPayment(paymentId);
    } catch (err) {
      unreachable.push(err);
      continue;
    }
    done += await cancel(paymentId);
  }
  if (unreachable.length) throw new AggregateError(unreachable, `${unreachable.length} payment(s) could not be checked with the provider; what they pay for waits for the next sweep`);
  return done;
}
