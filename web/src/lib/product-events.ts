// Products a buyer saw in a list (exposure, once per card shown) and clicked in one, reported to the analytics funnel
// in small batches (POST /api/storefront/events): at most every two seconds, and when the page is hidden or left.
// Losing a batch to a closed tab loses a count, never a purchase; nothing waits on these.
import { client } from './api.ts';
import type { Channel } from './catalog.ts';

type Kind = 'exposure' | 'click';
type Event = { productId: string; channel: Channel; kind: Kind };
const MAX_BATCH = 100;
let queue: Event[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

function flush() {
  if (timer) clearTimeout(timer);
  timer = null;
  while (queue.length) {
    const events = queue.splice(0, MAX_BATCH);
    void client.POST('/api/storefront/events', { body: { events }, keepalive: true }).catch(() => {});
  }
}

if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
  window.addEventListener('pagehide', flush);
}

export function reportProductEvent(productId: string, channel: Channel, kind: Kind) {
  queue.push({ productId, channel, kind });
  if (queue.length >= MAX_BATCH) flush();
  else timer ??= setTimeout(flush, 2000);
}

/** Watches a product card: reported as an exposure the first time half of it is on screen. */
export function watchExposure(el: Element, productId: string, channel: Channel): () => void {
  if (typeof IntersectionObserver === 'undefined') return () => {};
  const seen = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    reportProductEvent(productId, channel, 'exposure');
    seen.disconnect();
  }, { threshold: 0.5 });
  seen.observe(el);
  return () => seen.disconnect();
}
