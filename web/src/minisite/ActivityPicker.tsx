// The gift section's activity picker: the stores linked to the mini-site, each with the gift activities it made for
// this mini-site (its title, state and units left), instead of typing an activity id.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { ProblemAlert } from '../components/States.tsx';
import { client, data, type Schemas } from '../lib/api.ts';
import { stateLabel } from '../lib/state-labels.ts';
import { useSiteLinks } from './queries.ts';

type Activity = Schemas['GiftActivity'];

export function ActivityPicker({ miniSiteId, value, onChange, error }: { miniSiteId: string; value: string; onChange: (id: string) => void; error?: string }) {
  const { t, i18n } = useTranslation();
  const links = useSiteLinks(miniSiteId);
  const activities = useQuery({
    queryKey: ['minisites', miniSiteId, 'gift-activities'],
    queryFn: ({ signal }) => data(client.GET('/api/minisites/{miniSiteId}/gift-activities', { params: { path: { miniSiteId } }, signal })),
  });
  const lang = i18n.language as keyof Activity['title'];
  const title = (a: Activity) => a.title[lang] || a.title.en || a.title.zh || a.title.vi || a.id;
  const stores = (links.data ?? []).filter((l) => l.state === 'linked');
  const byStore = (storeId: string) => (activities.data ?? []).filter((a) => a.storeId === storeId);
  // A section may hold an activity of a store no longer linked: it stays listed so the choice is visible.
  const chosenElsewhere = (activities.data ?? []).find((a) => a.id === value && !stores.some((s) => s.storeId === a.storeId));
  const loading = links.isPending || activities.isPending;
  return (
    <>
      <ProblemAlert error={links.error ?? activities.error} />
      <Field label={t('hostedSite.editor.activity')} hint={stores.length === 0 && !loading ? t('miniSiteRules.activity.noStores') : t('miniSiteRules.activity.hint')} error={error}>
        {(p) => (
          <select {...p} value={value} disabled={loading} onChange={(e) => onChange(e.target.value)} data-testid="activity-picker">
            <option value="">{loading ? t('common.loading') : t('miniSiteRules.activity.choose')}</option>
            {stores.map((s) => (
              <optgroup key={s.storeId} label={s.storeName}>
                {byStore(s.storeId).length === 0 && <option disabled value={`none-${s.storeId}`}>{t('miniSiteRules.activity.none')}</option>}
                {byStore(s.storeId).map((a) => (
                  <option key={a.id} value={a.id}>
                    {t('miniSiteRules.activity.option', { title: title(a), state: stateLabel(t, 'GiftActivityState', a.state), remaining: a.remaining })}
                  </option>
                ))}
              </optgroup>
            ))}
            {chosenElsewhere && <option value={chosenElsewhere.id}>{`${title(chosenElsewhere)} · ${chosenElsewhere.storeName}`}</option>}
          </select>
        )}
      </Field>
    </>
  );
}
