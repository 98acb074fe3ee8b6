import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common.messages';
import { labels } from './labels.messages';
import { problems } from './problems.messages';
import { messages as worker } from '../features/worker/messages';
import { messages as steps } from '../features/steps/messages';
import { messages as coordinator } from '../features/coordinator/messages';
import { messages as auditor } from '../features/auditor/messages';
import { messages as analyst } from '../features/analyst/messages';
import { LANGUAGES, rememberedLanguage, type Language, type Messages } from './languages';

/** One namespace per feature, so each feature keeps its own texts; `common` for the frame and shared words. */
export const NAMESPACES: Record<string, Messages> = { common, labels, problems, worker, steps, coordinator, auditor, analyst };

export async function startI18n(): Promise<typeof i18next> {
  const resources = Object.fromEntries(
    LANGUAGES.map((language: Language) => [language, Object.fromEntries(Object.entries(NAMESPACES).map(([ns, m]) => [ns, m[language]]))]),
  );
  const language = rememberedLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'fi',
    supportedLngs: [...LANGUAGES],
    defaultNS: 'common',
    ns: Object.keys(NAMESPACES),
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return i18next;
}
