// A QR code of a text (a WeChat Pay Native code_url, a gift's share link, a shop's scan page), drawn in the browser
// with the `qrcode` library; `download` adds a link saving it as a PNG under that file name.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

export function QrCode({ text, label, size = 200, download }: { text: string; label: string; size?: number; download?: { name: string; label: string } }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { width: size, margin: 1, errorCorrectionLevel: 'M' }).then((url) => live && setSrc(url), () => live && setSrc(undefined));
    return () => {
      live = false;
    };
  }, [text, size]);
  const img = src ? <img src={src} width={size} height={size} alt={label} className="qr" /> : <div style={{ width: size, height: size }} aria-hidden="true" />;
  if (!download) return img;
  return (
    <figure className="qr-figure">
      {img}
      {src && (
        <a className="btn btn--sm qr-figure__save" href={src} download={download.name}>
          {download.label}
        </a>
      )}
    </figure>
  );
}
