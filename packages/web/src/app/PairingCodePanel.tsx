import { Result, Typography } from 'antd';
import { mmss, secondsLeft, useNow } from '../features/access/time.ts';
import './shell.css';

/** A one-time pairing code as the console issues it (gate tablets and kiosks alike). */
export interface IssuedPairingCode {
  code: string;
  qrDataUrl: string;
  expiresAt: string;
}

export interface PairingCodeTexts {
  /** Tooltip on the digits, if any. */
  codeTitle?: string;
  qrAlt: string;
  expiresIn: (time: string) => string;
  expired: string;
  /** The first step is followed by the terminal page's URL (copyable); the others are plain lines. */
  steps: readonly [string, ...string[]];
}

/**
 * The pairing code, its QR and a countdown (a warning once it has expired), then the steps to pair a terminal
 * with the URL of its page (`terminalPath`, e.g. `/terminal/gate`) on this origin.
 */
export function PairingCodePanel({
  code,
  terminalPath,
  texts,
  testId,
}: {
  code: IssuedPairingCode;
  terminalPath: string;
  texts: PairingCodeTexts;
  testId: string;
}) {
  const now = useNow(1000);
  const left = secondsLeft(code.expiresAt, now);
  const terminalUrl = `${window.location.origin}${terminalPath}`;
  const [first, ...rest] = texts.steps;
  return (
    <div className="anju-pairing" data-testid={testId}>
      {left > 0 ? (
        <>
          <div className="anju-pairing-code" title={texts.codeTitle}>
            {code.code}
          </div>
          <img src={code.qrDataUrl} alt={texts.qrAlt} className="anju-pairing-qr" />
          <Typography.Text type={left < 60 ? 'danger' : 'secondary'}>
            {texts.expiresIn(mmss(left))}
          </Typography.Text>
        </>
      ) : (
        <Result status="warning" title={texts.expired} />
      )}
      <ol className="anju-pairing-steps">
        <li>
          {first}
          <div>
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
              {terminalUrl}
            </Typography.Text>
          </div>
        </li>
        {rest.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </div>
  );
}
