import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * A QR code drawn in the browser (the same `qrcode` package the server uses for pairing codes and
 * passes): the booking's manage link, or the kiosk's link to the booking page. A data: image,
 * which the console's CSP allows (img-src data:).
 */
export function QrImage({
  text,
  alt,
  size = 220,
  className,
  testId,
}: {
  text: string;
  alt: string;
  size?: number;
  className?: string;
  testId?: string;
}) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(text, { margin: 1, width: size * 2, errorCorrectionLevel: 'M' })
      .then((url) => {
        if (current) setSrc(url);
      })
      .catch(() => {
        if (current) setSrc(null);
      });
    return () => {
      current = false;
    };
  }, [text, size]);
  if (!src) return <div style={{ width: size, height: size }} className={className} />;
  return (
    <img
      src={src}
      alt={alt}
      width={size}
      height={size}
      className={className}
      data-testid={testId}
      data-qr-text={text}
    />
  );
}
