// The store's member program (/merchant/stores/:storeId/membership): its settings and levels, its members (search,
// level, pages) and one member's history with the audited adjustment form (.../membership/members/:buyerId).
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer.tsx';
import { Field } from '../components/Field.tsx';
import { SearchFilter, SelectFilter } from '../components/Filters.tsx';
import { Pager } from '../components/Pager.tsx';
import { EmptyState, ProblemAlert, QueryBoundary } from '../components/States.tsx';
import { MemberHistory } from '../components/MemberHistory.tsx';
import { FactList } from '../components/StoreFacts.tsx';
import '../components/membership.css';
import { ApiError, client, data, type Schemas } from '../lib/api.ts';
import { useFormat } from '../lib/format.ts';
import { can } from '../lib/permissions.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useStoreContext } from './StorePage.tsx';

type Program = Schemas['MembershipProgram'];
type Level = Schemas['MemberLevel'];
const PAGE = 20;
const MAX_LEVELS = 10;

const programKey = (storeId: string) => ['membership', storeId];
const membersKey = (storeId: string) => ['members', storeId];

export function Membership() {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const query = useQuery({ queryKey: programKey(store.id), queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/membership', { params: { path: { storeId: store.id } }, signal })) });
  return (
    <>
      <section className="card" aria-labelledby="membership-h">
        <h2 id="membership-h">{t('membership.merchant.title')}</h2>
        <p className="muted small">{t('membership.merchant.intro')}</p>
        <QueryBoundary query={query}>{(p) => <ProgramForm program={p} canEdit={can(store, 'marketing.manage')} />}</QueryBoundary>
      </section>
      <MembersList levels={query.data?.levels ?? []} />
    </>
  );
}

function ProgramForm({ program, canEdit }: { program: Program; canEdit: boolean }) {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [d, setD] = useState(() => ({ ...program, signupCouponId: program.signupCouponId ?? '' }));
  useEffect(() => setD({ ...program, signupCouponId: program.signupCouponId ?? '' }), [program]);
  const set = <K extends keyof typeof d>(k: K, v: (typeof d)[K]) => setD((x) => ({ ...x, [k]: v }));
  const setLevel = (i: number, patch: Partial<Level>) => set('levels', d.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const save = useMutation({
    mutationFn: () => {
      const { members: _m, updatedAt: _u, ...rest } = d;
      return data(client.PUT('/api/merchant/stores/{storeId}/membership', { params: { path: { storeId: store.id } }, body: { ...rest, signupCouponId: d.signupCouponId.trim() || null } }));
    },
    onSuccess: (p) => {
      qc.setQueryData(programKey(store.id), p);
      void qc.invalidateQueries({ queryKey: membersKey(store.id) });
      announce(t('membership.merchant.saved'));
    },
  });
  const fe = (f: string) => (save.error instanceof ApiError ? save.error.fieldError(f) : undefined);
  const num = (v: string) => (v === '' ? 0 : Number(v));
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  const numberField = (k: 'growthPerUnit' | 'pointsPerUnit' | 'pointsPerMinor' | 'maxPointsShareBp' | 'pointsValidDays', min: number, max: number) => (
    <Field label={t(`membership.merchant.fields.${k}`)} hint={t(`membership.merchant.hints.${k}`)} error={fe(k)}>
      {(p) => <input {...p} type="number" inputMode="numeric" min={min} max={max} step={1} required disabled={!canEdit} value={d[k]} onChange={(e) => set(k, num(e.target.value))} />}
    </Field>
  );
  return (
    <form className="form" onSubmit={submit} noValidate={false} aria-label={t('membership.merchant.title')}>
      <ProblemAlert error={save.error} />
      <label className="check">
        <input type="checkbox" checked={d.enabled} disabled={!canEdit} onChange={(e) => set('enabled', e.target.checked)} />
        {t('membership.merchant.fields.enabled')}
      </label>
      <p className="muted small">{t('membership.merchant.membersCount', { count: program.members })}</p>
      <div className="grid-2">
        {numberField('growthPerUnit', 0, 10000)}
        {numberField('pointsPerUnit', 0, 10000)}
        {numberField('pointsPerMinor', 1, 1000000)}
        {numberField('maxPointsShareBp', 0, 10000)}
        {numberField('pointsValidDays', 1, 3650)}
        <Field label={t('membership.merchant.fields.signupCouponId')} hint={t('membership.merchant.hints.signupCouponId')} error={fe('signupCouponId')} optional optionalText={t('common.optional')}>
          {(p) => <input {...p} type="text" maxLength={36} disabled={!canEdit} value={d.signupCouponId} onChange={(e) => set('signupCouponId', e.target.value)} />}
        </Field>
      </div>
      <fieldset className="member-levels">
        <legend>{t('membership.merchant.levels')}</legend>
        <p className="muted small">{t('membership.merchant.levelsHint')}</p>
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('membership.merchant.col.level')}</th>
                <th scope="col">{t('membership.merchant.col.name')}</th>
                <th scope="col">{t('membership.merchant.col.growth')}</th>
                <th scope="col">{t('membership.merchant.col.priceBp')}</th>
              </tr>
            </thead>
            <tbody>
              {d.levels.map((l, i) => (
                <tr key={l.level}>
                  <td data-label={t('membership.merchant.col.level')}>{l.level}</td>
                  <td data-label={t('membership.merchant.col.name')}>
                    <input aria-label={t('membership.merchant.levelName', { level: l.level })} type="text" required maxLength={40} disabled={!canEdit} value={l.name} onChange={(e) => setLevel(i, { name: e.target.value })} />
                  </td>
                  <td data-label={t('membership.merchant.col.growth')}>
                    <input aria-label={t('membership.merchant.levelGrowth', { level: l.level })} type="number" min={0} step={1} required disabled={!canEdit || i === 0} value={l.growthRequired} onChange={(e) => setLevel(i, { growthRequired: num(e.target.value) })} />
                  </td>
                  <td data-label={t('membership.merchant.col.priceBp')}>
                    <input aria-label={t('membership.merchant.levelPrice', { level: l.level })} type="number" min={1000} max={10000} step={1} required disabled={!canEdit} value={l.priceBp} onChange={(e) => setLevel(i, { priceBp: num(e.target.value) })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {canEdit && (
          <div className="btn-row">
            <button type="button" className="btn btn--sm" disabled={d.levels.length >= MAX_LEVELS}
              onClick={() => { const last = d.levels[d.levels.length - 1]; set('levels', [...d.levels, { level: last.level + 1, name: '', growthRequired: last.growthRequired + 100, priceBp: last.priceBp }]); }}>
              {t('membership.merchant.addLevel')}
            </button>
            <button type="button" className="btn btn--sm" disabled={d.levels.length <= 1} onClick={() => set('levels', d.levels.slice(0, -1))}>
              {t('membership.merchant.removeLevel')}
            </button>
          </div>
        )}
      </fieldset>
      {canEdit && (
        <div className="btn-row">
          <button type="submit" className="btn btn--primary" disabled={save.isPending}>{save.isPending ? t('common.saving') : t('common.save')}</button>
        </div>
      )}
    </form>
  );
}

function MembersList({ levels }: { levels: Level[] }) {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const f = useFormat();
  const [q, setQ] = useState('');
  const [level, setLevel] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: [...membersKey(store.id), q.trim(), level, offset],
    queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/members', {
      params: { path: { storeId: store.id }, query: { q: q.trim() || undefined, level: level ? Number(level) : undefined, limit: PAGE, offset } }, signal,
    })),
    placeholderData: (prev) => prev,
  });
  return (
    <section className="card" aria-labelledby="members-h">
      <h2 id="members-h">{t('membership.merchant.members')}</h2>
      <div className="filters">
        <SearchFilter label={t('membership.merchant.search')} value={q} onChange={(v) => { setQ(v); setOffset(0); }} />
        <SelectFilter label={t('membership.merchant.col.level')} value={level} options={levels.map((l) => ({ value: String(l.level), label: `${l.level} · ${l.name}` }))} onChange={(v) => { setLevel(v); setOffset(0); }} />
      </div>
      <QueryBoundary query={query}>
        {({ items, total }) => items.length === 0 ? (
          <EmptyState icon="☆" title={t('membership.merchant.emptyTitle')}>{t('membership.merchant.emptyText')}</EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table table--compact">
                <thead>
                  <tr>
                    <th scope="col">{t('membership.merchant.col.member')}</th>
                    <th scope="col">{t('membership.merchant.col.level')}</th>
                    <th scope="col" className="num">{t('membership.merchant.col.growth')}</th>
                    <th scope="col" className="num">{t('membership.merchant.col.points')}</th>
                    <th scope="col">{t('membership.merchant.col.source')}</th>
                    <th scope="col">{t('membership.merchant.col.joined')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((m) => (
                    <tr key={m.buyerId}>
                      <td data-label={t('membership.merchant.col.member')}><Link to={`members/${m.buyerId}`}>{m.name}</Link></td>
                      <td data-label={t('membership.merchant.col.level')}>{m.level} · {m.levelName}</td>
                      <td className="num" data-label={t('membership.merchant.col.growth')}>{f.number(m.growth)}</td>
                      <td className="num" data-label={t('membership.merchant.col.points')}>{f.number(m.points)}</td>
                      <td data-label={t('membership.merchant.col.source')}>{stateLabel(t, 'MemberSource', m.source)}</td>
                      <td data-label={t('membership.merchant.col.joined')}>{f.date(m.joinedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager offset={offset} pageSize={PAGE} shown={items.length} total={total} onChange={setOffset} />
          </>
        )}
      </QueryBoundary>
    </section>
  );
}

/** One member: facts, valid points, history, and (with marketing.manage) the adjustment form. */
export function MemberDetail() {
  const { store } = useStoreContext();
  const { buyerId = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const key = ['member', store.id, buyerId];
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => data(client.GET('/api/merchant/stores/{storeId}/members/{buyerId}', { params: { path: { storeId: store.id, buyerId } }, signal })) });
  return (
    <section className="card" aria-labelledby="member-h">
      <p><Link to={`/merchant/stores/${store.id}/membership`}>← {t('membership.merchant.members')}</Link></p>
      <QueryBoundary query={query}>
        {(m) => (
          <>
            <h2 id="member-h">{m.name}</h2>
            <FactList rows={[
              [t('membership.merchant.col.level'), `${m.level} · ${m.levelName}`],
              [t('membership.merchant.col.growth'), f.number(m.growth)],
              [t('membership.merchant.col.points'), f.number(m.points)],
              [t('membership.merchant.col.source'), stateLabel(t, 'MemberSource', m.source)],
              [t('membership.merchant.col.joined'), f.dateTime(m.joinedAt)],
            ]} />
            {can(store, 'marketing.manage') && <AdjustForm buyerId={buyerId} />}
            <h3>{t('membership.history')}</h3>
            <MemberHistory events={m.events} />
          </>
        )}
      </QueryBoundary>
    </section>
  );
}

function AdjustForm({ buyerId }: { buyerId: string }) {
  const { store } = useStoreContext();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const announce = useAnnounce();
  const [points, setPoints] = useState('');
  const [growth, setGrowth] = useState('');
  const [reason, setReason] = useState('');
  const adjust = useMutation({
    mutationFn: () => data(client.POST('/api/merchant/stores/{storeId}/members/{buyerId}/adjustments', {
      params: { path: { storeId: store.id, buyerId } }, body: { points: Number(points || 0), growth: Number(growth || 0), reason },
    })),
    onSuccess: (m) => {
      qc.setQueryData(['member', store.id, buyerId], m);
      void qc.invalidateQueries({ queryKey: membersKey(store.id) });
      setPoints(''); setGrowth(''); setReason('');
      announce(t('membership.merchant.adjusted'));
    },
  });
  const fe = (f: string) => (adjust.error instanceof ApiError ? adjust.error.fieldError(f) : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    adjust.mutate();
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby="adjust-h">
      <h3 id="adjust-h">{t('membership.merchant.adjust')}</h3>
      <p className="muted small">{t('membership.merchant.adjustHint')}</p>
      <ProblemAlert error={adjust.error} />
      <div className="grid-2">
        <Field label={t('membership.merchant.fields.points')} error={fe('points')}>
          {(p) => <input {...p} type="number" step={1} value={points} onChange={(e) => setPoints(e.target.value)} />}
        </Field>
        <Field label={t('membership.merchant.fields.growth')} error={fe('growth')}>
          {(p) => <input {...p} type="number" step={1} value={growth} onChange={(e) => setGrowth(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('common.reason')} error={fe('reason')}>
        {(p) => <input {...p} type="text" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="btn-row">
        <button type="submit" className="btn btn--primary" disabled={adjust.isPending}>{t('membership.merchant.adjustSubmit')}</button>
      </div>
    </form>
  );
}
