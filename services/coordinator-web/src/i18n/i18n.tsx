import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, nb, type Messages } from './messages';

export type Language = 'nb' | 'en';
const KEY = 'samvirke.language';

interface I18n {
  language: Language;
  t: Messages;
  setLanguage(language: Language): void;
  /** A date and time as people in Norway write it (Europe/Oslo). */
  dateTime(iso: string): string;
  date(iso: string): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() =>
    localStorage.getItem(KEY) === 'en' ? 'en' : 'nb',
  );
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const locale = language === 'nb' ? 'nb-NO' : 'en-GB';
    const dateTimeFormat = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Oslo',
    });
    const dateFormat = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeZone: 'Europe/Oslo',
    });
    return {
      language,
      t: language === 'nb' ? nb : en,
      setLanguage: (next) => {
        localStorage.setItem(KEY, next);
        setLanguageState(next);
      },
      dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
      date: (iso) => dateFormat.format(new Date(iso)),
    };
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
