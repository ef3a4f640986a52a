// Every audit action the server records has a heading in English, Chinese and Vietnamese and is offered in the audit
// log's filter, so the log never shows a raw code such as deposit.top_up_started. The actions are collected from the
// server's source: the literal `action: 'x.y'` of recordAudit calls, and the actions built from a template (listed
// below with what they become; a new template fails the test until it is listed).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_ACTIONS } from '../../web/src/components/audit-labels.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { vi } from '../../web/src/i18n/vi.ts';

const src = path.resolve(import.meta.dirname, '../../src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });

const TEMPLATES: Record<string, string[]> = {
  'deposit.${input.kind}': ['deposit.payment', 'deposit.deduction', 'deposit.refund'],
  'product.review_${event}': ['product.review_pass', 'product.review_fail'],
  'product.${event}': ['product.delist', 'product.relist', 'product.delist_violation', 'product.reinstate', 'product.ban'],
  'store.invitation_${status}': ['store.invitation_accepted', 'store.invitation_declined', 'store.invitation_revoked'],
  'payment.${source}': ['payment.paid_after_close', 'payment.paid_twice', 'payment.paid_stale_amount'],
  'category_application.${event}': ['category_application.approve', 'category_application.reject', 'category_application.withdraw'],
  'category.bulk_${req.action.type}': ['category.bulk_set_policy', 'category.bulk_cut_deposit', 'category.bulk_zero_deposit', 'category.bulk_clear_zero_deposit'],
  'aftersale.dispute_${d.outcome}': ['aftersale.dispute_refund_full', 'aftersale.dispute_refund_partial', 'aftersale.dispute_reject'],
};

function collect() {
  const actions = new Set<string>();
  const unlisted: string[] = [];
  for (const file of sources(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/action: (?:enabled \? )?'([a-z_]+\.[a-z_.]+)'(?: : '([a-z_]+\.[a-z_.]+)')?/g)) for (const a of m.slice(1)) if (a) actions.add(a);
    for (const m of text.matchAll(/action: `([^`]+)`/g)) {
      if (TEMPLATES[m[1]]) TEMPLATES[m[1]].forEach((a) => actions.add(a));
      else unlisted.push(`${path.relative(src, file)}: ${m[1]}`);
    }
  }
  return { actions: [...actions].sort(), unlisted };
}

describe('audit actions', () => {
  const { actions, unlisted } = collect();

  it('finds the actions the server records, and every template is listed', () => {
    for (const a of ['deposit.top_up_started', 'store.apply', 'review_rule.auto_pass_on', 'deposit.payment']) expect(actions).toContain(a);
    expect(unlisted).toEqual([]);
  });

  it('every action is offered in the audit log filter', () => {
    expect(actions.filter((a) => !(KNOWN_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });

  for (const [lang, texts] of [['en', en], ['zh', zh], ['vi', vi]] as const) {
    it(`every action has a ${lang} heading`, () => {
      const table = texts.audit.action as Record<string, string>;
      expect(actions.filter((a) => !table[a.replace(/\./g, '_')]?.trim())).toEqual([]);
    });
  }
});
