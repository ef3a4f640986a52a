// Every text a person reads comes from the translations: the buyer's, the merchant's and the operator's main pages,
// opened in Chinese and in Vietnamese, show no known English word of Trio's own texts and no raw code (a snake_case
// or dotted identifier such as deposit.top_up_started, a UUID). What people typed (store names, product titles,
// person names, notes: taken from the API) and brand names are not Trio's texts and are left out of the check.
// The merchant's walk includes the mini-site console (the brand's own sites: settings, links, sections, notices).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { journey, pageAs, postAs, settled, shot, type Lang } from './harness.ts';

const e2e = journey('translations');

/** English words of Trio's own texts, as whole words (a store named "Jade Mountain Tea" is not one of them). */
const ENGLISH = ['Order', 'Orders', 'Deposit', 'Paid', 'Gift', 'Gifts', 'Payment', 'Store', 'Stores', 'Refund', 'Pending', 'Cancel', 'Cancelled',
  'Shipped', 'Status', 'Amount', 'Balance', 'Product', 'Products', 'Category', 'Categories', 'Save', 'Loading', 'Approve', 'Reject', 'Online',
  'Awaiting', 'Review', 'Settled', 'Commission', 'Buyer', 'Merchant', 'Operator', 'Open', 'Closed', 'Card', 'Classic', 'Note', 'Total', 'Started',
  'Draft', 'Listed', 'Sold', 'Received', 'Completed', 'Deduction', 'Top', 'Sign', 'Search', 'Price', 'Stock', 'Staff', 'Owner', 'None', 'the', 'and', 'of', 'for'];
const WORDS = new RegExp(`(?<![\\p{L}\\p{N}_.@-])(${ENGLISH.join('|')})(?![\\p{L}\\p{N}_@-])`, 'gu');
/** Raw identifiers: snake_case, dotted (deposit.top_up_started), UUIDs. */
const CODES = [/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, /\b[a-z]+(?:\.[a-z_]+)+\b/g, /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi];
/** Brands and what is not language: e-mail addresses, URLs, file names. */
const NOT_TEXT = [/\S+@\S+/g, /https?:\/\/\S+/g, /\S+\.(?:pdf|png|jpe?g|webp|gif)\b/gi, /\bWeChat(?: Pay)?\b/g, /\bTrio\b/g, /\bOpenAPI\b/g, /\bSHA-256\b|\bHMAC-SHA256\b/g];

type Product = { id: string; title: string; categoryId: number; storeId: string };

describe('pages read in Chinese and Vietnamese', () => {
  const typed = new Set<string>();
  let buyerPages: string[] = [];
  let merchantPages: string[] = [];
  let operatorPages: string[] = [];
  let miniSitePages: string[] = [];

  beforeAll(async () => {
    const { server, apiAs, login } = e2e;
    const [lin, tea, operator] = await Promise.all([login('lin@trio.demo'), login('tea@trio.demo'), login('operator@trio.demo')]);
    const { stores } = await apiAs<{ stores: { id: string; name: string }[] }>(operator, '/api/operator/stores?limit=200');
    for (const s of stores) typed.add(s.name);
    const [teaStore] = await apiAs<{ id: string; name: string }[]>(tea, '/api/merchant/stores?limit=200');
    const list = await apiAs<{ id: string }[]>(null, `/api/storefront/products?storeId=${teaStore.id}&limit=5`);
    // The merchant's first page of products (the page the test opens) shows their titles.
    for (const p of await apiAs<{ title: string }[]>(tea, `/api/merchant/stores/${teaStore.id}/products?limit=200`)) typed.add(p.title);
    // The buyer's home shows product cards of every store: their titles are what merchants typed.
    const titles = (v: unknown): string[] => Array.isArray(v) ? v.flatMap(titles)
      : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => (k === 'title' && typeof x === 'string' ? [x] : titles(x))) : [];
    for (const t of titles(await apiAs<unknown>(null, '/api/storefront/home'))) typed.add(t);
    const product = await apiAs<Product & { skus: { id: string }[] }>(null, `/api/storefront/products/${list[0].id}`);
    // Lin buys one (paid), so the store's balance, the operator's ledger and after-sales have entries; a gift waits at the cashier.
    const pay = async (paymentId: string) => {
      const pre = await postAs<{ cashierUrl: string }>(server, lin, `/api/payments/${paymentId}/prepay`, { method: 'native' });
      await postAs(server, null, `/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`);
    };
    const address = { name: 'Nguyễn Văn An', phone: '+84 912 000 111', region: 'Hà Nội, Ba Đình', line: '12 Phố Đội Cấn' };
    const bought = await postAs<{ paymentId: string; orders: { id: string }[] }>(server, lin, '/api/checkout', { lines: [{ skuId: product.skus[0].id, quantity: 1 }], address });
    await pay(bought.paymentId);
    const orderId = bought.orders[0].id;
    const order = await apiAs<{ items: { id: string }[] }>(lin, `/api/orders/${orderId}`);
    const request = await postAs<{ id: string }>(server, lin, `/api/orders/${orderId}/after-sales`, { orderItemId: order.items[0].id, type: 'refund', quantity: 1, reason: '拍错了' });
    // A deposit top-up paid online: its ledger entry.
    const topUp = await postAs<{ paymentId: string }>(server, tea, `/api/merchant/stores/${teaStore.id}/deposit/top-ups`, { amount: 10_000 });
    const topUpPrepay = await postAs<{ cashierUrl: string }>(server, tea, `/api/payments/${topUp.paymentId}/prepay`, { method: 'native' });
    await postAs(server, null, `/api/sandbox/cashier/${topUpPrepay.cashierUrl.split('/').pop()}/pay`);
    const gift = await postAs<{ gift: { id: string }; paymentId: string }>(server, lin, '/api/gifts', { skuId: product.skus[0].id, kind: 'single', quantity: 1, message: '生日快乐' });
    const cashier = await postAs<{ cashierUrl: string }>(server, lin, `/api/payments/${gift.paymentId}/prepay`, { method: 'native' });
    const deposit = await apiAs<{ ledger: { note: string | null }[] }>(tea, `/api/merchant/stores/${teaStore.id}/deposit`);
    for (const e of deposit.ledger) if (e.note) typed.add(e.note);

    buyerPages = ['/', `/c/${product.categoryId}`, `/p/${product.id}`, `/s/${teaStore.id}`, '/search?q=%E8%8C%B6', '/cart', '/orders', `/orders/${orderId}`, '/after-sales',
      `/after-sales/${request.id}`, '/gifts', `/gifts/${gift.gift.id}`, '/profile', new URL(cashier.cashierUrl, server.url).pathname];
    const base = `/merchant/stores/${teaStore.id}`;
    merchantPages = ['/merchant', base, `${base}/products`, `${base}/orders`, `${base}/orders/${orderId}`, `${base}/after-sales`, `${base}/after-sales/${request.id}`, `${base}/balance`, `${base}/deposit`,
      `${base}/gifts`, `${base}/gift-shops`, `${base}/staff`, `${base}/api-keys`];
    // The mini-site console of the tea merchant's brand site: its name, its sections' texts and its gift activities'
    // titles are what the brand and the store typed.
    const [site] = await apiAs<{ id: string; name: string }[]>(tea, '/api/minisites');
    typed.add(site.name);
    const draft = await apiAs<{ sections: { content: Record<string, Record<string, string>> }[] }>(tea, `/api/minisites/${site.id}/sections`);
    for (const s of draft.sections) for (const texts of Object.values(s.content)) for (const v of Object.values(texts)) if (v) typed.add(v);
    for (const a of await apiAs<{ title: Record<string, string> }[]>(tea, `/api/minisites/${site.id}/gift-activities`)) for (const v of Object.values(a.title)) if (v) typed.add(v);
    miniSitePages = [`${base}/mini-sites`, `${base}/gift-activities`, '/minisites', '/minisites/new', `/minisites/${site.id}`, `/minisites/${site.id}/links`,
      `/minisites/${site.id}/sections`, `/minisites/${site.id}/notices`];
    operatorPages = ['/operator/applications', '/operator/categories', '/operator/stores', `/operator/stores/${teaStore.id}`, '/operator/products', '/operator/ledger', '/operator/audit', '/operator/disputes', '/operator/entity-claims'];
  });

  /**
   * What in the page's visible text is not translated: English words and raw codes, with a little context. Codes
   * shown as codes on purpose (<code>, monospaced ids such as trade numbers) are identifiers, not text.
   */
  async function untranslated(page: Page) {
    let text = await page.evaluate(() => {
      let all = document.body.innerText;
      for (const el of document.querySelectorAll<HTMLElement>('code, kbd, .mono')) if (el.innerText) all = all.split(el.innerText).join(' ');
      return all;
    });
    // A mini-site's app id is data a person copies, like an order number (the audit log shows it in a link's record).
    text = text.replace(/\bms_[0-9a-f][0-9a-f\s]{0,40}/g, ' ');
    for (const s of [...typed].sort((a, b) => b.length - a.length)) text = text.split(s).join(' ');
    for (const re of NOT_TEXT) text = text.replace(re, ' ');
    const found: string[] = [];
    const note = (m: RegExpMatchArray) => found.push(`"${m[0]}" in "${text.slice(Math.max(0, m.index! - 30), m.index! + m[0].length + 30).replace(/\s+/g, ' ')}"`);
    for (const m of text.matchAll(WORDS)) note(m);
    for (const re of CODES) for (const m of text.matchAll(re)) note(m);
    return found;
  }

  const who = { buyer: 'lin@trio.demo', merchant: 'tea@trio.demo', operator: 'operator@trio.demo' } as const;
  /** Opens each page as the role, in the language; what is not translated, page by page (with a picture of it). */
  async function walk(lang: Lang, walks: (readonly [keyof typeof who, string[]])[]) {
    const problems: string[] = [];
    for (const [role, pages] of walks) {
      const page = await pageAs(e2e, lang, who[role]);
      for (const path of pages) {
        await page.goto(`${e2e.server.url}${path}`);
        await settled(page);
        const found = await untranslated(page);
        if (found.length) {
          problems.push(`${role} ${path}: ${found.slice(0, 6).join('; ')}`);
          await shot(page, `untranslated-${lang}-${role}-${path.replace(/\W+/g, '-')}`);
        }
      }
      await page.context().close();
    }
    return problems;
  }
  for (const lang of ['zh', 'vi'] as Lang[]) {
    // One test per role: each walk has the whole test time of its own on a busy machine (the three in one took 61 s
    // quiet and passed the 120 s limit at a load of 20).
    // The page lists are made in beforeAll: read when the test runs.
    const pagesOf = { buyer: () => buyerPages, merchant: () => merchantPages, operator: () => operatorPages };
    for (const role of ['buyer', 'merchant', 'operator'] as const) {
      it(`in ${lang}, the ${role}'s pages show no English words of Trio and no raw codes`, async () => {
        expect(await walk(lang, [[role, pagesOf[role]()]])).toEqual([]);
      });
    }
    it(`in ${lang}, the mini-site console (the store's side and the brand's sites) shows no English words of Trio and no raw codes`, async () => {
      expect(await walk(lang, [['merchant', miniSitePages]])).toEqual([]);
    });
  }
});
