// Topping up the deposit: the merchant names an amount, Trio opens a payment for it and sends them to pay.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data, idempotency } from '../lib/api.ts';
import { parseMajorAmount, useFormat } from '../lib/format.ts';
import { useIdempotencyKey } from '../lib/orders.ts';
import type { Deposit } from '../lib/types.ts';

export function TopUpButton({ storeId, deposit }: { storeId: string; deposit: Deposit }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn--primary" onClick={() => setOpen(true)}>
        {t('orders.topUp.button')}
      </button>
      <Dialog open={open} title={t('orders.topUp.title')} onClose={() => setOpen(false)}>
        {open && <TopUpForm storeId={storeId} deposit={deposit} onCancel={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}

function TopUpForm({ storeId, deposit, onCancel }: { storeId: string; deposit: Deposit; onCancel: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const idem = useIdempotencyKey();
  const [text, setText] = useState(deposit.owed > 0 ? String(deposit.owed / 100) : '');
  const [touched, setTouched] = useState(false);
  const amount = parseMajorAmount(text);
  const problem = amount === null || amount <= 0 ? t('common.amountInvalid') : null;
  const create = useMutation({
    mutationFn: () => {
      const body = { amount: amount! };
      return data(client.POST('/api/merchant/stores/{storeId}/deposit/top-ups', { params: { path: { storeId } }, body, headers: idempotency(idem.keyFor(body)) }));
    },
    onSuccess: (r) => {
      idem.done();
      navigate(`/pay/${r.paymentId}?return=${encodeURIComponent(`/merchant/stores/${storeId}/deposit`)}`);
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!problem) create.mutate();
  }
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">{deposit.owed > 0 ? t('orders.topUp.owedText', { owed: f.money(deposit.owed, deposit.currency) }) : t('orders.topUp.coveredText', { balance: f.money(deposit.balance, deposit.currency) })}</p>
      <ProblemAlert error={create.error} />
      <Field label={t('deposit.amount')} hint={t('orders.topUp.hint')} error={touched ? (problem ?? undefined) : undefined}>
        {(p) => <input {...p} inputMode="decimal" autoComplete="off" required value={text} onChange={(e) => setText(e.target.value)} onBlur={() => setTouched(true)} />}
      </Field>
      <div className="btn-row">
        <button type="submit" className="btn btn--primary" disabled={create.isPending}>
          {create.isPending ? t('common.saving') : amount && amount > 0 ? t('orders.topUp.pay', { amount: f.money(amount, deposit.currency) }) : t('orders.topUp.button')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
