import { CloseOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useI18n } from '../app/i18n.tsx';

const PIN_LENGTH = 8;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

/** 8-digit PIN pad; submits by itself on the eighth digit. A hardware keyboard works too. */
export function PinKeypad({ onSubmit, onCancel }: { onSubmit: (pin: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');

  const press = (key: (typeof KEYS)[number]) => {
    if (key === 'clear') return setPin('');
    if (key === 'back') return setPin(pin.slice(0, -1));
    const next = (pin + key).slice(0, PIN_LENGTH);
    // The eighth digit submits and clears the dots at once.
    setPin(next.length === PIN_LENGTH ? '' : next);
    if (next.length === PIN_LENGTH) onSubmit(next);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (/^\d$/.test(e.key)) press(e.key as (typeof KEYS)[number]);
      else if (e.key === 'Backspace') press('back');
      else if (e.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="gt-keypad" role="dialog" aria-label={t('terminal.pinTitle')} data-testid="pin-keypad">
      <div className="gt-keypad-head">
        <span>{t('terminal.pinTitle')}</span>
        <button type="button" className="gt-icon-button" onClick={onCancel} aria-label={t('terminal.cancel')}>
          <CloseOutlined />
        </button>
      </div>
      <div className="gt-pin-dots" aria-live="polite">
        {Array.from({ length: PIN_LENGTH }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed positions
          <span key={i} className={i < pin.length ? 'filled' : ''} />
        ))}
      </div>
      <div className="gt-keys">
        {KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className={`gt-key ${key === 'clear' || key === 'back' ? 'gt-key-fn' : ''}`}
            onClick={() => press(key)}
          >
            {key === 'clear' ? t('terminal.pinClear') : key === 'back' ? '⌫' : key}
          </button>
        ))}
      </div>
    </div>
  );
}
