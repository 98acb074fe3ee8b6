/**
 * Finnish personal identity code (henkilötunnus): DDMMYY, a century sign, a three-digit individual number and a
 * check character. Since 2023 each century has several signs (+ for the 1800s; - Y X W V U for the 1900s;
 * A B C D E F for the 2000s).
 */
const CENTURY: Record<string, number> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};
const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const SHAPE = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-FHJ-NPR-Y])$/;

/** Why a code is not valid, or undefined when it is. */
export function identityCodeProblem(code: string): string | undefined {
  const match = SHAPE.exec(code);
  if (!match) return 'must look like DDMMYYCZZZQ (e.g. 131052-308T): birth date, century sign, individual number, check character';
  const [, dd, mm, yy, sign, individual, check] = match;
  const year = CENTURY[sign] + Number(yy);
  const birth = new Date(Date.UTC(year, Number(mm) - 1, Number(dd)));
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== Number(mm) - 1 || birth.getUTCDate() !== Number(dd)) {
    return `${dd}.${mm}.${year} is not a date`;
  }
  if (Number(individual) < 2) return 'the individual number 000–001 is never issued';
  const expected = CHECK_CHARACTERS[Number(`${dd}${mm}${yy}${individual}`) % 31];
  if (check !== expected) return `the check character should be ${expected}, not ${check}`;
  return undefined;
}

/** The birth date a valid identity code encodes (YYYY-MM-DD), or undefined for anything else. */
export function birthDateOfIdentityCode(code: string): string | undefined {
  if (identityCodeProblem(code) !== undefined) return undefined;
  const [, dd, mm, yy, sign] = SHAPE.exec(code) as RegExpExecArray;
  return `${CENTURY[sign] + Number(yy)}-${mm}-${dd}`;
}

/** A child or guardian without a known identity code gets a temporary identifier from the worker's system. */
export const TEMPORARY_ID = /^TEMP-[A-Za-z0-9-]{4,40}$/;
