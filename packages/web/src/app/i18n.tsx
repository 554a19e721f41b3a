import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { fill, type Role } from '@anju/contracts';
import { type MessageKey, messages } from './catalogues.ts';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'anju.lang';

type Vars = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** A typed message; `{name}` placeholders are filled from vars. */
  t(key: MessageKey, vars?: Vars): string;
  /** A message whose key comes from data (e.g. MENU labels); unknown keys come back unchanged. */
  tr(key: string, vars?: Vars): string;
  roleLabel(role: Role | string | null | undefined): string;
}

/** The console's language as last chosen (stored in the browser); zh-CN by default. */
export function currentLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** A message in the current language, for code outside React (the API client). */
export function translate(key: MessageKey, vars?: Vars): string {
  return fill(messages[currentLang()][key], vars);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(messages['zh-CN'], key);
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = messages[lang];
    const t = (key: MessageKey, vars?: Vars) => fill(dict[key], vars);
    const tr = (key: string, vars?: Vars) => (isMessageKey(key) ? t(key, vars) : fill(key, vars));
    return {
      lang,
      setLang,
      t,
      tr,
      roleLabel: (role) => {
        if (!role) return '—';
        const key = `role.${role}`;
        return isMessageKey(key) ? t(key) : role;
      },
    };
  }, [lang, setLang]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The `t` function of the current language. */
export function useT(): I18n['t'] {
  return useI18n().t;
}
