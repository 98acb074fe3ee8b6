import type { ReferenceBook } from './reference-book';
import { normaliseName } from './reference-book';
import {
  tagged,
  type FeedbackForm,
  type Municipality,
  type Organiser,
  type ReferenceKind,
  type ReferenceValues,
  type Room,
  type TaggedValue,
  type WellbeingStarConfig,
} from './reference-kinds';

/** A field of an entry and why it is refused: what a 400 names. */
interface EntryProblem {
  field: string;
  reason: string;
}

/**
 * Characters no name may carry: control characters (a bell, a line break) and the bidirectional overrides that make
 * a name read differently from what it is (`A\u202eevil`). A report or a CSV shows names as they are.
 */
const UNPRINTABLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

function nameProblems(field: string, name: string): EntryProblem[] {
  if (UNPRINTABLE.test(name)) return [{ field, reason: 'must not contain control, zero-width or text-direction characters' }];
  if (name !== name.trim()) return [{ field, reason: 'must not begin or end with spaces' }];
  if (/^\d{3}$/.test(name)) return [{ field, reason: 'must not be three digits: that reads as a municipality code' }];
  return [];
}

function duplicateKeys(field: string, keys: string[]): EntryProblem[] {
  const seen = new Set<string>();
  const twice = keys.filter((key) => (seen.has(key) ? true : (seen.add(key), false)));
  return twice.length ? [{ field, reason: `keys must be unique; ${[...new Set(twice)].join(', ')} appear more than once` }] : [];
}

/** The names a person could write for an entry (and its key): what must tell it apart from the others. */
function namesOf(key: string, entry: TaggedValue): string[] {
  switch (entry.kind) {
    case 'municipalities':
      return [entry.value.fi, entry.value.sv, key];
    case 'organisers':
    case 'rooms':
      return [entry.value.name, key];
    default:
      return [key];
  }
}

/** Another entry in force, under another key, that a person could not tell from these names. */
function nameTaken<K extends ReferenceKind>(
  book: ReferenceBook,
  kind: K,
  key: string,
  names: string[],
  sameScope: (other: ReferenceValues[K]) => boolean = () => true,
): string | undefined {
  const wanted = new Set(names.map(normaliseName));
  return book
    .entries(kind)
    .filter((e) => e.key !== key && sameScope(e.value))
    .find((e) => namesOf(e.key, tagged(kind, e.value)).some((name) => wanted.has(normaliseName(name))))?.key;
}

/**
 * What an entry must be besides its shape (the DTOs check that): names a person can read and tell apart from the
 * other entries in force, a scale that runs upwards, labels with unique keys.
 */
export function entryProblems<K extends ReferenceKind>(
  kind: K,
  key: string,
  value: ReferenceValues[K],
  book: ReferenceBook,
): EntryProblem[] {
  const entry = tagged(kind, value);
  switch (entry.kind) {
    case 'municipalities': {
      const m: Municipality = entry.value;
      const problems = [...nameProblems('fi', m.fi), ...nameProblems('sv', m.sv)];
      const taken = nameTaken(book, 'municipalities', key, [m.fi, m.sv]);
      if (taken)
        problems.push({ field: 'fi', reason: `municipality ${taken} already has this name; names must tell municipalities apart` });
      return problems;
    }
    case 'organisers': {
      const organiser: Organiser = entry.value;
      const problems = nameProblems('name', organiser.name);
      const taken = nameTaken(book, 'organisers', key, [organiser.name]);
      if (taken)
        problems.push({
          field: 'name',
          reason: `organiser ${taken} already has this name (or this id); reports name organisers, so names must tell them apart`,
        });
      return problems;
    }
    case 'rooms': {
      const room: Room = entry.value;
      const problems = nameProblems('name', room.name);
      const taken = nameTaken(book, 'rooms', key, [room.name], (other) => other.organiser === room.organiser);
      if (taken) problems.push({ field: 'name', reason: `room ${taken} of the same organiser already has this name` });
      return problems;
    }
    case 'services':
      return [...nameProblems('fi', entry.value.fi), ...nameProblems('sv', entry.value.sv), ...nameProblems('en', entry.value.en)];
    case 'wellbeing-star': {
      const star: WellbeingStarConfig = entry.value;
      return [
        ...scaleProblems(star.scale),
        ...duplicateKeys(
          'areas',
          star.areas.map((a) => a.key),
        ),
        ...star.areas.flatMap((a, i) =>
          duplicateKeys(
            `areas.${i}.subItems`,
            (a.subItems ?? []).map((s) => s.key),
          ),
        ),
      ];
    }
    case 'feedback-forms': {
      const form: FeedbackForm = entry.value;
      return [
        ...scaleProblems(form.scale),
        ...duplicateKeys(
          'items',
          form.items.map((item) => item.key),
        ),
      ];
    }
  }
}

function scaleProblems(scale: { min: number; max: number }): EntryProblem[] {
  return scale.min < scale.max
    ? []
    : [
        {
          field: 'scale',
          reason: `min (${scale.min}) must be below max (${scale.max}): a version never changes, so a scale that cannot be answered could never be mended`,
        },
      ];
}

/** What still names an entry in force: it may not be retired under them (409), retire or move them first. */
export function dependantsOf(kind: ReferenceKind, key: string, book: ReferenceBook): string[] {
  if (kind === 'organisers')
    return book
      .entries('rooms')
      .filter((r) => r.value.organiser === key)
      .map((r) => `room ${r.key}`);
  if (kind === 'municipalities')
    return book
      .entries('organisers')
      .filter((o) => o.value.municipality === key)
      .map((o) => `organiser ${o.key}`);
  return [];
}

/**
 * Which organisers and rooms a coordinator keeps: those of the organisers they coordinate (the token's
 * `coordinates`, else their own organisation), by name. A coordinator of Kangasala's units cannot rename Kuopio's.
 */
export function coordinatorKeeps(
  coordinates: readonly string[],
  kind: ReferenceKind,
  value: ReferenceValues[ReferenceKind],
  book: ReferenceBook,
): boolean {
  const theirs = new Set(coordinates.map(normaliseName));
  const entry = tagged(kind, value);
  switch (entry.kind) {
    case 'organisers':
      return theirs.has(normaliseName(entry.value.name));
    case 'rooms': {
      const organiser = book.entry('organisers', entry.value.organiser)?.value;
      return organiser !== undefined && theirs.has(normaliseName(organiser.name));
    }
    default:
      return false;
  }
}
