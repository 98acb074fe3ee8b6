import { distance } from 'fastest-levenshtein';
import municipalitiesFile from './catalogues/municipalities.json';
import servicesFile from './catalogues/services.json';
import starFile from './catalogues/wellbeing-star.json';
import formsFile from './catalogues/feedback-forms.json';
import organisersFile from './catalogues/demo-organisers.json';
import roomsFile from './catalogues/demo-rooms.json';
import {
  REFERENCE_KINDS,
  keyOf,
  tagged,
  type FeedbackForm,
  type Municipality,
  type Organiser,
  type ReferenceFact,
  type ReferenceKind,
  type ReferenceValues,
  type Room,
  type ServiceArea,
  type ServiceEntry,
  type WellbeingStarConfig,
} from './reference-kinds';

/** One entry as a catalogue holds it: shipped (`recordedAt` absent) or recorded, and whether it is retired. */
interface ReferenceEntry<K extends ReferenceKind = ReferenceKind> {
  kind: K;
  key: string;
  value: ReferenceValues[K];
  retired: boolean;
  recordedAt?: string;
  recordedBy?: string;
  retiredReason?: string;
}

/**
 * Which shipped entries a process starts from: `national` — the classification of municipalities, the service
 * catalogue, the Wellbeing Star and the feedback form; `demo` adds the demo county's organisers and rooms (the
 * default, like the demo staff directory).
 */
type ReferenceBaseline = 'national' | 'demo';

/** What reports show for a value the reference data does not know (free text stored before it existed). */
export const UNKNOWN = 'unknown';

/** Classification (`kunta-2025`) and where it comes from: shown with the municipalities. */
export const MUNICIPALITY_CLASSIFICATION = {
  classification: municipalitiesFile.classification,
  source: municipalitiesFile.source,
} as const;

const AREA_KINDS = ['wellbeing-services-county', 'city', 'autonomous-region'] as const satisfies ReadonlyArray<ServiceArea['kind']>;

/** An area's kind as the catalogue gives it (JSON knows it only as a string): one the type knows, or the catalogue is wrong. */
function areaKind(kind: string): ServiceArea['kind'] {
  const known = AREA_KINDS.find((k) => k === kind);
  if (!known) throw new Error(`municipalities.json: unknown area kind ${kind}; the kinds are ${AREA_KINDS.join(', ')}`);
  return known;
}

const SERVICE_AREAS: ServiceArea[] = municipalitiesFile.areas.map((area) => ({ ...area, kind: areaKind(area.kind) }));

/** Case, surrounding and repeated spaces, and how a letter is composed (ä or a + ¨) do not tell two names apart. */
export const normaliseName = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fi');
const normalise = normaliseName;
/** For near misses only: a name typed without its dots (Hameenlinna) is close to its spelling. */
const fold = (text: string) =>
  normalise(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');

/**
 * The reference data a process knows: the shipped baseline with every recorded change applied in order. Pure and
 * in memory (a few hundred entries); each process keeps it current from intake's published events.
 */
export class ReferenceBook {
  /** Each kind's catalogue, typed by its kind. */
  private readonly catalogues: { [K in ReferenceKind]: Map<string, ReferenceEntry<K>> } = {
    municipalities: new Map(),
    organisers: new Map(),
    rooms: new Map(),
    services: new Map(),
    'wellbeing-star': new Map(),
    'feedback-forms': new Map(),
  };
  private readonly versions = new Map<ReferenceKind, number>();

  private constructor() {
    for (const kind of REFERENCE_KINDS) this.versions.set(kind, 0);
  }

  static baseline(baseline: ReferenceBaseline = 'demo'): ReferenceBook {
    const book = new ReferenceBook();
    book.ship('municipalities', municipalitiesFile.municipalities);
    // Merged away before the classification: retired, so records made when they existed still find their area.
    for (const { mergedInto, from, ...merged } of municipalitiesFile.mergedAway) {
      const successor = book.active('municipalities', mergedInto)?.fi ?? mergedInto;
      book.catalogue('municipalities').set(merged.code, {
        kind: 'municipalities',
        key: merged.code,
        value: merged,
        retired: true,
        retiredReason: `merged into ${successor} (${mergedInto}) on ${from}`,
      });
    }
    book.ship('services', servicesFile.entries);
    book.ship('wellbeing-star', starFile.entries);
    book.ship('feedback-forms', formsFile.entries);
    if (baseline === 'demo') {
      book.ship('organisers', organisersFile.entries);
      book.ship('rooms', roomsFile.entries);
    }
    return book;
  }

  private ship<K extends ReferenceKind>(kind: K, values: ReferenceValues[K][]): void {
    for (const value of values) this.catalogue(kind).set(keyOf(kind, value), { kind, key: keyOf(kind, value), value, retired: false });
  }

  private catalogue<K extends ReferenceKind>(kind: K): Map<string, ReferenceEntry<K>> {
    return this.catalogues[kind];
  }

  /** Applies one recorded fact; facts of a kind arrive in the order they were recorded (one stream, one partition). */
  apply(fact: ReferenceFact): void {
    const { kind, key } = fact.data;
    const catalogue = this.catalogue(kind);
    if (fact.type === 'ReferenceEntryRecorded') {
      catalogue.set(key, {
        kind,
        key,
        value: fact.data.value,
        retired: false,
        recordedAt: fact.data.recordedAt,
        recordedBy: fact.data.recordedBy,
      });
    } else {
      const entry = catalogue.get(key);
      if (entry) catalogue.set(key, { ...entry, retired: true, retiredReason: fact.data.reason });
    }
    this.versions.set(kind, (this.versions.get(kind) ?? 0) + 1);
  }

  /** The catalogue's version: how many changes were recorded to it (0: as shipped). */
  version(kind: ReferenceKind): number {
    return this.versions.get(kind) ?? 0;
  }

  entries<K extends ReferenceKind>(kind: K, options: { includeRetired?: boolean } = {}): ReferenceEntry<K>[] {
    return [...this.catalogue(kind).values()]
      .filter((e) => options.includeRetired || !e.retired)
      .sort((a, b) => a.key.localeCompare(b.key, 'fi'));
  }

  entry<K extends ReferenceKind>(kind: K, key: string): ReferenceEntry<K> | undefined {
    return this.catalogue(kind).get(key);
  }

  /** The value in force under a key (retired entries are not offered for new records). */
  active<K extends ReferenceKind>(kind: K, key: string): ReferenceValues[K] | undefined {
    const entry = this.entry(kind, key);
    return entry && !entry.retired ? entry.value : undefined;
  }

  areas(): ServiceArea[] {
    return SERVICE_AREAS;
  }

  /**
   * A municipality by its code or its Finnish or Swedish name (case and spaces ignored). Retired ones (merged away)
   * only with `includeRetired`: old records still find their county, new ones must name a municipality that exists.
   */
  municipality(nameOrCode: string | null | undefined, options: { includeRetired?: boolean } = {}): Municipality | undefined {
    if (!nameOrCode) return undefined;
    const wanted = normalise(nameOrCode);
    return this.entries('municipalities', options).find(
      (e) => e.key === wanted || normalise(e.value.fi) === wanted || normalise(e.value.sv) === wanted,
    )?.value;
  }

  /** Why a municipality no longer takes new records (merged into another, say), when the name is one that was retired. */
  retiredMunicipality(nameOrCode: string): string | undefined {
    const found = this.municipality(nameOrCode, { includeRetired: true });
    const entry = found ? this.entry('municipalities', found.code) : undefined;
    return entry?.retired ? `${entry.value.fi} is retired: ${entry.retiredReason ?? 'no longer in force'}` : undefined;
  }

  /** Why a written municipality is refused for a new record: retired (and why), or unknown with the nearest names. */
  municipalityRefusal(written: string): string {
    const near = this.closeMatches('municipalities', written);
    return (
      this.retiredMunicipality(written) ??
      `${written.trim()} is not a municipality of Finland (GET /reference-data/municipalities)${near.length ? `; did you mean ${near.join(', ')}?` : ''}`
    );
  }

  /** The area (wellbeing services county, Helsinki or Åland) that organises a municipality's services; `unknown` if not known. */
  countyOf(municipality: string | null | undefined): string {
    const found = this.municipality(municipality, { includeRetired: true });
    return SERVICE_AREAS.find((a) => a.code === found?.area)?.fi ?? UNKNOWN;
  }

  /** An organiser by its id or its name (case and spaces ignored); retired ones only with `includeRetired`. */
  organiser(idOrName: string | null | undefined, options: { includeRetired?: boolean } = {}): Organiser | undefined {
    if (!idOrName) return undefined;
    const wanted = normalise(idOrName);
    return this.entries('organisers', options).find((e) => e.key === idOrName || normalise(e.value.name) === wanted)?.value;
  }

  /** The name reports show for an organiser as a record wrote it: the catalogue's name, or `unknown`. */
  organiserName(written: string | null | undefined): string {
    return this.organiser(written, { includeRetired: true })?.name ?? UNKNOWN;
  }

  room(id: string): Room | undefined {
    return this.active('rooms', id);
  }

  service(id: string): ServiceEntry | undefined {
    return this.active('services', id);
  }

  /** A Wellbeing Star version, retired or not: a rating made under it stays readable and comparable. */
  starConfig(version: string): WellbeingStarConfig | undefined {
    return this.entry('wellbeing-star', version)?.value;
  }

  feedbackForm(version: string): FeedbackForm | undefined {
    return this.entry('feedback-forms', version)?.value;
  }

  /**
   * Up to `max` entries in force whose names are nearest to what was written (edit distance, dots and case
   * ignored, a shared beginning counts as near): what a 400 offers in place of an unknown value.
   */
  closeMatches(kind: ReferenceKind, written: string, max = 3): string[] {
    const wanted = fold(written);
    if (!wanted) return [];
    const scored = this.entries(kind).flatMap((entry) =>
      namesOf(entry).map((name) => {
        const candidate = fold(name);
        const prefix = candidate.startsWith(wanted) || wanted.startsWith(candidate);
        return { name: namesOf(entry)[0], score: prefix ? Math.min(1, distance(wanted, candidate)) : distance(wanted, candidate) };
      }),
    );
    const tolerance = Math.max(2, Math.floor(wanted.length / 3));
    const best = new Map<string, number>();
    for (const { name, score } of scored) if (score <= tolerance && score < (best.get(name) ?? Infinity)) best.set(name, score);
    return [...best.entries()]
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0], 'fi'))
      .slice(0, max)
      .map(([name]) => name);
  }
}

/** The names a person would write for an entry, its display name first. */
function namesOf(entry: ReferenceEntry): string[] {
  const named = tagged(entry.kind, entry.value);
  switch (named.kind) {
    case 'municipalities':
      return [named.value.fi, named.value.sv];
    case 'organisers':
    case 'rooms':
      return [named.value.name, entry.key];
    case 'services':
      return [entry.key, named.value.fi, named.value.en];
    default:
      return [entry.key];
  }
}
