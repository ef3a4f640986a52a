// A button that downloads a CSV file: the file needs the bearer header, so it is fetched and saved from an object URL.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from './Announcer.tsx';
import { problemHeading } from './States.tsx';

export function CsvButton({ fetchBlob, file, label, doneText, className = 'btn' }: { fetchBlob: () => Promise<Blob>; file: string; label: string; doneText: string; className?: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    try {
      const url = URL.createObjectURL(await fetchBlob());
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      announce(doneText);
    } catch (err) {
      announce(problemHeading(t, err), 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className={className} onClick={download} disabled={busy}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M12 4v11m0 0l-4-4m4 4l4-4M5 19h14" />
      </svg>
      {busy ? t('common.opening') : label}
    </button>
  );
}
