/**
 * People's names and identifiers as they are compared: intake's duplicate check (ADR 0012) and reporting's case
 * search (ADR 0018) keep only keyed digests of these forms, so both sides of a comparison must make them alike.
 */

/**
 * The parts of a name: letters and digits without diacritics (NFKD without combining marks: ä → a, é → e), in
 * lower case, split at every run of other characters (spaces, hyphens, apostrophes), in the order written.
 */
export function namePartsOf(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** An identity code as it is compared: trimmed, in upper case (the century sign is kept: 010594-9032 and 010594Y9032 are two people). */
export function normaliseIdentityCode(code: string): string {
  return code.trim().toUpperCase();
}
