// Withdrawals in the web app: the server's types and state list (generated), their badge tones, and the timeline a
// withdrawal's dates tell.
import type { TFunction } from 'i18next';
import { enumValues } from './api/schema.ts';
import type { Schemas } from './api.ts';

export type Withdrawal = Schemas['Withdrawal'];
export type WithdrawalState = Schemas['WithdrawalState'];
export type WithdrawalReceiver = Schemas['WithdrawalReceiver'];
export const WITHDRAWAL_STATES = enumValues.WithdrawalState;
export const RECEIVER_TYPES = enumValues.ReceiverType;

export const WITHDRAWAL_TONES: Record<WithdrawalState, string> = { requested: 'warning', approved: 'info', paying: 'info', paid: 'success', failed: 'danger', rejected: 'muted' };
export const RECEIVER_TONES: Record<Schemas['ReceiverState'], string> = { pending: 'info', registered: 'success', failed: 'danger' };

/** The provider's reason in the reader's words (a code we do not know is named as it came). */
export function failReasonText(t: TFunction, code: string) {
  return t(`withdrawals.failReason.${code}`, { defaultValue: t('withdrawals.failReason.other', { code }) });
}

export type Step = { key: string; title: string; at: string; detail?: string; tone?: string };

/** What happened to a withdrawal, oldest first. */
export function withdrawalSteps(t: TFunction, w: Withdrawal, money: (minor: number) => string): Step[] {
  const steps: Step[] = [{ key: 'requested', title: t('withdrawals.step.requested'), at: w.createdAt }];
  if (w.approvedAt) steps.push({ key: 'approved', title: t(w.autoApproved ? 'withdrawals.step.autoApproved' : 'withdrawals.step.approved'), at: w.approvedAt });
  if (w.payingAt) steps.push({ key: 'paying', title: t('withdrawals.step.paying'), at: w.payingAt, detail: w.receiverAccount ?? undefined });
  if (w.finishedAt && w.state === 'paid') steps.push({ key: 'paid', title: t('withdrawals.step.paid'), at: w.finishedAt, tone: 'success' });
  if (w.finishedAt && w.state === 'rejected') steps.push({ key: 'rejected', title: t('withdrawals.step.rejected'), at: w.finishedAt, detail: w.rejectReason ?? undefined, tone: 'danger' });
  if (w.finishedAt && w.state === 'failed') {
    const title = w.paidAmount > 0 ? t('withdrawals.step.partly', { paid: money(w.paidAmount), back: money(w.amount - w.paidAmount) }) : t('withdrawals.step.failed');
    steps.push({ key: 'failed', title, at: w.finishedAt, detail: w.failReason ? failReasonText(t, w.failReason) : undefined, tone: 'danger' });
  }
  return steps;
}
