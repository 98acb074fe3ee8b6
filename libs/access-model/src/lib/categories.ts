/**
 * The data categories of a case (docs/access.md). A family's consent shares some of them with named people,
 * organisations or sectors; every endpoint that carries a case id declares which one it reads or acts on.
 */
export const SHAREABLE_CATEGORIES = [
  /** Names, identity codes and contact details of the children, the guardians and the family's own people. */
  'identity',
  /** The concern, its zone ratings and the raisings with the family. */
  'concern',
  /** The route chosen for the concern, and mandatory notifications. */
  'routing',
  /** Consents, invitations and the meeting times they lead to. */
  'consents',
  /** The joint meeting's record: attendance, the consent form, views, the Wellbeing Star, evaluation, report record. */
  'meeting-record',
  /** The joint plan and its revisions, and the responsible workers the family named. */
  'joint-plan',
  /** Follow-up: contacts, progress of actions, follow-up meetings, outcome, referrals, closure. */
  'follow-up',
] as const;

export type ShareableCategory = (typeof SHAREABLE_CATEGORIES)[number];

/** Not shareable by consent: who read, was given or was refused the case's data (the family's right to know). */
const PROCESSING_HISTORY = 'processing-history';

export type CaseDataCategory = ShareableCategory | typeof PROCESSING_HISTORY;

export const CASE_DATA_CATEGORIES: readonly CaseDataCategory[] = [...SHAREABLE_CATEGORIES, PROCESSING_HISTORY];

/** What an endpoint that returns the case across every shareable category declares (the auditor's history). */
export const WHOLE_CASE = 'whole-case';

/**
 * What an endpoint that shows the case as a person reads it declares (the workers' case overview): allowed to anyone
 * who may read some category of the case; the answer carries only the parts they may read.
 */
export const ANY_PART = 'any-part';

/** What an endpoint declares: one category, the whole case, or whichever parts the caller reads. */
export type DeclaredCategory = CaseDataCategory | typeof WHOLE_CASE | typeof ANY_PART;

/** How the family and the access log name each category. */
export const CATEGORY_LABELS: Record<CaseDataCategory, { fi: string; sv: string; en: string }> = {
  identity: { fi: 'henkilö- ja yhteystiedot', sv: 'person- och kontaktuppgifter', en: 'identity and contact data' },
  concern: { fi: 'huoli, vyöhykkeet ja puheeksiotot', sv: 'oro, zoner och samtal med familjen', en: 'the concern, its zones and raisings' },
  routing: { fi: 'ohjautuminen ja ilmoitukset', sv: 'vägval och anmälningar', en: 'routing and notifications' },
  consents: { fi: 'suostumukset ja kutsut', sv: 'samtycken och inbjudningar', en: 'consents and invitations' },
  'meeting-record': { fi: 'yhteisen ajan kirjaukset', sv: 'mötets anteckningar', en: 'meeting record' },
  'joint-plan': {
    fi: 'yhteinen suunnitelma ja vastuutyöntekijät',
    sv: 'gemensam plan och ansvariga arbetstagare',
    en: 'joint plan and responsible workers',
  },
  'follow-up': { fi: 'seuranta', sv: 'uppföljning', en: 'follow-up' },
  'processing-history': { fi: 'käsittelyhistoria', sv: 'behandlingshistorik', en: 'processing history' },
};

export function isShareableCategory(word: unknown): word is ShareableCategory {
  return SHAREABLE_CATEGORIES.some((category) => category === word);
}

/**
 * Words stored in consents before the vocabulary was closed (ConsentGranted/ConsentExtended v1, InvitationSent
 * v1), read as today's categories. "Everything" never opened everything: a consent names each category.
 */
const LEGACY_SHARE_WORDS: Record<string, ShareableCategory> = {
  concern: 'concern',
  'joint plan': 'joint-plan',
  plan: 'joint-plan',
  'joint-plan': 'joint-plan',
  identity: 'identity',
  'contact details': 'identity',
  routing: 'routing',
  consents: 'consents',
  'meeting record': 'meeting-record',
  'meeting-record': 'meeting-record',
  'follow-up': 'follow-up',
  'follow up': 'follow-up',
};

/** An older share list as categories; words that name no category are kept apart, so they open nothing. */
export function upcastShareWords(words: readonly string[]): { share: ShareableCategory[]; unrecognised: string[] } {
  const share = new Set<ShareableCategory>();
  const unrecognised: string[] = [];
  for (const word of words) {
    const category = LEGACY_SHARE_WORDS[word.trim().toLowerCase()];
    if (category) share.add(category);
    else unrecognised.push(word);
  }
  return { share: SHAREABLE_CATEGORIES.filter((c) => share.has(c)), unrecognised };
}
