// Merchant onboarding, clicked as people would: a merchant registers and applies for a store with an open and a
// targeted category (a new entity's first store: with its licence, and both wait), the operator sees why, opens the
// licence and approves them, the store opens, and the audit log tells the story.
// Once in English, once with the merchant in Vietnamese and the operator in Chinese.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en, type Messages } from '../../web/src/i18n/en.ts';
import { vi } from '../../web/src/i18n/vi.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { DEMO_PASSWORD, DESKTOP, PHONE, journey, samplePdf, shot } from './harness.ts';

type Names = { en: string; zh: string; vi: string };
type Node = { code: string; names: Names; children: Node[] };

const e2e = journey('onboarding');
let names: Map<string, Names>;

beforeAll(async () => {
  const tree = (await (await fetch(`${e2e.server.url}/api/categories`)).json()) as { categories: Node[] };
  names = new Map();
  const walk = (n: Node) => {
    names.set(n.code, n.names);
    n.children.forEach(walk);
  };
  tree.categories.forEach(walk);
});

const OPEN_CATEGORY = 'apparel.womens.dresses';
const TARGETED_CATEGORY = 'luggage.luxury.designer_bags';
const TARGETED_CATEGORY_2 = 'watches_eyewear.watches.luxury_watches';
const PAUSED_CATEGORY = 'sports.outdoor.outdoor_knives';
const name = (code: string, lang: keyof Names) => names.get(code)![lang];
const unique = () => randomBytes(4).toString('hex');

async function switchLanguage(page: Page, from: Messages, lang: 'en' | 'zh' | 'vi') {
  await page.getByRole('combobox', { name: from.common.language }).selectOption(lang);
}

async function signIn(page: Page, t: Messages, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${e2e.server.url}/signin`);
  await page.getByLabel(t.auth.email).fill(email);
  await page.getByLabel(t.auth.password).fill(password);
  await page.getByRole('button', { name: t.auth.signIn, exact: true }).click();
}

async function signOut(page: Page, t: Messages) {
  await page.getByRole('button', { name: t.auth.signOut }).click();
  await page.waitForURL('**/signin');
}

async function registerMerchant(page: Page, t: Messages, email: string, password: string, displayName: string) {
  await page.getByRole('radio', { name: new RegExp(`^${t.auth.roleChoice.merchant.title}`) }).check();
  await page.getByLabel(t.auth.displayName).fill(displayName);
  await page.getByLabel(t.auth.email).fill(email);
  await page.getByLabel(t.auth.password).fill(password);
  await page.getByRole('button', { name: t.auth.createAccount }).click();
  await page.waitForURL('**/merchant');
}

/** Step 1 of the wizard: store and legal entity. */
async function describeStore(page: Page, t: Messages, storeName: string) {
  await page.getByRole('main').getByRole('link', { name: t.merchant.stores.apply }).click();
  await page.getByLabel(t.merchant.wizard.storeName).fill(storeName);
  await page.getByLabel(t.merchant.wizard.storeType).selectOption('specialty');
  await page.getByRole('radio', { name: t.subjectType.enterprise }).check();
  await page.getByLabel(t.merchant.wizard.entityName).fill(`${storeName} Ltd.`);
  await page.getByLabel(t.merchant.wizard.registration).fill(`E2E-${unique().toUpperCase()}`);
  await page.getByRole('button', { name: t.merchant.wizard.continue }).click();
  await page.waitForURL(/\/merchant\/stores\/[0-9a-f-]+\/apply/);
}

/** Step 2: find each category by name and tick it. */
async function pickCategories(page: Page, t: Messages, lang: keyof Names, codes: string[]) {
  for (const code of codes) {
    await page.getByLabel(t.merchant.picker.search).fill(name(code, lang));
    await page.getByRole('checkbox', { name: name(code, lang), exact: true }).check();
  }
  await page.getByRole('button', { name: t.merchant.wizard.continue }).click();
}

describe('merchant onboarding in the browser', () => {
  it('in English: register, apply for an open and a targeted category, operator approves, store opens, audit shows it', async () => {
    const t = en;
    const page = await e2e.newPage();
    const id = unique();
    const email = `merchant-${id}@example.com`;
    const password = `pw-${id}-secret`;
    const storeName = `Silk Road Boutique ${id}`;

    // A new merchant registers (and is signed in), then signs out and in again.
    await page.goto(`${e2e.server.url}/register`);
    await page.getByRole('heading', { name: t.auth.registerTitle }).waitFor();
    await shot(page, 'en-01-register');
    await registerMerchant(page, t, email, password, 'Mei Chen');
    await page.getByText(t.merchant.stores.emptyTitle).waitFor();
    await shot(page, 'en-02-merchant-empty');
    await signOut(page, t);
    await signIn(page, t, email, password);
    await page.waitForURL('**/merchant');

    // Step 1: store and business.
    await describeStore(page, t, storeName);

    // Step 2: a paused category cannot be chosen, and says why.
    await page.getByLabel(t.merchant.picker.search).fill(name(PAUSED_CATEGORY, 'en'));
    await expect(await page.getByRole('checkbox', { name: name(PAUSED_CATEGORY, 'en'), exact: true }).isDisabled()).toBe(true);
    await page.getByText(t.merchant.picker.pausedNote).waitFor();
    await shot(page, 'en-03-pick-paused');
    await pickCategories(page, t, 'en', [OPEN_CATEGORY, TARGETED_CATEGORY]);

    // Step 3: the targeted category needs the brand authorisation letter. A text file is refused, a PDF accepted.
    const upload = page.getByLabel('Brand Authorisation Letter');
    await upload.setInputFiles({ name: 'letter.txt', mimeType: 'text/plain', buffer: Buffer.from('not a scan') });
    await page.getByRole('alert').filter({ hasText: t.problems.code.file_type_not_allowed }).waitFor();
    await expect(await page.getByRole('button', { name: t.merchant.wizard.submit }).isDisabled()).toBe(true);
    await shot(page, 'en-04-upload-refused');
    await upload.setInputFiles({ name: 'brand-authorisation.pdf', mimeType: 'application/pdf', buffer: samplePdf('Brand authorisation') });
    await page.getByText(/brand-authorisation\.pdf uploaded/).waitFor();
    // A new entity's first store: the platform checks it, so its business licence is asked for too.
    await page.getByText(t.storeChecks.merchantText).waitFor();
    await page.getByLabel(t.storeChecks.document.business_licence).setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: samplePdf('Business licence') });
    await page.getByText(/licence\.pdf uploaded/).waitFor();
    await shot(page, 'en-05-upload-done');
    await page.getByRole('button', { name: t.merchant.wizard.submit }).click();

    // The store page: both in review (even the open one), the store still opening.
    await page.waitForURL(/\/merchant\/stores\/[0-9a-f-]+$/);
    const storeUrl = page.url();
    const openRow = page.getByRole('row').filter({ hasText: name(OPEN_CATEGORY, 'en') });
    const targetedRow = page.getByRole('row').filter({ hasText: name(TARGETED_CATEGORY, 'en') });
    await openRow.getByText(t.status.application.in_review).waitFor();
    await targetedRow.getByText(t.status.application.in_review).waitFor();
    const storeStatus = (status: string) => page.getByRole('heading', { name: new RegExp(`^${t.merchant.store.status}\\s+${status}$`) });
    await storeStatus(t.status.store.opening).waitFor();
    await shot(page, 'en-06-store-in-review');
    await page.setViewportSize(PHONE);
    await shot(page, 'en-06m-store-in-review-phone');
    await page.setViewportSize(DESKTOP);
    await signOut(page, t);

    // The operator finds the application in the review queue and approves it.
    await signIn(page, t, 'operator@trio.demo');
    await page.waitForURL('**/operator/applications');
    const card = page.getByRole('article', { name: storeName }).filter({ hasText: name(TARGETED_CATEGORY, 'en') });
    await card.getByRole('button', { name: /Brand Authorisation Letter/ }).waitFor();
    // It says why even the open category waits, and the licence opens as a PDF.
    const openCard = page.getByRole('article', { name: storeName }).filter({ hasText: name(OPEN_CATEGORY, 'en') });
    await openCard.getByText(t.storeChecks.reason.first_store_of_entity).waitFor();
    const [pdf] = await Promise.all([page.waitForEvent('popup'), openCard.getByRole('button', { name: new RegExp(t.storeChecks.document.business_licence) }).click()]);
    await pdf.waitForURL(/^blob:/);
    expect(await pdf.evaluate(() => document.contentType)).toBe('application/pdf');
    await pdf.close();
    await shot(page, 'en-07-operator-queue');
    await page.setViewportSize(PHONE);
    await shot(page, 'en-07m-operator-queue-phone');
    await page.setViewportSize(DESKTOP);
    await openCard.getByRole('button', { name: t.operator.queue.approve }).click();
    await openCard.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: t.operator.queue.approve }).click();
    await page.getByRole('status').getByText(`Approved: ${name(TARGETED_CATEGORY, 'en')} for ${storeName}.`).waitFor();
    await card.waitFor({ state: 'detached' });

    // The operator records the deposit payment on the store page.
    await page.getByRole('navigation', { name: t.common.sections }).getByRole('link', { name: t.operator.nav.stores }).click();
    await page.getByRole('link', { name: storeName }).click();
    await page.getByRole('heading', { name: storeName }).waitFor();
    await page.getByLabel(t.deposit.kind, { exact: true }).selectOption('payment');
    await page.getByLabel(t.deposit.amount, { exact: true }).fill('20000');
    await page.getByLabel(new RegExp(`^${t.deposit.note}`)).fill('Bank transfer');
    await page.getByRole('button', { name: t.operator.store.record }).click();
    await page.getByRole('status').getByText(/Entry recorded/).waitFor();
    await shot(page, 'en-08-operator-store');

    // The audit log shows the approval and the store's status change, with before and after.
    await page.getByRole('link', { name: t.operator.nav.audit }).click();
    const entries = page.getByRole('list', { name: t.audit.title }).getByRole('listitem');
    const approval = entries.filter({ hasText: t.audit.action.category_application_approve }).first();
    await approval.waitFor();
    await expect(await approval.textContent()).toContain('in_review');
    const opened = entries.filter({ hasText: t.audit.action.store_status_changed }).filter({ hasText: storeName }).first();
    await opened.waitFor();
    const openedText = (await opened.textContent()) ?? '';
    expect(openedText).toContain('Platform Ops');
    expect(openedText).toMatch(/opening\s*→\s*open/);
    await shot(page, 'en-09-audit');
    await signOut(page, t);

    // The merchant's store is open.
    await signIn(page, t, email, password);
    await page.getByRole('link', { name: new RegExp(storeName) }).click();
    expect(page.url()).toBe(storeUrl);
    await storeStatus(t.status.store.open).waitFor();
    await targetedRow.getByText(t.status.application.approved).waitFor();
    await page.getByRole('list').filter({ hasText: t.audit.action.category_application_approve }).first().waitFor();
    await shot(page, 'en-10-store-open');
    await page.setViewportSize(PHONE);
    await shot(page, 'en-10m-store-open-phone');
  });

  it('in Vietnamese and Chinese: the merchant applies in Vietnamese, the operator approves in Chinese', async () => {
    const page = await e2e.newPage();
    const id = unique();
    const email = `thuong-nhan-${id}@example.com`;
    const password = `mk-${id}-bimat`;
    const storeName = `Cửa hàng Hoa Sen ${id}`;

    // The merchant switches the sign-up screen to Vietnamese and applies for a targeted category.
    await page.goto(`${e2e.server.url}/register`);
    await switchLanguage(page, en, 'vi');
    await page.getByRole('heading', { name: vi.auth.registerTitle }).waitFor();
    await shot(page, 'vi-01-register');
    await registerMerchant(page, vi, email, password, 'Trần Thu');
    await describeStore(page, vi, storeName);
    await pickCategories(page, vi, 'vi', [TARGETED_CATEGORY_2]);
    await page
      .getByLabel('Giấy ủy quyền thương hiệu')
      .setInputFiles({ name: 'uy-quyen.pdf', mimeType: 'application/pdf', buffer: samplePdf('Uy quyen thuong hieu') });
    await page.getByText(/Đã tải lên uy-quyen\.pdf/).waitFor();
    await page.getByLabel(vi.storeChecks.document.business_licence).setInputFiles({ name: 'giay-phep.pdf', mimeType: 'application/pdf', buffer: samplePdf('Giay phep kinh doanh') });
    await page.getByText(/Đã tải lên giay-phep\.pdf/).waitFor();
    await page.getByRole('button', { name: vi.merchant.wizard.submit }).click();
    await page.waitForURL(/\/merchant\/stores\/[0-9a-f-]+$/);
    await page.getByRole('row').filter({ hasText: name(TARGETED_CATEGORY_2, 'vi') }).getByText(vi.status.application.in_review).waitFor();
    await shot(page, 'vi-02-store-in-review');
    await signOut(page, vi);

    // The operator switches the sign-in screen to Chinese, approves, and reads the audit log.
    await switchLanguage(page, vi, 'zh');
    await page.getByRole('heading', { name: zh.auth.signInTitle }).waitFor();
    await signIn(page, zh, 'operator@trio.demo');
    await page.waitForURL('**/operator/applications');
    await page.getByRole('heading', { name: '审核队列' }).waitFor();
    const card = page.getByRole('article', { name: storeName });
    await card.getByText(name(TARGETED_CATEGORY_2, 'zh')).waitFor();
    await card.getByText('定向准入').waitFor();
    await shot(page, 'zh-01-operator-queue');
    await card.getByRole('button', { name: '通过' }).click();
    await page.getByRole('status').getByText(`已通过：${storeName} 的 ${name(TARGETED_CATEGORY_2, 'zh')}。`).waitFor();

    await page.getByRole('link', { name: '审计日志' }).click();
    const entries = page.getByRole('list', { name: '审计日志' }).getByRole('listitem');
    await entries.filter({ hasText: '类目申请已通过' }).first().waitFor();
    const opened = entries.filter({ hasText: '小店状态变更' }).filter({ hasText: storeName }).first();
    await opened.waitFor();
    expect(await opened.textContent()).toMatch(/opening\s*→\s*open/);
    await shot(page, 'zh-02-audit');
    await page.setViewportSize(PHONE);
    await shot(page, 'zh-02m-audit-phone');
    await page.setViewportSize(DESKTOP);
    await signOut(page, zh);

    // Back in Vietnamese, the merchant's store is open ("Đang hoạt động").
    await switchLanguage(page, zh, 'vi');
    await signIn(page, vi, email, password);
    await page.getByRole('link', { name: new RegExp(storeName) }).click();
    await page.getByRole('heading', { name: new RegExp(`^${vi.merchant.store.status}\\s+${vi.status.store.open}$`) }).waitFor();
    await shot(page, 'vi-03-store-open');
  });

  it("a second merchant gives the demo tea company's registration number: it waits in entity review, learns nothing of the entity, and the operator (in Chinese) grants it", async () => {
    const t = en;
    const page = await e2e.newPage();
    const id = unique();
    const email = `claimant-${id}@example.com`;
    const password = `pw-${id}-claim`;
    const storeName = `Cuishan Tea Outlet ${id}`;
    const TEA_NUMBER = '91330100MA2TEA0001';
    const TEA_ENTITY = 'Hangzhou Cuishan Tea Co., Ltd.';

    await page.goto(`${e2e.server.url}/register`);
    await registerMerchant(page, t, email, password, 'Wu Lei');
    await page.getByRole('main').getByRole('link', { name: t.merchant.stores.apply }).click();
    await page.getByLabel(t.merchant.wizard.storeName).fill(storeName);
    await page.getByRole('radio', { name: t.subjectType.individual_business }).check();
    await page.getByLabel(t.merchant.wizard.entityName).fill('Wu Lei Tea Trading');
    await page.getByLabel(t.merchant.wizard.registration).fill(TEA_NUMBER);
    await page.getByRole('button', { name: t.merchant.wizard.continue }).click();

    // The store page: in entity review, asking for the licence; the entity's name and type are nowhere.
    await page.waitForURL(/\/merchant\/stores\/[0-9a-f-]+$/);
    const claim = page.getByRole('region', { name: new RegExp(`^${t.tenancy.claim.title}`) });
    await claim.getByText(t.tenancy.status.documents_required).waitFor();
    await claim.getByText(t.tenancy.claim.text.documents_required.replace('{{number}}', TEA_NUMBER)).waitFor();
    expect(await page.content()).not.toContain('Cuishan Tea Co');
    await claim.getByLabel(t.tenancy.claim.licence).setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: samplePdf('Business licence') });
    await page.getByRole('status').getByText(t.tenancy.claim.sentToast).waitFor();
    await claim.getByText(t.tenancy.status.in_review).waitFor();
    await shot(page, 'en-11-entity-review');
    await signOut(page, t);

    // The operator, in Chinese, sees the claim beside the entity and its owner, and grants it as a store of the entity.
    await switchLanguage(page, en, 'zh');
    await signIn(page, zh, 'operator@trio.demo');
    await page.waitForURL('**/operator/applications');
    await page.getByRole('link', { name: new RegExp(`^${zh.tenancy.queue.nav}`) }).click();
    const card = page.getByRole('article').filter({ hasText: storeName });
    await card.getByText(TEA_ENTITY).waitFor();
    await card.getByText(/tea@trio\.demo/).waitFor();
    await card.getByText(/Wu Lei Tea Trading/).waitFor();
    await card.getByRole('button', { name: new RegExp(zh.tenancy.claim.licence) }).waitFor();
    await shot(page, 'zh-03-entity-claim');
    await card.getByRole('button', { name: zh.tenancy.queue.attach }).click();
    await page.getByRole('status').getByText(zh.tenancy.queue.grantedToast.replace('{{store}}', storeName)).waitFor();
    await signOut(page, zh);

    // The merchant's store now belongs to the entity.
    await switchLanguage(page, zh, 'en');
    await signIn(page, t, email, password);
    await page.getByRole('link', { name: new RegExp(storeName) }).click();
    await claim.getByText(t.tenancy.status.granted).waitFor();
    await page.getByText(new RegExp(TEA_ENTITY.replace(/[.,]/g, '.'))).first().waitFor();
    await shot(page, 'en-12-entity-granted');
  });
});
