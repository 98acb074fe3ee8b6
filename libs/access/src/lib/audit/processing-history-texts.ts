import type { AccessAction } from './access-log';

/** The languages a family may ask for its processing history in. */
export const HISTORY_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type HistoryLanguage = (typeof HISTORY_LANGUAGES)[number];

export interface ProcessingHistoryTexts {
  title: string;
  /** One line on what the document answers, and under which law. */
  lead: string;
  caseId: string;
  period: string;
  printedAt: string;
  timeZone: string;
  entries: string;
  noEntries: string;
  columns: { when: string; who: string; action: string; what: string; basis: string };
  actions: Record<AccessAction, string>;
  roles: Record<string, string>;
  purpose: string;
  recipient: string;
  basis: string;
  rule: string;
  reason: string;
}

export const PROCESSING_HISTORY_TEXTS: Record<HistoryLanguage, ProcessingHistoryTexts> = {
  fi: {
    title: 'Asiakastietojen käsittelyhistoria',
    lead: 'Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä (703/2023): kuka on lukenut asian tietoja, kenelle niitä on luovutettu ja kenen pääsy niihin on evätty.',
    caseId: 'Asian tunnus',
    period: 'Ajanjakso',
    printedAt: 'Tulostettu',
    timeZone: 'Ajat Suomen aikaa (Europe/Helsinki).',
    entries: 'Merkintöjä',
    noEntries: 'Ajanjaksolla ei ole merkintöjä.',
    columns: { when: 'Aika', who: 'Kuka', action: 'Toimenpide', what: 'Mitä tietoja', basis: 'Tarkoitus tai peruste' },
    actions: { read: 'luettu', act: 'kirjattu', disclose: 'luovutettu', refused: 'evätty' },
    roles: {
      professional: 'ammattilainen',
      coordinator: 'koordinaattori',
      auditor: 'valvoja',
      analyst: 'analyytikko',
      administrator: 'pääkäyttäjä',
    },
    purpose: 'Tarkoitus',
    recipient: 'Vastaanottaja',
    basis: 'Peruste',
    rule: 'Sääntö',
    reason: 'Syy',
  },
  sv: {
    title: 'Behandlingshistorik för klientuppgifter',
    lead: 'Lagen om behandling av klientuppgifter inom social- och hälsovården (703/2023): vem som har läst ärendets uppgifter, till vem de har lämnats ut och vem som har nekats tillgång till dem.',
    caseId: 'Ärendets identifierare',
    period: 'Period',
    printedAt: 'Utskriven',
    timeZone: 'Tiderna i finsk tid (Europe/Helsinki).',
    entries: 'Anteckningar',
    noEntries: 'Inga anteckningar under perioden.',
    columns: { when: 'Tid', who: 'Vem', action: 'Åtgärd', what: 'Vilka uppgifter', basis: 'Syfte eller grund' },
    actions: { read: 'läst', act: 'antecknat', disclose: 'utlämnat', refused: 'nekat' },
    roles: {
      professional: 'yrkesperson',
      coordinator: 'koordinator',
      auditor: 'granskare',
      analyst: 'analytiker',
      administrator: 'administratör',
    },
    purpose: 'Syfte',
    recipient: 'Mottagare',
    basis: 'Grund',
    rule: 'Regel',
    reason: 'Orsak',
  },
  en: {
    title: 'Processing history of client data',
    lead: "Act on the processing of client data in social and health care (703/2023): who read the case's data, to whom it was disclosed and who was refused access to it.",
    caseId: 'Case',
    period: 'Period covered',
    printedAt: 'Printed',
    timeZone: 'Times in Finnish time (Europe/Helsinki).',
    entries: 'Entries',
    noEntries: 'No entries in the period.',
    columns: { when: 'When', who: 'Who', action: 'Action', what: 'What data', basis: 'Purpose or basis' },
    actions: { read: 'read', act: 'recorded', disclose: 'disclosed', refused: 'refused' },
    roles: {
      professional: 'professional',
      coordinator: 'coordinator',
      auditor: 'auditor',
      analyst: 'analyst',
      administrator: 'administrator',
    },
    purpose: 'Purpose',
    recipient: 'Recipient',
    basis: 'Basis',
    rule: 'Rule',
    reason: 'Reason',
  },
};
