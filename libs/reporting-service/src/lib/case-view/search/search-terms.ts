import { isRecord, namePartsOf, normaliseIdentityCode } from '@perheverkko/decider';

/**
 * What the case search compares (ADR 0018): the texts the index keeps keyed digests of, and the texts a query asks
 * for. Both sides are made here, from the same normal forms as intake's duplicate check (`namePartsOf`,
 * `normaliseIdentityCode`), so that a query finds what was indexed and nothing is compared in clear.
 *
 * - An identifier (a Finnish identity code, or a temporary `TEMP-…` one) is kept whole, trimmed and in upper case,
 *   and found only whole.
 * - A name is kept as its parts (diacritics folded, lower case), each by its prefixes of MIN_PREFIX letters or more
 *   (up to MAX_PREFIX): "virt" finds Virtanen, "vi" finds nothing (too short to ask).
 */

/** A name part is found from its first this many letters on; shorter query words are refused. */
export const MIN_PREFIX = 3;
/** Prefixes are kept up to this many letters; a longer query word is cut to it (and still matches as a prefix). */
const MAX_PREFIX = 40;
/** Longest query, in characters, and most words in one. */
const MAX_QUERY_LENGTH = 200;
const MAX_QUERY_WORDS = 8;

/** A word written like an identity code or a temporary identifier: it has a digit, or starts with TEMP-. */
const IDENTIFIER_LIKE = /\d|^TEMP-/i;
const IDENTITY_CODE_SHAPE = /^\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]$/;
const TEMPORARY_SHAPE = /^TEMP-[A-Z0-9-]{4,40}$/;

const identifierText = (identifier: string) => `identifier\n${normaliseIdentityCode(identifier)}`;
const namePrefixText = (prefix: string) => `name-prefix\n${prefix}`;

/** The prefixes of a name part kept in the index, MIN_PREFIX letters and longer (counted in characters, not code units). */
function prefixesOf(part: string): string[] {
  const letters = Array.from(part);
  const prefixes: string[] = [];
  for (let length = MIN_PREFIX; length <= Math.min(letters.length, MAX_PREFIX); length++) prefixes.push(letters.slice(0, length).join(''));
  return prefixes;
}

/**
 * The searchable texts of the people a registration names (its children and guardians, opened): each one's
 * identifier, and each prefix of each part of their names, once. Anything that is not a person (an erased value, a
 * shape not known) gives nothing.
 */
export function searchTextsOf(people: readonly unknown[]): string[] {
  const texts = new Set<string>();
  for (const person of people) {
    if (!isRecord(person)) continue;
    const { identifier, name } = person;
    if (typeof identifier === 'string' && identifier.trim()) texts.add(identifierText(identifier));
    if (typeof name === 'string')
      for (const part of namePartsOf(name)) for (const prefix of prefixesOf(part)) texts.add(namePrefixText(prefix));
  }
  return [...texts];
}

/** A query the search refuses: an HTTP 400 naming the query parameter `field` (`q`) and the reason. */
export class CaseSearchQueryRefused extends Error {
  readonly field = 'q';

  constructor(readonly reason: string) {
    super(`the search query is refused: ${reason}`);
    this.name = 'CaseSearchQueryRefused';
  }
}

/** What one query word asks for: every text must be found in a case (a hyphenated name gives one per part). */
function textsOfWord(word: string, position: number): string[] {
  // The word itself is never repeated in a refusal: it may be a name or an identity code, and answers get logged.
  const which = `word ${position}`;
  if (IDENTIFIER_LIKE.test(word)) {
    const code = normaliseIdentityCode(word);
    if (!IDENTITY_CODE_SHAPE.test(code) && !TEMPORARY_SHAPE.test(code))
      throw new CaseSearchQueryRefused(
        `${which} is neither a name nor a whole identity code (DDMMYYCZZZQ) or temporary identifier (TEMP-…); identifiers are found only whole`,
      );
    return [identifierText(code)];
  }
  const parts = namePartsOf(word);
  // A part of fewer letters inside a longer word ("O'Brien": "o") is left out; a word of such parts only is refused.
  const searched = parts.filter((part) => Array.from(part).length >= MIN_PREFIX);
  if (parts.length > 0 && searched.length === 0)
    throw new CaseSearchQueryRefused(`${which} is too short: a name is searched by its first ${MIN_PREFIX} letters or more`);
  return searched.map((part) => namePrefixText(Array.from(part).slice(0, MAX_PREFIX).join('')));
}

/**
 * The texts a query asks for, each of which a case must match: per word, an identifier whole or a name prefix.
 * Throws CaseSearchQueryRefused when the query cannot be asked (empty, too long, a word too short, a broken code).
 */
export function searchTextsOfQuery(query: string): string[] {
  if (query.length > MAX_QUERY_LENGTH) throw new CaseSearchQueryRefused(`at most ${MAX_QUERY_LENGTH} characters`);
  const words = query.split(/[\s,;]+/).filter(Boolean);
  if (words.length > MAX_QUERY_WORDS) throw new CaseSearchQueryRefused(`at most ${MAX_QUERY_WORDS} words`);
  const texts = new Set(words.flatMap((word, i) => textsOfWord(word, i + 1)));
  if (texts.size === 0)
    throw new CaseSearchQueryRefused(`name someone: at least ${MIN_PREFIX} letters of a name, or a whole identity code`);
  return [...texts];
}

/** Why a query would be refused (the reason for a 400 on `q`), or undefined when it can be asked. */
export function caseSearchQueryProblem(query: string): string | undefined {
  try {
    searchTextsOfQuery(query);
    return undefined;
  } catch (error) {
    if (error instanceof CaseSearchQueryRefused) return error.reason;
    throw error;
  }
}
