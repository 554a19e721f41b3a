import { CalendarOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import './booking-page.css';

/**
 * The public booking pages' frame: a plain header with the language switch (zh-CN first), and a
 * narrow column that reads on a 360 px phone or in WeChat's in-app browser.
 */
export function PublicBookingLayout({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="bp-page">
      <header className="bp-header">
        <span className="bp-brand">
          <CalendarOutlined /> {t('bookPage.brand')}
        </span>
        <Button
          size="middle"
          ghost
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
          data-testid="booking-lang"
        >
          {t('app.otherLanguage')}
        </Button>
      </header>
      <main className="bp-main">{children}</main>
    </div>
  );
}
