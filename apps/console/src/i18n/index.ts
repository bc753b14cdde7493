import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources, LANGUAGES, type Language } from './resources';

export { LANGUAGES, type Language };

const STORED = 'pp.language';

/** The language chosen in this browser before, if any (the switcher stores it). */
export function storedLanguage(): Language | undefined {
  const value = localStorage.getItem(STORED);
  return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : undefined;
}

/** Switches every text on screen, and remembers the choice for this browser. */
export function chooseLanguage(language: Language): void {
  localStorage.setItem(STORED, language);
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Applies a default (the program's first language, or the partner's own) unless the person chose one. */
export function defaultLanguage(language: Language): void {
  if (storedLanguage()) return;
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage() ?? 'en',
  fallbackLng: false,
  ns: Object.keys(resources.en),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
