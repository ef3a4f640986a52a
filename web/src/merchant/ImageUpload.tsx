// Uploading one image (JPEG, PNG, WebP or GIF): a file field, its progress and its problem. A store's product and
// gift images by default; a buyer's after-sales photos with `url`; a mini-site's hero banners with `miniSiteId`.
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { Loading, ProblemAlert } from '../components/States.tsx';
import { client, data } from '../lib/api.ts';

type Props = { label: string; hint?: string; disabled?: boolean; onUploaded: (imageId: string) => void } & (
  | { storeId: string; url?: never; miniSiteId?: never }
  | { url: '/api/after-sales/photos'; storeId?: never; miniSiteId?: never }
  | { miniSiteId: string; storeId?: never; url?: never }
);

export function ImageUploadField({ storeId, url, miniSiteId, label, hint, disabled, onUploaded }: Props) {
  const { t } = useTranslation();
  const upload = useMutation({
    mutationFn: async (file: File): Promise<{ id: string }> => {
      const form = new FormData();
      form.append('file', file);
      // The multipart body is sent as it is (openapi-fetch would serialise it as JSON).
      const multipart = { body: form as never, bodySerializer: (b: unknown) => b as FormData };
      if (url) return data(client.POST(url, multipart));
      if (miniSiteId) return data(client.POST('/api/minisites/{miniSiteId}/sections/images', { params: { path: { miniSiteId } }, ...multipart }));
      return data(client.POST('/api/merchant/stores/{storeId}/images', { params: { path: { storeId: storeId ?? '' } }, ...multipart }));
    },
    onSuccess: (img) => onUploaded(img.id),
  });
  return (
    <>
      <Field label={label} hint={hint ?? t('catalog.editor.uploadHint')}>
        {(p) => (
          <input
            {...p}
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif"
            disabled={upload.isPending || disabled}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file);
              e.target.value = '';
            }}
          />
        )}
      </Field>
      {upload.isPending && <Loading label={t('catalog.editor.uploading')} />}
      <ProblemAlert error={upload.error} />
    </>
  );
}
