/** Every problem type the services answer is a URN under this prefix (docs/problems.md, libs/http problem.ts). */
export const PROBLEM_TYPE_PREFIX = 'urn:perheverkko:problem:';

/** A problem's stable name: its type's last part (`invalid-fields`, `consent-withdrawn`), or the rule it names. */
export function problemSlug(problem: { type?: string; rule?: string }): string | undefined {
  if (problem.type?.startsWith(PROBLEM_TYPE_PREFIX)) return problem.type.slice(PROBLEM_TYPE_PREFIX.length);
  return problem.rule;
}

/** A field's reason as a code the console translates, and the values it names; undefined for a reason of its own. */
export interface ViolationCode {
  code: string;
  values: Record<string, string>;
}

/**
 * The reasons with stable words: class-validator's own messages (`<property> must be a string`; the property is the
 * field's last name, which the console does not repeat) and the identity code's (intake's `identityCodeProblem`).
 * Anything else is a reason the API words for the case, shown as the API wrote it.
 */
const PATTERNS: Array<[RegExp, string, string[]]> = [
  [/the check character should be (\S+), not (\S+?);/, 'identityCodeCheck', ['expected', 'given']],
  [/must look like DDMMYYCZZZQ/, 'identityCodeShape', []],
  [/identifier (\d{2}\.\d{2}\.\d{4}) is not a date/, 'identityCodeDate', ['date']],
  [/the individual number 000–001 is never issued/, 'identityCodeIndividual', []],
  [/a temporary identifier is TEMP- followed by/, 'temporaryIdentifier', []],
  [/^\S+ should not be (null or undefined|empty)$/, 'required', []],
  [/^\S+ must be longer than or equal to 1 characters?$/, 'notEmpty', []],
  [/^\S+ must be longer than or equal to (\d+) characters?$/, 'tooShort', ['min']],
  [/^\S+ must be shorter than or equal to (\d+) characters?$/, 'tooLong', ['max']],
  [/^\S+ must be one of the following values: /, 'oneOf', []],
  [/^\S+ must be a string$/, 'string', []],
  [/^\S+ must be an integer number$/, 'integer', []],
  [/^\S+ must not be less than (-?[\d.]+)$/, 'atLeast', ['min']],
  [/^\S+ must not be greater than (-?[\d.]+)$/, 'atMost', ['max']],
  [/^\S+ must be a boolean value$/, 'boolean', []],
  [/^\S+ must be an array$/, 'list', []],
  [/^\S+ must contain at least (\d+) elements?$/, 'fewItems', ['min']],
  [/^\S+ must contain no more than (\d+) elements?$/, 'manyItems', ['max']],
  [/^\S+ must be a valid ISO 8601 date string$/, 'dateTime', []],
  [/^\S+ must be a UUID$/, 'uuid', []],
  [/^\S+ must match .* regular expression$/, 'format', []],
  [/^property \S+ should not exist$/, 'unknownField', []],
  [/^required for (auditors|a search)$/, 'purposeRequired', []],
  // The report's period (reporting-domain report-period.ts)
  [/^a date \(YYYY-MM-DD\), a month \(YYYY-MM\) or a year in Finnish time/, 'periodFormat', []],
  [/^analysts ask for whole months/, 'wholeMonths', []],
  [/^must be after from$/, 'afterFrom', []],
];

export function violationCode(reason: string): ViolationCode | undefined {
  for (const [pattern, code, names] of PATTERNS) {
    const match = pattern.exec(reason);
    if (match) return { code, values: Object.fromEntries(names.map((name, i) => [name, match[i + 1]])) };
  }
  return undefined;
}
