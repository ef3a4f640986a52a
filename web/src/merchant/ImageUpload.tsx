// Uploading one image of the store (JPEG, PNG, WebP or GIF): a file field, its progress and its problem.
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { Loading, ProblemAlert } from '../components/States.tsx';
import { api } from '../lib/api.ts';

export function ImageUploadField({ storeId, label, disabled, onUploaded }: { storeId: string; label: string; disabled?: boolean; onUploaded: (imageId: string) => void }) {
  const { t } = useTranslation();
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api<{ id: string }>(`/api/merchant/stores/${storeId}/images`, { form });
    },
    onSuccess: (img) => onUploaded(img.id),
  });
  return (
    <>
      <Field label={label} hint={t('catalog.editor.uploadHint')}>
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
