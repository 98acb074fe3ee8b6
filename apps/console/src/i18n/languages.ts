export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every text of a feature in each language: the same keys in all three (checked by the console's unit spec). */
export type Messages = Record<Language, Record<string, string>>;

/** Locales for dates and numbers: as in Finland, in each language. */
export const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' };
export const TIME_ZONE = 'Europe/Helsinki';

const STORED = 'perheverkko.language';

export function rememberedLanguage(): Language {
  const stored = window.localStorage.getItem(STORED);
  if (LANGUAGES.includes(stored as Language)) return stored as Language;
  const browser = (navigator.language || 'fi').slice(0, 2);
  return LANGUAGES.includes(browser as Language) ? (browser as Language) : 'fi';
}

export function rememberLanguage(language: Language): void {
  window.localStorage.setItem(STORED, language);
  document.documentElement.lang = language;
}
