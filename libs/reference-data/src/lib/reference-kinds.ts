/**
 * The kinds of reference data (ARCHITECTURE.md: "data with an API and events, not constants in code"), each a
 * catalogue of entries under a key. Shipped entries (the baseline, `catalogues/*.json`) are version 0 of their
 * catalogue; administrators and coordinators record and retire entries through intake's API, as events.
 */
export const REFERENCE_KINDS = ['municipalities', 'organisers', 'rooms', 'services', 'wellbeing-star', 'feedback-forms'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** A kind of reference data, as a path or a query names it. */
export function isReferenceKind(kind: string): kind is ReferenceKind {
  return REFERENCE_KINDS.some((known) => known === kind);
}

/**
 * Kinds whose entries are versions that records carry (a rating names its Wellbeing Star version, an answer its
 * form): an entry once recorded never changes, so every stored rating and answer keeps the meaning it had. A
 * change is a new version under a new key.
 */
export const VERSIONED_KINDS: readonly ReferenceKind[] = ['wellbeing-star', 'feedback-forms'];

/** Who may record entries of a kind: the county's own units and rooms also their coordinators; the rest administrators. */
export const ADMINISTERED_BY: Record<ReferenceKind, readonly ('administrator' | 'coordinator')[]> = {
  municipalities: ['administrator'],
  organisers: ['administrator', 'coordinator'],
  rooms: ['administrator', 'coordinator'],
  services: ['administrator'],
  'wellbeing-star': ['administrator'],
  'feedback-forms': ['administrator'],
};

/** An area that organises the services: a wellbeing services county, the City of Helsinki, or Åland. */
export interface ServiceArea {
  code: string;
  fi: string;
  sv: string;
  en: string;
  kind: 'wellbeing-services-county' | 'city' | 'autonomous-region';
}

/** A municipality of the classification: its code (three digits), names, and the area that organises its services. */
export interface Municipality {
  code: string;
  fi: string;
  sv: string;
  /** The `ServiceArea` code. */
  area: string;
}

/** A unit that convenes joint meetings (a child-health clinic, a family centre). */
export interface Organiser {
  id: string;
  name: string;
  /** The municipality code it serves. */
  municipality: string;
}

/** A meeting room, kept by an organiser. */
export interface Room {
  id: string;
  name: string;
  /** The organiser's id. */
  organiser: string;
  capacity?: number;
}

/** A service a family can be referred to; `organisation` and `sector` are how a consent names it. */
export interface ServiceEntry {
  id: string;
  fi: string;
  sv: string;
  en: string;
  requiresConsent: boolean;
  organisation: string;
  sector: string;
}

export interface Label {
  key: string;
  fi: string;
  sv: string;
  en: string;
}

/** The Wellbeing Star (THL working paper 26/2017) as configuration: areas, sub-items and scale, under a version. */
export interface WellbeingStarConfig {
  version: string;
  scale: { min: number; max: number };
  areas: Array<Label & { subItems?: Label[] }>;
}

/** The family's feedback form: items and scale, under a version. */
export interface FeedbackForm {
  version: string;
  scale: { min: number; max: number };
  items: Label[];
}

export interface ReferenceValues {
  municipalities: Municipality;
  organisers: Organiser;
  rooms: Room;
  services: ServiceEntry;
  'wellbeing-star': WellbeingStarConfig;
  'feedback-forms': FeedbackForm;
}

/** An entry's value with its kind, so that a switch on the kind narrows the value (no casts). */
export type TaggedValue = { [K in ReferenceKind]: { kind: K; value: ReferenceValues[K] } }[ReferenceKind];

/** One kind's value as a tagged value: the one place a value is taken to be of its kind (TypeScript cannot correlate the two). */
export const tagged = <K extends ReferenceKind>(kind: K, value: ReferenceValues[K]): TaggedValue => ({ kind, value }) as TaggedValue;

/** The key an entry is kept under: a municipality's code, a version's name, an organiser's, room's or service's id. */
export function keyOf<K extends ReferenceKind>(kind: K, value: ReferenceValues[K]): string {
  const entry = tagged(kind, value);
  switch (entry.kind) {
    case 'municipalities':
      return entry.value.code;
    case 'wellbeing-star':
    case 'feedback-forms':
      return entry.value.version;
    default:
      return entry.value.id;
  }
}

/** The two facts about reference data (intake's `ReferenceData-<kind>` streams, published on intake's topic). */
export interface ReferenceEntryRecorded {
  kind: ReferenceKind;
  key: string;
  value: ReferenceValues[ReferenceKind];
  recordedBy: string;
  recordedAt: string;
}

export interface ReferenceEntryRetired {
  kind: ReferenceKind;
  key: string;
  reason: string;
  retiredBy: string;
  retiredAt: string;
}

export type ReferenceFact =
  { type: 'ReferenceEntryRecorded'; data: ReferenceEntryRecorded } | { type: 'ReferenceEntryRetired'; data: ReferenceEntryRetired };
export const REFERENCE_EVENT_TYPES = ['ReferenceEntryRecorded', 'ReferenceEntryRetired'] as const;

/**
 * A stored or published reference event as the fact it records. The one place such an event is taken to be a fact:
 * only intake's reference decider writes these two events (its streams and its topic hold them as it wrote them), and
 * their contract knows an entry's value only as an object.
 */
export const referenceFactOf = (event: { type: string; data: unknown }): ReferenceFact =>
  ({ type: event.type, data: event.data }) as ReferenceFact;
/** The key integration events about reference data carry in place of a case id: they belong to no case. */
export const REFERENCE_DATA_KEY = 'reference-data';
