import { namePartsOf, normaliseIdentityCode } from '@perheverkko/decider';
import { birthDateOfIdentityCode, TEMPORARY_ID } from './identity-code';

/**
 * Which child of an open case a new registration may be about, decided on what can be compared without reading
 * the sealed registrations: intake keeps only keyed digests (HMAC) of the texts made here (ADR 0012).
 *
 * - Two identity codes are compared with each other only: different codes are different children, whatever their
 *   names and birth dates.
 * - A temporary identifier (TEMP-…) says nothing about the child, so such a child is compared on normalised name and
 *   birth date, with every registered child: a child registered earlier under a temporary identifier and now
 *   under the identity code (or the other way round) is found, as the code carries the birth date.
 */
export type MatchKind = 'identity-code' | 'name-and-birth-date';

/** One comparable text of a child, as intake keeps its digest. */
interface MatchText {
  kind: MatchKind;
  text: string;
  /** A name-and-birth-date text made from a child registered with an identity code. */
  fromIdentityCode: boolean;
}

/** What a registering child is compared with: a text, and whether texts made from identity codes count. */
interface MatchQuery extends MatchText {
  matchesTextsFromIdentityCodes: boolean;
}

export interface ChildToMatch {
  name: string;
  identifier: string;
  /** YYYY-MM-DD; needed to compare a child with a temporary identifier. */
  birthDate?: string;
}

/**
 * A name as it is compared: its parts (`namePartsOf`: letters and digits without diacritics, in lower case) in
 * alphabetical order (registers write "Esimerkki Aada" as often as "Aada Esimerkki"), so that case, extra spaces,
 * hyphens and apostrophes do not hide the same child. Every given name must still be there: "Aada Maria" is not "Aada".
 */
export function normaliseName(name: string): string {
  return namePartsOf(name).sort().join(' ');
}

/** An identity code as it is compared (shared with reporting's case search). */
export { normaliseIdentityCode };

const isTemporary = (identifier: string) => TEMPORARY_ID.test(identifier.trim());

function nameAndBirthDate(name: string, birthDate: string | undefined, fromIdentityCode: boolean): MatchText[] {
  const normalised = normaliseName(name);
  if (!normalised || !birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return [];
  return [{ kind: 'name-and-birth-date', text: `name-and-birth-date\n${normalised}\n${birthDate}`, fromIdentityCode }];
}

/** The texts kept (as digests) for a registered child. */
export function matchTextsOf(child: ChildToMatch): MatchText[] {
  if (isTemporary(child.identifier)) return nameAndBirthDate(child.name, child.birthDate, false);
  const code = normaliseIdentityCode(child.identifier);
  const birthDate = birthDateOfIdentityCode(code);
  if (!birthDate) return [];
  return [
    { kind: 'identity-code', text: `identity-code\n${code}`, fromIdentityCode: true },
    ...nameAndBirthDate(child.name, birthDate, true),
  ];
}

/** What a registering child is compared with; empty when it cannot be (a temporary identifier without a birth date). */
export function matchQueriesOf(child: ChildToMatch): MatchQuery[] {
  const texts = matchTextsOf(child);
  const temporary = isTemporary(child.identifier);
  return texts.map((text) => ({ ...text, matchesTextsFromIdentityCodes: text.kind === 'identity-code' || temporary }));
}

/** Whether a registering child matches one kept text, and how (the same rule intake's query applies to digests). */
function queryMatches(query: MatchQuery, kept: MatchText): boolean {
  return query.kind === kept.kind && query.text === kept.text && (query.matchesTextsFromIdentityCodes || !kept.fromIdentityCode);
}

/** How a registering child matches a registered one, if it does: the rule stated in full, for people and tests. */
export function sameChild(registered: ChildToMatch, registering: ChildToMatch): MatchKind | undefined {
  const kept = matchTextsOf(registered);
  for (const query of matchQueriesOf(registering)) {
    if (kept.some((text) => queryMatches(query, text))) return query.kind;
  }
  return undefined;
}
