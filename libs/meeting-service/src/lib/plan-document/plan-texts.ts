/** The printed plan's fixed texts, in the languages families are served in. */
export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

interface PlanTexts {
  title: string;
  revision: string;
  matters: string;
  actions: string;
  arenas: Record<'home' | 'everyday-environment' | 'elsewhere', string>;
  who: string;
  by: string;
  followUp: string;
  workerContactsFamily: string;
  familyContactsWorker: string;
  responsibleWorkers: string;
  nextContact: string;
  erased: string;
}

export const PLAN_TEXTS: Record<Language, PlanTexts> = {
  fi: {
    title: 'Yhteinen suunnitelma',
    revision: 'Versio',
    matters: 'Lapsen tai perheen arjen asiat, joihin tarvitaan muutosta tai ratkaisuja',
    actions: 'Toimet ratkaisujen saavuttamiseksi',
    arenas: { home: 'Kotona', 'everyday-environment': 'Lapsen arjen ympäristössä (varhaiskasvatus, koulu)', elsewhere: 'Muualla' },
    who: 'Kuka',
    by: 'Mihin mennessä',
    followUp: 'Miten seuranta tehdään',
    workerContactsFamily: 'Työntekijä on yhteydessä perheeseen',
    familyContactsWorker: 'Perhe on yhteydessä työntekijään',
    responsibleWorkers: 'Vastuutyöntekijä',
    nextContact: 'Seuraava yhteydenotto',
    erased: '(poistettu)',
  },
  sv: {
    title: 'Gemensam plan',
    revision: 'Version',
    matters: 'Konkreta saker i barnets eller familjens vardag som behöver förändring eller lösningar',
    actions: 'Åtgärder för att nå lösningarna',
    arenas: { home: 'Hemma', 'everyday-environment': 'I barnets vardagsmiljö (småbarnspedagogik, skola)', elsewhere: 'På annat håll' },
    who: 'Vem',
    by: 'Senast',
    followUp: 'Hur uppföljningen görs',
    workerContactsFamily: 'Arbetstagaren kontaktar familjen',
    familyContactsWorker: 'Familjen kontaktar arbetstagaren',
    responsibleWorkers: 'Ansvarig arbetstagare',
    nextContact: 'Nästa kontakt',
    erased: '(raderad)',
  },
  en: {
    title: 'Joint plan',
    revision: 'Revision',
    matters: "Concrete matters in the child's or family's everyday life that need change or solutions",
    actions: 'Actions to reach the solutions',
    arenas: {
      home: 'At home',
      'everyday-environment': "In the child's everyday environment (early education, school)",
      elsewhere: 'Elsewhere',
    },
    who: 'Who',
    by: 'By',
    followUp: 'How the follow-up is done',
    workerContactsFamily: 'The worker contacts the family',
    familyContactsWorker: 'The family contacts the worker',
    responsibleWorkers: 'Responsible worker',
    nextContact: 'Next contact',
    erased: '(erased)',
  },
};
