import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, data } from '../lib/api.ts';
import { useAnnounce } from './Announcer.tsx';
import { problemHeading } from './States.tsx';

/** Opens a qualification document: the download needs the bearer header, so it is fetched as a blob and shown from an object URL. */
export function DocumentLink({ id, label, fileName }: { id: string; label: string; fileName: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  async function open() {
    // Open the tab now, while we still have the click: browsers block pop-ups opened after an await.
    const win = window.open('', '_blank');
    setBusy(true);
    try {
      const blob = await data(client.GET('/api/operator/documents/{documentId}', { params: { path: { documentId: id } }, parseAs: 'blob' }));
      const url = URL.createObjectURL(blob);
      if (win) win.location.href = url;
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName;
        a.click();
      }
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      win?.close();
      announce(`${problemHeading(t, err)} ${fileName}`, 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="doc-link" onClick={open} disabled={busy} aria-label={t('operator.queue.openDocument', { name: label, file: fileName })}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8z" />
        <path d="M14 3v5h5" />
      </svg>
      <span className="doc-link__label">{label}</span>
      <span className="doc-link__file">{busy ? t('common.opening') : fileName}</span>
    </button>
  );
}
