// A QR code of a text (a WeChat Pay Native code_url), drawn in the browser with the `qrcode` library.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

export function QrCode({ text, label, size = 200 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { width: size, margin: 1, errorCorrectionLevel: 'M' }).then((url) => live && setSrc(url), () => live && setSrc(undefined));
    return () => {
      live = false;
    };
  }, [text, size]);
  return src ? <img src={src} width={size} height={size} alt={label} className="qr" /> : <div style={{ width: size, height: size }} aria-hidden="true" />;
}
